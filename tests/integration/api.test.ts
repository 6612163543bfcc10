import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { getRecordsMap, putRecord, readAllRecords, type WorkshopDetails } from '@sfs/shared'
import { closeOf, connect, createWorkshop, note, noteOn, removeDir, sleep, startTestServer, storedDoc, waitFor, type TestServer } from './helpers.ts'

let s: TestServer
afterEach(async () => {
  await s?.close()
  if (s) removeDir(s.dataDir)
})

const api = (path: string, init: RequestInit = {}) => fetch(`${s.url}/api${path}`, init)
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('HTTP API', () => {
  it('reports health and lists the board catalogue', async () => {
    s = await startTestServer()
    expect(await (await api('/health')).json()).toEqual({ status: 'ok' })
    const boards = (await (await api('/boards')).json()) as { kind: string; title: { sv: string; en: string }; step: number | null }[]
    expect(boards.length).toBeGreaterThan(0)
    expect(boards.filter((b) => b.step !== null).map((b) => [b.kind, b.step, b.title.sv])).toEqual([
      ['brave-space', 1, 'Hur skapar vi en modig miljö?'],
      ['mindmap', 2, 'Hitta målgruppen och kontaktytan'],
      ['huxham', 3, 'Olika nivåer av samverkan'],
      ['swot', 6, 'SWOT'],
      ['a3-utgangspunkt', 6, 'Mall – En gemensam utgångspunkt'],
      ['a3-samverkansplan', 6, 'Mall – Lokal samverkansplan'],
      ['ambition', 7, 'Ambitionen: utvecklingsnivåer för enskilda ärenden'],
      ['a3-rutin', 7, 'Mall – Rutin för enskilda ärenden'],
    ])
    for (const board of boards) {
      expect(board.kind).toMatch(/^[a-z0-9-]+$/)
      expect(board.title.sv).not.toBe('')
      expect(board.title.en).not.toBe('')
    }
  })

  it('creates a workshop with unguessable ids and keys and working links', async () => {
    s = await startTestServer({ PUBLIC_URL: 'https://workshop.example.se/' })
    const created = await createWorkshop(s, { title: '  Kärngruppen steg 2 ', city: 'Malmö' })
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{21}$/)
    const keys = [created.facilitatorKey, created.participantKey, created.viewerKey]
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(21)
    expect(new Set(keys).size).toBe(3)
    expect(created.links.participant).toBe(`https://workshop.example.se/w/${created.id}#key=${created.participantKey}`)
    expect(created.links.facilitator).toContain(created.facilitatorKey)

    const res = await api(`/workshops/${created.id}`, { headers: { Authorization: `Bearer ${created.facilitatorKey}` } })
    expect(res.status).toBe(200)
    const details = (await res.json()) as WorkshopDetails
    expect(details).toMatchObject({ id: created.id, title: 'Kärngruppen steg 2', city: 'Malmö' })
    expect(details.boards).toEqual([expect.objectContaining({ kind: 'blank' })])
    expect(Date.parse(details.created)).not.toBeNaN()
    expect(Date.parse(details.lastActivity)).not.toBeNaN()
    expect(details.links.participant).toBe(created.links.participant)
    // The key travels in the fragment only, never in logs.
    expect(s.logs.join('\n')).not.toContain(created.facilitatorKey)
  })

  it('lists a page added during the workshop as a board without a kind', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s)
    const client = connect(s, w.id, w.facilitatorKey)
    await client.synced
    client.doc.transact(() => putRecord(getRecordsMap(client.doc), { id: 'page:extra', typeName: 'page', name: 'Extra', index: 'a5', meta: {} }))
    await waitFor(() => s.logs.some((l) => l.includes('sync.joined')), 'joined')
    await sleep(100)
    const details = (await (await api(`/workshops/${w.id}?key=${w.facilitatorKey}`)).json()) as WorkshopDetails
    expect(details.boards.map((b) => [b.kind, b.title])).toEqual([
      ['blank', 'Tom tavla'],
      [null, 'Extra'],
    ])
    client.destroy()
  })

  it('without a public URL, links point at this machine on its port', async () => {
    s = await startTestServer()
    const created = await createWorkshop(s)
    expect(created.links.viewer).toMatch(new RegExp(`^http://[^/]+:${s.port}/w/${created.id}#key=`))
  })

  it('tells each key holder its role', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s)
    for (const [key, role] of [
      [w.facilitatorKey, 'facilitator'],
      [w.participantKey, 'participant'],
      [w.viewerKey, 'viewer'],
    ] as const) {
      const res = await api(`/workshops/${w.id}/access?key=${key}`)
      expect(await res.json()).toEqual({ id: w.id, role, title: 'Arbetspass' })
    }
  })

  it('answers bad requests with clear JSON errors, never a stack trace', async () => {
    s = await startTestServer()
    const cases: [RequestInit, number, string][] = [
      [{ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"title":' }, 400, 'invalid_json'],
      [json({}), 400, 'invalid_request'],
      [json({ title: '' }), 400, 'invalid_request'],
      [json({ title: 'x'.repeat(201) }), 400, 'invalid_request'],
      [json({ title: 'ok', boards: ['no-such-board'] }), 400, 'unknown_board'],
      [json({ title: 'ok', boards: 'blank' }), 400, 'invalid_request'],
      [json({ title: 'ok', admin: true }), 400, 'invalid_request'],
      [json([1, 2]), 400, 'invalid_request'],
      [json({ title: 'x'.repeat(100_000) }), 413, 'payload_too_large'],
      [{ method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }, 415, 'unsupported_media_type'],
    ]
    for (const [init, status, code] of cases) {
      const res = await api('/workshops', init)
      expect(res.status, code).toBe(status)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe(code)
      expect(body.error.message.length).toBeGreaterThan(0)
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
    }
    expect((await api('/nope')).status).toBe(404)
  })

  it('guards workshop details and deletion with the facilitator key', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s)
    expect((await api(`/workshops/${w.id}`)).status).toBe(401)
    expect((await api(`/workshops/${w.id}?key=wrong`)).status).toBe(403)
    expect((await api(`/workshops/${w.id}?key=${w.participantKey}`)).status).toBe(403)
    expect((await api(`/workshops/${w.id}?key=${w.viewerKey}`)).status).toBe(403)
    expect((await api(`/workshops/${w.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${w.participantKey}` } })).status).toBe(403)
    expect((await api(`/workshops/not-an-id?key=${w.facilitatorKey}`)).status).toBe(404)
    const wrong = await api(`/workshops/${w.id}`, { headers: { Authorization: 'Bearer wrong' } })
    expect(await wrong.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
  })

  it('DELETE removes every trace from storage and closes live connections', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s)
    const keep = await createWorkshop(s)
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    client.doc.transact(() => putRecord(getRecordsMap(client.doc), note(client.doc, 'shape:hemlig', 'HEMLIG-UPPGIFT-123')))
    await waitFor(() => s.logs.some((l) => l.includes('sync.joined')), 'joined')
    await sleep(100)
    const closed = closeOf((client.provider as unknown as { ws: import('ws').WebSocket }).ws)

    const res = await api(`/workshops/${w.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${w.facilitatorKey}` } })
    expect(res.status).toBe(204)
    expect((await closed).code).toBe(4404)
    client.destroy()

    expect(await s.storage.load(w.id)).toEqual([])
    expect(await s.storage.getWorkshop(w.id)).toBeNull()
    expect(await s.storage.list()).toEqual([keep.id])
    expect((await api(`/workshops/${w.id}?key=${w.facilitatorKey}`)).status).toBe(404)
    expect(getRecordsMap(await storedDoc(s, keep.id)).size).toBeGreaterThan(0)

    // Not even the bytes remain in the database files.
    await s.close()
    for (const file of readdirSync(s.dataDir)) {
      expect(readFileSync(join(s.dataDir, file)).includes('HEMLIG-UPPGIFT-123'), file).toBe(false)
    }
  })

  it('never writes note text, names or keys to its logs', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s, { title: 'Hemligt pass', city: 'Lund' })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    client.provider.awareness.setLocalStateField('user', { name: 'Agnes Ågren' })
    client.doc.transact(() => putRecord(getRecordsMap(client.doc), { id: 'shape:t', typeName: 'shape', props: { text: 'Känslig anteckning' } }))
    await sleep(200)
    client.destroy()
    await waitFor(() => s.logs.some((l) => l.includes('room.unloaded')), 'unload')
    const logs = s.logs.join('\n')
    expect(logs).toContain(w.id)
    for (const secret of ['Känslig anteckning', 'Agnes', 'Hemligt pass', w.participantKey, w.facilitatorKey, w.viewerKey]) {
      expect(logs).not.toContain(secret)
    }
    expect(s.logs.every((line) => typeof JSON.parse(line).event === 'string')).toBe(true)
  })
})

