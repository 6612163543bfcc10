import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { useTexts } from './i18n.ts'
import { fileSafeName as fileSafe } from '@sfs/shared'
import { filenameFrom, saveBlob } from './download.ts'
import { boardPicture } from './board-picture.ts'

type ServerFormat = { format: 'docx' | 'md' | 'csv' | 'json'; separator?: 'semicolon' }

/** The facilitator's downloads: reports and data from the server, pictures of the board from here. */
export function ExportMenu({ editor, workshopId, workshopKey, title }: { editor: Editor; workshopId: string; workshopKey: string; title: string }) {
  const t = useTexts()
  const [error, setError] = useState(false)
  const [onlyThisBoard, setOnlyThisBoard] = useState(false)
  const boardName = useValue('sfs.exportBoard', () => editor.getCurrentPage().name, [editor])

  async function fromServer({ format, separator }: ServerFormat) {
    const query = new URLSearchParams({ format, ...(separator ? { separator } : {}), ...(onlyThisBoard ? { board: editor.getCurrentPageId() } : {}) })
    // The key goes in a header, not the URL: it stays out of logs and browser history.
    const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export?${query}`, { headers: { Authorization: `Bearer ${workshopKey}` } })
    if (!response.ok) throw new Error(`export failed: ${response.status}`)
    saveBlob(await response.blob(), filenameFrom(response.headers.get('Content-Disposition'), `${fileSafe(title)}.${format}`))
  }

  async function picture(format: 'png' | 'svg') {
    const name = `${fileSafe(title)}-${new Date().toISOString().slice(0, 10)}-${fileSafe(editor.getCurrentPage().name)}.${format}`
    const blob = await boardPicture(editor, format)
    if (!blob) throw new Error('the board could not be drawn')
    saveBlob(blob, name)
  }

  const run = (action: () => Promise<void>) => (event: React.MouseEvent) => {
    event.currentTarget.closest('details')?.removeAttribute('open')
    action().then(
      () => setError(false),
      () => setError(true),
    )
  }

  return (
    <details className="add-board export-menu">
      <summary className="button">{t.export}</summary>
      <div className="add-board-menu" role="menu">
        {/* Reports and data: of the whole workshop, or of the board on screen. Pictures are always of that board. */}
        <button type="button" role="menuitemradio" aria-checked={!onlyThisBoard} onClick={() => setOnlyThisBoard(false)}>{t.exportAllBoards}</button>
        <button type="button" role="menuitemradio" aria-checked={onlyThisBoard} onClick={() => setOnlyThisBoard(true)}>{t.exportThisBoard(boardName)}</button>
        <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'docx' }))}>{t.exportDocx}</button>
        <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'md' }))}>{t.exportMarkdown}</button>
        <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'csv', separator: 'semicolon' }))}>{t.exportCsv}</button>
        <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'json' }))}>{t.exportJson}</button>
        <button type="button" role="menuitem" onClick={run(() => picture('png'))}>{t.exportPng}</button>
        <button type="button" role="menuitem" onClick={run(() => picture('svg'))}>{t.exportSvg}</button>
      </div>
      {error && <span className="error">{t.errorGeneric}</span>}
    </details>
  )
}
