import type { Editor, TLPageId } from 'tldraw'
import type { BoardDefinition } from '@sfs/shared'
import { boardDefinition } from '@sfs/boards'

/** The definition of the board on a page, if it is a catalogue board. */
export function boardOnPage(editor: Editor, pageId: TLPageId): BoardDefinition | null {
  const kind = (editor.getPage(pageId)?.meta as { boardKind?: unknown } | undefined)?.boardKind
  return typeof kind === 'string' ? (boardDefinition(kind) ?? null) : null
}

/** The definition of the board on the editor's current page, if it is a catalogue board. */
export function currentBoard(editor: Editor): BoardDefinition | null {
  return boardOnPage(editor, editor.getCurrentPageId())
}

/** A free spot near the middle of what the user is looking at, nudged for each new item. */
export function spotInView(editor: Editor, nudge: number): { x: number; y: number } {
  const view = editor.getViewportPageBounds()
  const step = (nudge % 5) * 30
  return { x: view.midX - 100 + step, y: view.midY - 100 + step }
}