describe('boards in a workshop', () => {
  it('reads each board’s result on the server, from what clients wrote', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s, { title: 'Analys', boards: ['swot', 'brave-space'] })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    const records = getRecordsMap(client.doc)
    const swotPage = readAllRecords(client.doc).find((r) => r.typeName === 'page' && (r.meta as { boardKind?: string }).boardKind === 'swot')!.id
    client.doc.transact(() => putRecord(records, noteOn(swotPage, 'shape:styrka', 'Starkt nätverk', 200, 250)))
    await sleep(100)
    const res = await api(`/workshops/${w.id}/results?key=${w.facilitatorKey}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { title: string; boards: { id: string; kind: string; result: { quadrants?: { key: string; notes: { text: string }[] }[] } }[] }
    expect(body.title).toBe('Analys')
    expect(body.boards.map((b) => b.kind)).toEqual(['swot', 'brave-space'])
    const swot = body.boards.find((b) => b.kind === 'swot')!
    expect(swot.result.quadrants!.find((q) => q.key === 'styrkor')!.notes.map((n) => n.text)).toEqual(['Starkt nätverk'])

    const single = await api(`/workshops/${w.id}/results?board=${swotPage}`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })
    expect(((await single.json()) as { boards: unknown[] }).boards).toHaveLength(1)
    expect((await api(`/workshops/${w.id}/results?board=page:nope&key=${w.facilitatorKey}`)).status).toBe(404)
    expect((await api(`/workshops/${w.id}/results?key=${w.participantKey}`)).status).toBe(403)
    client.destroy()
  })

  it('grows a board’s template through its extensions, for the roles allowed', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s, { title: 'Grupper', boards: ['brave-space'] })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    const page = readAllRecords(client.doc).find((r) => r.typeName === 'page')!.id
    const extend = (key: string, extension: string, board = page) =>
      api(`/workshops/${w.id}/boards/${board}/extend`, { ...json({ extension }), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` } })

    expect((await extend(w.participantKey, 'group')).status).toBe(403)
    expect((await extend(w.viewerKey, 'group')).status).toBe(403)
    expect((await extend(w.facilitatorKey, 'no-such')).status).toBe(404)
    expect((await extend(w.facilitatorKey, 'group', 'page:nope')).status).toBe(404)
    const res = await extend(w.facilitatorKey, 'group')
    expect(res.status).toBe(201)
    const { added } = (await res.json()) as { added: string[] }
    await waitFor(() => added.every((id) => getRecordsMap(client.doc).has(id)), 'new group reaches the client')
    const results = (await (await api(`/workshops/${w.id}/results?key=${w.facilitatorKey}`)).json()) as { boards: { result: { questions: { groups: object }[] } }[] }
    expect(Object.keys(results.boards[0]!.result.questions[0]!.groups)).toEqual(['A', 'B', 'C'])
    client.destroy()
  })

  it('grows a form cell with its row when a participant asks, never on a locked board', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s, { title: 'Utgångspunkt', boards: ['a3-utgangspunkt', 'swot'] })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    const [a3, swot] = readAllRecords(client.doc).filter((r) => r.typeName === 'page').sort((a, b) => String(a.index).localeCompare(String(b.index))).map((r) => r.id)
    const post = (key: string, path: string, body: unknown) => api(`/workshops/${w.id}/boards/${path}`, { ...json(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` } })
    const cell = (zone: string) => readAllRecords(client.doc).find((r) => (r.meta as { zone?: string }).zone === zone && (r.meta as { template?: boolean }).template)!
    const before = cell('2-3')
    const nextSection = cell('3-1')

    expect((await post(w.viewerKey, `${a3}/grow`, { zone: '2-3', height: 600 })).status).toBe(403)
    expect((await post(w.participantKey, `${swot}/grow`, { zone: 'styrkor', height: 900 })).status).toBe(404)
    expect((await post(w.participantKey, `${a3}/grow`, { zone: 'no-such', height: 600 })).status).toBe(404)
    expect((await post(w.participantKey, `${a3}/grow`, { zone: '2-3', height: 1e6 })).status).toBe(400)
    const res = await post(w.participantKey, `${a3}/grow`, { zone: '2-3', height: 590 })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ height: 600 })
    await waitFor(() => (cell('2-1').props as { h: number }).h === 600, 'the whole row grows on the client')
    expect(cell('3-1').y).toBe((nextSection.y as number) + 600 - (before.props as { h: number }).h)
    expect((await (await post(w.participantKey, `${a3}/grow`, { zone: '2-3', height: 400 })).json())).toEqual({ height: 600 })

    await api(`/workshops/${w.id}/boards/${a3}/lock`, { ...json({ locked: true }), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` } })
    expect((await post(w.participantKey, `${a3}/grow`, { zone: '2-3', height: 800 })).status).toBe(403)
    expect((await post(w.participantKey, `${a3}/extend`, { extension: 'rad' })).status).toBe(403)
    expect((await post(w.facilitatorKey, `${a3}/grow`, { zone: '2-3', height: 800 })).status).toBe(200)
    client.destroy()
  })

  it('lets the facilitator add a board to a running workshop, live', async () => {
    s = await startTestServer()
    const w = await createWorkshop(s, { title: 'Pågående', boards: ['brave-space'] })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    const add = (key: string, body: unknown) => api(`/workshops/${w.id}/boards`, { ...json(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` } })

    expect((await add(w.participantKey, { kind: 'swot' })).status).toBe(403)
    expect((await add(w.facilitatorKey, { kind: 'no-such' })).status).toBe(400)
    const res = await add(w.facilitatorKey, { kind: 'swot' })
    expect(res.status).toBe(201)
    const added = (await res.json()) as { id: string; kind: string }
    expect(added.kind).toBe('swot')
    await waitFor(() => getRecordsMap(client.doc).has(added.id), 'new board reaches the client')

    const details = (await (await api(`/workshops/${w.id}?key=${w.facilitatorKey}`)).json()) as WorkshopDetails
    expect(details.boards.map((b) => b.kind)).toEqual(['brave-space', 'swot'])
    client.destroy()
  })
})
