import { react, type Editor, type TLPageId } from 'tldraw'

/**
 * A reload opens the board this tab was on, not the first one: the open board is per device
 * and never stored in the workshop, so the tab keeps it for itself.
 */
export function rememberOpenBoard(editor: Editor, workshopId: string): () => void {
  const key = `sfs.openBoard.${workshopId}`
  const saved = sessionStorage.getItem(key) as TLPageId | null
  if (saved && saved !== editor.getCurrentPageId() && editor.getPage(saved)) editor.setCurrentPage(saved)
  return react('sfs.rememberOpenBoard', () => {
    sessionStorage.setItem(key, editor.getCurrentPageId())
  })
}
