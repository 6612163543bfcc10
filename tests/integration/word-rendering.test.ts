/**
 * The Word report as a reader sees it: LibreOffice converts it to PDF and poppler reads the
 * pages back, so what is checked is what Word-compatible software lays out, not only the
 * XML. The pages are kept as PNG in test-results/word-report/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { readAllRecords, type CreatedWorkshop } from '@sfs/shared'
import { connect, createWorkshop, joinAsPerson, noteIn, pngOf, removeDir, sleep, startTestServer, tempDataDir, type Client, type TestServer } from './helpers.ts'
import { serviceAvailable } from '../support/services.ts'

const ARTIFACTS = join(import.meta.dirname, '../../test-results/word-report')

const tools = await serviceAvailable('LibreOffice and poppler', 'soffice, pdftotext', 'the rendered Word report tests', async () => {
  for (const tool of ['soffice', 'pdftotext', 'pdftoppm', 'pdfimages']) execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
})

let s: TestServer
let w: CreatedWorkshop
let client: Client

beforeAll(async () => {
  if (!tools) return
  s = await startTestServer()
  w = await createWorkshop(s, { title: 'Kärngruppen i Malmö', city: 'Malmö', boards: ['mindmap', 'a3-samverkansplan', 'a3-rutin'] })
  const writer = await joinAsPerson(s, w.id, w.participantKey)
  client = connect(s, w.id, w.participantKey, new Y.Doc(), writer.token)
  await client.synced
  noteIn(client.doc, 'a3-samverkansplan', 'delmal-1', 'Fler anmälningar')
  noteIn(client.doc, 'a3-samverkansplan', 'ar2-1', 'Polisen: insatsvecka')
  noteIn(client.doc, 'a3-rutin', 'aktor-3', 'Socialjouren tar emot')
  noteIn(client.doc, 'a3-rutin', 'kontakt-3', '040-123 45 67, dygnet runt')
  await sleep(300)
}, 60_000)

afterAll(async () => {
  if (!tools) return
  client.destroy()
  await s.close()
  removeDir(s.dataDir)
})

/** The report as LibreOffice lays it out: the text of each page, the pictures in it, and the pages as PNG. */
function render(docx: Buffer): { pages: string[]; images: number; pngs: string[] } {
  const work = tempDataDir()
  try {
    writeFileSync(join(work, 'rapport.docx'), docx)
    // A profile of its own: a LibreOffice already open on the machine, or another test, is left alone.
    execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, 'rapport.docx')], { stdio: 'ignore', timeout: 90_000 })
    const pdf = join(work, 'rapport.pdf')
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    // Rows after the two header lines; an alpha channel is listed apart as an "smask".
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2)
      .filter((row) => row.trim().split(/\s+/)[2] === 'image').length
    rmSync(ARTIFACTS, { recursive: true, force: true })
    mkdirSync(ARTIFACTS, { recursive: true })
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(ARTIFACTS, 'sida')])
    return { pages: text.split('\f').filter((page) => page.trim()), images, pngs: readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png')) }
  } finally {
    removeDir(work)
  }
}

describe.skipIf(!tools)('the Word report, rendered', { timeout: 120_000 }, () => {
  it('starts on page one, lays the plan out as its grid and the routine as its step table, with the mind map’s picture', async () => {
    const mindmap = readAllRecords(client.doc).find((r) => r.typeName === 'page' && (r.meta as { boardKind?: string }).boardKind === 'mindmap')!.id
    const res = await fetch(`${s.url}/api/workshops/${w.id}/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` },
      body: JSON.stringify({ pictures: [{ board: mindmap, png: pngOf(600, 300, [30, 90, 200, 255]).toString('base64') }] }),
    })
    expect(res.status).toBe(200)
    const { pages, images, pngs } = render(Buffer.from(await res.arrayBuffer()))

    expect(pngs.length).toBe(pages.length)
    expect(existsSync(join(ARTIFACTS, pngs[0]!))).toBe(true)
    // The title and the first board's results share the first page: no near-empty cover.
    expect(pages[0]).toContain('Kärngruppen i Malmö')
    expect(pages[0]).toContain('Hitta målgruppen och kontaktytan')
    const all = pages.join('\n')
    const lineWith = (text: string) => all.split('\n').find((line) => line.includes(text)) ?? ''
    // A grid, not a list: the plan's delmål and its År 2 activity stand on one line, in their columns.
    expect(lineWith('Delmål 1:')).toContain('Polisen:')
    expect(lineWith('År 1')).toMatch(/Delmål\s+Mål per år\s+År 1\s+År 2\s+År 3/)
    // The routine's chain: step 3, its actor and how they are reached, side by side.
    expect(lineWith('Socialjouren')).toMatch(/3\. Kontaktväg in\s+Socialjouren tar\s+040-123 45 67/)
    // Placeholders that said nothing are gone.
    expect(all).not.toMatch(/^\s*(●\s*)?–\s*$/m)
    expect(all).toContain('Inga svar.')
    // A board's heading never ends a page without what follows it.
    for (const page of pages) expect(page.trim().split('\n').at(-1)).not.toMatch(/^Mall – /)
    expect(images).toBe(1)
  })
})
