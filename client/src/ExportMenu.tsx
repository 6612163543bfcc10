import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLPageId } from 'tldraw'
import { useTexts } from './i18n.ts'
import { fileSafeName as fileSafe, MAX_REPORT_PICTURE_BYTES } from '@sfs/shared'
import { filenameFrom, saveBlob } from './download.ts'
import { boardPicture, REPORT_PICTURE_WIDTH } from './board-picture.ts'
import { boardOnPage } from './board-tools/current-board.ts'

type ServerFormat = { format: 'md' | 'csv' | 'json'; separator?: 'semicolon' }

/** A PNG as base64, as the report request carries it. */
async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * Pictures for the report, drawn here (the server cannot draw): of the boards whose layout the
 * report shows (mind map, ladder, scale, signatures), or of `every` board.
 */
async function reportPictures(editor: Editor, pageIds: TLPageId[], every: boolean): Promise<{ board: string; png: string }[]> {
  const pictures = []
  for (const pageId of pageIds) {
    if (!every && !boardOnPage(editor, pageId)?.reportPicture) continue
    // A board that cannot be drawn, or whose picture is more than the server takes, leaves its text in the report without a picture.
    const blob = await boardPicture(editor, 'png', pageId, REPORT_PICTURE_WIDTH).catch(() => null)
    if (blob && blob.size <= MAX_REPORT_PICTURE_BYTES) pictures.push({ board: pageId, png: await base64Of(blob) })
  }
  return pictures
}

const ERROR_SHOWN_MS = 10_000

/** The facilitator's downloads: reports and data from the server, pictures of the board from here. */
export function ExportMenu({ editor, workshopId, workshopKey, title }: { editor: Editor; workshopId: string; workshopKey: string; title: string }) {
  const t = useTexts()
  const [error, setError] = useState(false)
  const [busy, setBusy] = useState(false)
  const [onlyThisBoard, setOnlyThisBoard] = useState(false)
  // The error floats over the bar below the menu: it goes by itself, so it never hides those buttons for long.
  useEffect(() => {
    if (!error) return
    const timer = setTimeout(() => setError(false), ERROR_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [error])
  const boardName = useValue('sfs.exportBoard', () => editor.getCurrentPage().name, [editor])

  const exportUrl = `/api/workshops/${encodeURIComponent(workshopId)}/export`
  // The key goes in a header, not the URL: it stays out of logs and browser history.
  const authorization = { Authorization: `Bearer ${workshopKey}` }

  async function save(response: Response, format: string) {
    if (!response.ok) throw new Error(`export failed: ${response.status}`)
    saveBlob(await response.blob(), filenameFrom(response.headers.get('Content-Disposition'), `${fileSafe(title)}.${format}`))
  }

  async function fromServer({ format, separator }: ServerFormat) {
    const query = new URLSearchParams({ format, ...(separator ? { separator } : {}), ...(onlyThisBoard ? { board: editor.getCurrentPageId() } : {}) })
    await save(await fetch(`${exportUrl}?${query}`, { headers: authorization }), format)
  }

  async function report(every = false) {
    const board = onlyThisBoard ? editor.getCurrentPageId() : undefined
    const pictures = await reportPictures(editor, board ? [board] : editor.getPages().map((p) => p.id), every)
    const body = JSON.stringify({ ...(board ? { board } : {}), pictures })
    await save(await fetch(exportUrl, { method: 'POST', headers: { ...authorization, 'Content-Type': 'application/json' }, body }), 'docx')
  }

  async function picture(format: 'png' | 'svg') {
    const name = `${fileSafe(title)}-${new Date().toISOString().slice(0, 10)}-${fileSafe(editor.getCurrentPage().name)}.${format}`
    const blob = await boardPicture(editor, format)
    if (!blob) throw new Error('the board could not be drawn')
    saveBlob(blob, name)
  }

  const run = (action: () => Promise<void>) => (event: React.MouseEvent) => {
    event.currentTarget.closest('details')?.removeAttribute('open')
    setBusy(true)
    action()
      .then(
        () => setError(false),
        () => setError(true),
      )
      .finally(() => setBusy(false))
  }

  return (
    <span className="export-anchor">
      <details className="add-board export-menu">
        <summary className="button">{t.export}</summary>
        <div className="add-board-menu" role="menu">
          {/* Reports and data: of the whole workshop, or of the board on screen. Pictures are always of that board. */}
          <button type="button" role="menuitemradio" aria-checked={!onlyThisBoard} onClick={() => setOnlyThisBoard(false)}>{t.exportAllBoards}</button>
          <button type="button" role="menuitemradio" aria-checked={onlyThisBoard} onClick={() => setOnlyThisBoard(true)}>{t.exportThisBoard(boardName)}</button>
          <button type="button" role="menuitem" onClick={run(() => report())}>{t.exportDocx}</button>
          <button type="button" role="menuitem" onClick={run(() => report(true))}>{t.exportDocxPictures}</button>
          <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'md' }))}>{t.exportMarkdown}</button>
          <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'csv', separator: 'semicolon' }))}>{t.exportCsv}</button>
          <button type="button" role="menuitem" onClick={run(() => fromServer({ format: 'json' }))}>{t.exportJson}</button>
          <button type="button" role="menuitem" onClick={run(() => picture('png'))}>{t.exportPng}</button>
          <button type="button" role="menuitem" onClick={run(() => picture('svg'))}>{t.exportSvg}</button>
        </div>
      </details>
      {/* Under the menu, not in it: a closed <details> shows nothing but its summary. Floating, so it never pushes the bar's other buttons off a tablet. */}
      <span role="status" className={error && !busy ? 'export-status error' : 'export-status'} onClick={() => setError(false)}>
        {busy ? t.exportPreparing : error ? t.errorGeneric : ''}
      </span>
    </span>
  )
}
