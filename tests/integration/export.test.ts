/** Golden tests of the exports, on a workshop written by a stock y-websocket client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import JSZip from 'jszip'
import * as Y from 'yjs'
import { getRecordsMap, putRecord, readAllRecords, type JsonRecord } from '@sfs/shared'
import { connect, createWorkshop, joinAsPerson, noteIn, pngOf, removeDir, sleep, startTestServer, type Client, type TestServer } from './helpers.ts'
import type { CreatedWorkshop } from '@sfs/shared'

let s: TestServer
let w: CreatedWorkshop
let client: Client
const inSweden = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
/** When the notes were written, by the test's clock (the server's): their devices' clocks said otherwise. */
let writtenFrom: Date
let writtenUntil: Date


const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

const get = (query: string, key = w.facilitatorKey) => fetch(`${s.url}/api/workshops/${w.id}/export?${query}`, { headers: { Authorization: `Bearer ${key}` } })

beforeAll(async () => {
  s = await startTestServer()
  w = await createWorkshop(s, { title: 'Kärngruppen: steg 6', city: 'Malmö', boards: ['a3-samverkansplan', 'swot', 'brave-space'] })
  const writer = await joinAsPerson(s, w.id, w.participantKey)
  client = connect(s, w.id, w.participantKey, new Y.Doc(), writer.token)
  await client.synced
  const doc = client.doc
  writtenFrom = new Date()
  noteIn(doc, 'swot', 'styrkor', 'Engagerad kärngrupp', { author: 'Anna', createdAt: '2026-11-22T09:00:00.000Z' })
  noteIn(doc, 'swot', 'hot', '=HYPERLINK("http://x","y")')
  noteIn(doc, 'swot', 'svagheter', '<script>alert(1)</script> **fet** | [länk](x)')
  noteIn(doc, 'brave-space', 'likheter-1', 'Att bli lyssnad på')
  noteIn(doc, 'a3-samverkansplan', 'vision', 'Ingen ska utnyttjas i Malmö')
  noteIn(doc, 'a3-samverkansplan', 'delmal-1', 'Fler anmälningar', { author: 'Bo', createdAt: '2026-11-22T09:00:00.000Z' })
  noteIn(doc, 'a3-samverkansplan', 'ar2-1', 'Polisen: insatsvecka')
  noteIn(doc, 'a3-samverkansplan', 'ar3-1', 'Utvärdering')
  await sleep(200)
  writtenUntil = new Date()
  // Votes come only through a vote: three dots on the strength.
  const swot = readAllRecords(doc).find((r) => r.typeName === 'page' && (r.meta as { boardKind?: string }).boardKind === 'swot')!.id
  const strength = readAllRecords(doc).find((r) => r.type === 'note' && JSON.stringify(r.props).includes('Engagerad'))!.id
  const anna = await joinAsPerson(s, w.id, w.participantKey)
  const post = (path: string, body: unknown, key = w.facilitatorKey) =>
    fetch(`${s.url}/api/workshops/${w.id}/boards/${swot}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, 'X-Person-Token': anna.token },
      body: JSON.stringify(body),
    })
  await post('/vote', { action: 'start', dots: 3 })
  for (let i = 0; i < 3; i++) await post('/dots', { noteId: strength, delta: 1 }, w.participantKey)
  await post('/vote', { action: 'end' })
  await sleep(100)
})

afterAll(async () => {
  client.destroy()
  await s.close()
  removeDir(s.dataDir)
})

describe('export', () => {
  it('JSON validates against the published schema, boards in the method’s order', async () => {
    const res = await get('format=json')
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = await res.json()
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/export.schema.json'), 'utf8'))
    const validate = new Ajv({ strict: false }).compile(schema)
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
    // One person wrote every note.
    expect(body.workshop).toMatchObject({ id: w.id, title: 'Kärngruppen: steg 6', city: 'Malmö', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), participants: 1 })
    expect(body.boards.map((b: { kind: string }) => b.kind)).toEqual(['brave-space', 'swot', 'a3-samverkansplan'])
  })

  it('CSV has every note once under its board and zone, formulas neutralised, for Swedish Excel', async () => {
    const res = await get('format=csv&separator=semicolon')
    const disposition = res.headers.get('content-disposition')!
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Kärngruppen-steg-6-')}`)
    expect(disposition).toMatch(/filename="Karngruppen-steg-6-\d{4}-\d{2}-\d{2}\.csv"/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('Tavla;Del;Text;Författare;Röster;Skapad')
    const rows = lines.slice(1)
    // Each note's time is when the server received it, in Swedish time, whatever its device's clock said
    // (Anna's stamped 2026-11-22 09:00 UTC; the others none).
    const [from, until] = [inSweden.format(writtenFrom), inSweden.format(writtenUntil)]
    const find = (text: string) =>
      rows
        .filter((r) => r.includes(text))
        .map((r) => {
          const time = r.slice(r.lastIndexOf(';') + 1)
          expect(time >= from && time <= until, `${time} between ${from} and ${until}`).toBe(true)
          return r.slice(0, r.lastIndexOf(';') + 1)
        })
    expect(find('Engagerad kärngrupp')).toEqual(['SWOT;Styrkor (interna);Engagerad kärngrupp;Anna;3;'])
    expect(find('HYPERLINK')).toEqual([`SWOT;Hot (externa);"'=HYPERLINK(""http://x"",""y"")";;0;`])
    expect(find('Att bli lyssnad på')).toEqual(['Hur skapar vi en modig miljö?;Fråga 1 – Likheter;Att bli lyssnad på;;0;'])
    // A form field's answer is a row of its own with its writer and the server's time, like a note.
    expect(find('Fler anmälningar')).toEqual(['Mall – Lokal samverkansplan;Delmål 1;Fler anmälningar;Bo;0;'])
    expect(find('Polisen: insatsvecka')).toEqual(['Mall – Lokal samverkansplan;Delmål 1 – År 2;Polisen: insatsvecka;;0;'])
    expect(rows.length).toBe(8)
  })

  it('the results a script reads carry the server’s time too, not the device’s', async () => {
    const res = await fetch(`${s.url}/api/workshops/${w.id}/results`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })
    const { boards } = (await res.json()) as { boards: { kind: string; result: { quadrants: { notes: { text: string; createdAt: string }[] }[] } }[] }
    const strength = boards.find((b) => b.kind === 'swot')!.result.quadrants.flatMap((q) => q.notes).find((n) => n.text === 'Engagerad kärngrupp')!
    // Its device said 2026-11-22 09:00.
    expect(Date.parse(strength.createdAt)).toBeGreaterThanOrEqual(writtenFrom.getTime() - 1000)
    expect(Date.parse(strength.createdAt)).toBeLessThanOrEqual(writtenUntil.getTime() + 1000)
  })

  it('a mind-map node is a CSV row under its path, with its writer and the server’s time in Swedish time', async () => {
    const map = await createWorkshop(s, { title: 'Kontaktytan', city: 'Malmö', boards: ['mindmap'] })
    const writer = await joinAsPerson(s, map.id, map.participantKey)
    const mapper = connect(s, map.id, map.participantKey, new Y.Doc(), writer.token)
    await mapper.synced
    const from = new Date()
    const records = readAllRecords(mapper.doc)
    const root = records.find((r) => (r.meta as { node?: string }).node === 'stad')!
    const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })
    // A node as the client makes it: a geo shape like the city's, and an arrow bound from the city to it.
    const node: JsonRecord = {
      ...root,
      id: 'shape:hemlosa',
      x: Number(root.x) + 400,
      isLocked: false,
      meta: { node: 'malgrupp', author: 'Anna', createdAt: '2020-01-01T00:00:00.000Z' },
      props: { ...(root.props as object), richText: text('Hemlösa') },
    }
    const arrow: JsonRecord = {
      id: 'shape:till-hemlosa',
      typeName: 'shape',
      type: 'arrow',
      parentId: root.parentId,
      index: 'a9',
      x: 0,
      y: 0,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: { edge: true },
      props: { kind: 'arc', elbowMidPoint: 0.5, dash: 'solid', size: 'm', fill: 'none', color: 'black', labelColor: 'black', bend: 0, start: { x: 0, y: 0 }, end: { x: 100, y: 0 }, arrowheadStart: 'none', arrowheadEnd: 'arrow', richText: text(''), labelPosition: 0.5, font: 'draw', scale: 1 },
    }
    const binding = (terminal: 'start' | 'end', toId: string): JsonRecord => ({
      id: `binding:till-hemlosa-${terminal}`,
      typeName: 'binding',
      type: 'arrow',
      fromId: arrow.id,
      toId,
      meta: {},
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    })
    mapper.doc.transact(() => {
      for (const record of [node, arrow, binding('start', root.id), binding('end', node.id)]) putRecord(getRecordsMap(mapper.doc), record)
    })
    await sleep(300)
    const until = new Date()
    const csv = await (await fetch(`${s.url}/api/workshops/${map.id}/export?format=csv&separator=semicolon`, { headers: { Authorization: `Bearer ${map.facilitatorKey}` } })).text()
    mapper.destroy()
    const row = csv.split('\r\n').find((line) => line.includes('Hemlösa'))!
    expect(row.slice(0, row.lastIndexOf(';') + 1)).toBe('Hitta målgruppen och kontaktytan;Målgrupp;Hemlösa;Anna;0;')
    const time = row.slice(row.lastIndexOf(';') + 1)
    expect(time >= inSweden.format(from) && time <= inSweden.format(until), `${time} is the server's time, not 2020`).toBe(true)
  })

  it('Markdown reads like a report and escapes user text', async () => {
    const md = await (await get('format=md')).text()
    expect(md).toContain('# Kärngruppen: steg 6')
    expect(md).toContain('**Stad:** Malmö')
    expect(md).toContain('## SWOT')
    // Plain text stays readable; what would be Markdown or HTML is escaped.
    expect(md).toContain('| Styrkor (interna) | Svagheter (interna) |')
    expect(md).toContain('\\<script>alert(1)\\</script> \\*\\*fet\\*\\* \\| \\[länk\\](x)')
    expect(md).not.toMatch(/(^|[^\\])<script>/)
    // The plan reads vision, then the method's grid of delmål and activities per year.
    const order = ['## Mall – Lokal samverkansplan', 'Ingen ska utnyttjas i Malmö', '| Delmål | Mål per år | År 1 | År 2 | År 3 |', '| Delmål 1: Fler anmälningar |   |   | Polisen: insatsvecka | Utvärdering |']
    const positions = order.map((text) => md.indexOf(text))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('DOCX has real headings, the SWOT table and the plan’s activities under the right year', async () => {
    const res = await get('format=docx')
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const xml = await zip.file('word/document.xml')!.async('string')
    const paragraphs = [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/gs)].map((m) => {
      const inner = m[1] ?? m[2] ?? ''
      return { style: /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1] ?? '', text: [...inner.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('') }
    })
    const styled = (style: string) => paragraphs.filter((p) => p.style === style).map((p) => p.text)
    expect(styled('Title')).toEqual(['Kärngruppen: steg 6'])
    expect(styled('Heading1')).toEqual(['Hur skapar vi en modig miljö?', 'SWOT', 'Mall – Lokal samverkansplan'])

    const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((m) => m[1]!)
    const swot = tables.find((t) => t.includes('Styrkor (interna)'))!
    expect(swot).toContain('Engagerad kärngrupp (3 röster)')
    expect(swot).toContain('Möjligheter (externa)')
    expect(swot).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')

    // The plan's grid: the activities sit in the År 2 and År 3 columns of Delmål 1's row.
    const plan = tables.find((t) => t.includes('Mål per år'))!
    const cells = (row: string) => [...row.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => [...c[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(' '))
    const rows = [...plan.matchAll(/<w:tr>(.*?)<\/w:tr>|<w:tr [^>]*>(.*?)<\/w:tr>/gs)].map((r) => cells(r[1] ?? r[2] ?? ''))
    expect(rows[0]).toEqual(['Delmål', 'Mål per år', 'År 1', 'År 2', 'År 3'])
    expect(rows[1]).toEqual(['Delmål 1: Fler anmälningar', '', '', 'Polisen: insatsvecka', 'Utvärdering'])
    expect(xml).toContain('<w:numPr>')
    // Swedish, and the results start on the first page.
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:val="sv-SE"')
    expect(xml).not.toContain('w:type="page"')
  })

  it('DOCX with pictures: each under its board’s heading, as sent; anything that is not a bounded PNG of a board of the report is refused', async () => {
    const json = await (await get('format=json')).json()
    const swot = json.boards.find((b: { kind: string }) => b.kind === 'swot').id as string
    const report = (body: unknown, key = w.facilitatorKey) =>
      fetch(`${s.url}/api/workshops/${w.id}/export`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: JSON.stringify(body) })
    const picture = Buffer.from(ONE_PIXEL_PNG, 'base64')

    const res = await report({ pictures: [{ board: swot, png: picture.toString('base64') }] })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/\.docx"/)
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const media = zip.file(/^word\/media\//)
    expect(media).toHaveLength(1)
    expect(Buffer.from(await media[0]!.async('uint8array')).equals(picture)).toBe(true)
    const xml = await zip.file('word/document.xml')!.async('string')
    const heading = xml.indexOf('>SWOT</w:t>')
    const drawing = xml.indexOf('<w:drawing>')
    const nextHeading = xml.indexOf('Heading1', heading)
    expect(heading).toBeGreaterThan(0)
    expect(drawing).toBeGreaterThan(heading)
    expect(nextHeading === -1 || drawing < nextHeading).toBe(true)
    expect(xml).toContain('descr="Bild av tavlan SWOT"')

    const refused = async (body: unknown, status: number, code: string) => {
      const answer = await report(body)
      expect(answer.status, JSON.stringify(body).slice(0, 120)).toBe(status)
      expect((await answer.json()).error.code).toBe(code)
    }
    await refused({ pictures: [{ board: swot, png: Buffer.from('not a picture at all').toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: swot, png: 'åäö' }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: swot, png: pngOf(5000, 10).toString('base64') }] }, 400, 'invalid_picture')
    // Whole from the header on, or refused: damaged data, a file cut short, bytes after its end.
    const damaged = Buffer.from(picture)
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 20) ^ 0xff, damaged.length - 20)
    await refused({ pictures: [{ board: swot, png: damaged.toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: swot, png: picture.subarray(0, picture.length - 12).toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: swot, png: Buffer.concat([picture, Buffer.from('extra')]).toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: 'page:nope', png: picture.toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: [{ board: swot, png: picture.toString('base64') }, { board: swot, png: picture.toString('base64') }] }, 400, 'invalid_picture')
    await refused({ pictures: 'alla' }, 400, 'invalid_request')
    const huge = Buffer.concat([picture, Buffer.alloc(4 * 1024 * 1024)]).toString('base64')
    await refused({ pictures: [{ board: swot, png: huge }] }, 400, 'invalid_request')
    for (const key of [w.participantKey, w.viewerKey]) expect((await report({ pictures: [] }, key)).status).toBe(403)
    // The large body is read only for the facilitator: anyone else is turned away before it is parsed (unreadable JSON is not even noticed).
    const unread = (key: string) =>
      fetch(`${s.url}/api/workshops/${w.id}/export`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: '{inte json' })
    expect((await unread(w.participantKey)).status).toBe(403)
    expect((await unread('x'.repeat(32))).status).toBe(403)
    expect((await unread(w.facilitatorKey)).status).toBe(400)
  })

  it('exports a single board, and refuses wrong keys and bad formats with no data', async () => {
    const json = await (await get('format=json')).json()
    const swotId = json.boards.find((b: { kind: string }) => b.kind === 'swot').id
    const single = await (await get(`format=json&board=${swotId}`)).json()
    expect(single.boards.map((b: { kind: string }) => b.kind)).toEqual(['swot'])
    expect((await get('format=json&board=page:nope')).status).toBe(404)
    for (const key of [w.participantKey, w.viewerKey, 'wrong']) {
      const res = await get('format=csv', key)
      expect(res.status).toBe(403)
      expect(await res.text()).not.toContain('Engagerad')
    }
    expect((await get('format=pdf')).status).toBe(400)
  })
})
