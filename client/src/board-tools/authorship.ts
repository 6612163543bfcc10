import type { Editor } from 'tldraw'
import { currentBoard } from './current-board.ts'

const WRITING = new Set(['note', 'text'])

/**
 * Stamps each note and text this person creates with the time, and with their name unless
 * the board is anonymous, so reports and spreadsheets can say who wrote what and when.
 */
export function stampWriting(editor: Editor, authorName: string): () => void {
  // tldraw records who last edited a note's text; on an anonymous board nobody is recorded.
  const forget = <T extends { props: object }>(shape: T): T =>
    currentBoard(editor)?.anonymous === true && (shape.props as { textLastEditedBy?: unknown }).textLastEditedBy
      ? { ...shape, props: { ...shape.props, textLastEditedBy: null } }
      : shape
  const stopChanges = editor.sideEffects.registerBeforeChangeHandler('shape', (_before, after, source) => (source === 'user' ? forget(after) : after))
  const stopCreates = editor.sideEffects.registerBeforeCreateHandler('shape', (created, source) => {
    const shape = source === 'user' ? forget(created) : created
    if (source !== 'user' || !WRITING.has(shape.type) || (shape.meta as { template?: unknown }).template) return shape
    const { author: _previous, ...meta } = shape.meta as Record<string, unknown>
    const anonymous = currentBoard(editor)?.anonymous === true
    return { ...shape, meta: { ...meta, createdAt: new Date().toISOString(), ...(anonymous ? {} : { author: authorName }) } }
  })
  return () => {
    stopChanges()
    stopCreates()
  }
}
