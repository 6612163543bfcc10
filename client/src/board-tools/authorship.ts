import type { Editor } from 'tldraw'
import type { JsonRecord } from '@sfs/shared'
import { isWriting } from '@sfs/boards'
import { currentBoard } from './current-board.ts'

/**
 * Stamps each shape this person makes with their id as its owner, so that only they (and the
 * facilitator) may change or delete it, and each note, text, mind-map node and drawing (a
 * signature is one) with the time and, unless the board is anonymous, their name, so reports
 * can say who wrote or signed what, and when. A guest without a personal token (`ownerId`
 * null) makes shapes that are anyone's.
 */
/** Notes, texts, mind-map nodes and drawings are what people write: they carry who and when. */
function carriesWriter(shape: JsonRecord): boolean {
  return isWriting(shape) || typeof (shape.meta as { node?: unknown } | undefined)?.node === 'string' || shape.type === 'draw'
}

export function stampWriting(editor: Editor, authorName: string, ownerId: string | null): () => void {
  // tldraw records who last edited a note's text; on an anonymous board nobody is recorded.
  const forget = <T extends { props: object }>(shape: T): T =>
    currentBoard(editor)?.anonymous === true && (shape.props as { textLastEditedBy?: unknown }).textLastEditedBy
      ? { ...shape, props: { ...shape.props, textLastEditedBy: null } }
      : shape
  const stopChanges = editor.sideEffects.registerBeforeChangeHandler('shape', (_before, after, source) => (source === 'user' ? forget(after) : after))
  const stopCreates = editor.sideEffects.registerBeforeCreateHandler('shape', (created, source) => {
    const shape = source === 'user' ? forget(created) : created
    const meta = shape.meta as Record<string, unknown>
    if (source !== 'user' || meta.template) return shape
    const owned = ownerId === null ? {} : { owner: ownerId }
    if (!carriesWriter(shape as unknown as JsonRecord)) return { ...shape, meta: { ...meta, ...owned } }
    const { author: _previous, ...rest } = meta
    const anonymous = currentBoard(editor)?.anonymous === true
    return { ...shape, meta: { ...rest, ...owned, createdAt: new Date().toISOString(), ...(anonymous ? {} : { author: authorName }) } }
  })
  return () => {
    stopChanges()
    stopCreates()
  }
}
