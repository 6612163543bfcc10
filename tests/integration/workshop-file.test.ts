import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, putRecord, readAllRecords, readVote, type WorkshopFile } from '@sfs/shared'
import { olderWorkshopDoc } from '@sfs/shared/testing'
import { note } from '@sfs/boards/fixtures'
import { createWorkshop, joinAsPerson, noteOn, noteText, storedDoc, testWorkshops, waitFor, type TestServer } from './helpers.ts'

const workshops = testWorkshops()

const call = (s: TestServer, method: string, path: string, key: string | null, body?: unknown) =>
  fetch(`${s.url}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const boardsOf = (doc: Y.Doc) =>
  readAllRecords(doc)
    .filter((r) => r.typeName === 'page')
    .sort((a, b) => String(a.index).localeCompare(String(b.index)))
    .map((r) => r.id)

describe('moving a workshop to another server', () => {
  it('the file from one server opens on another with all its boards, results and votes, under new keys', async () => {
    const [from, to] = [await workshops.start(), await workshops.start()]
    const w = await createWorkshop(from, { title: 'Flyttas', city: 'Umeå', boards: ['swot', 'brave-space', 'huxham'] })
    const anna = await joinAsPerson(from, w.id, w.participantKey)
    const client = workshops.connect(from, w.id, w.participantKey, anna.token)
    await client.synced
    const [swot, brave] = boardsOf(client.doc)
    client.doc.transact(() => {
      putRecord(getRecordsMap(client.doc), noteOn(swot!, 'shape:a', 'Starkt nätverk', 700, 400))
      putRecord(getRecordsMap(client.doc), noteOn(swot!, 'shape:b', 'Få resurser', 1700, 400))
      putRecord(getRecordsMap(client.doc), noteOn(brave!, 'shape:c', 'Jag är rädd att säga fel', 300, 300))
    })
    await waitFor(async () => getRecordsMap(await storedDoc(from, w.id)).has('shape:c'), 'the notes are stored')
    const vote = (board: string, body: unknown) => call(from, 'POST', `/workshops/${w.id}/boards/${board}/vote`, w.facilitatorKey, body)
    const dot = (board: string, noteId: string) =>
      fetch(`${from.url}/api/workshops/${w.id}/boards/${board}/dots`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.participantKey}`, 'X-Person-Token': anna.token }, body: JSON.stringify({ noteId, delta: 1 }) })
    // One vote ended (its counts are on the notes), one still open (its dots are ballots on the server).
    await vote(swot!, { action: 'start', dots: 3 })
    await dot(swot!, 'shape:a')
    await dot(swot!, 'shape:a')
    await vote(swot!, { action: 'end' })
    await vote(brave!, { action: 'start', dots: 2 })
    expect((await dot(brave!, 'shape:c')).status).toBe(200)

    expect((await call(from, 'GET', `/workshops/${w.id}/file`, w.participantKey)).status).toBe(403)
    const download = await call(from, 'GET', `/workshops/${w.id}/file`, w.facilitatorKey)
    expect(download.headers.get('content-disposition')).toContain('Flyttas.stadforstad.json')
    const file = (await download.json()) as WorkshopFile

    const imported = await call(to, 'POST', '/workshops/import', null, file)
    expect(imported.status).toBe(201)
    const moved = (await imported.json()) as { id: string; facilitatorKey: string; participantKey: string; skippedRecords: number; links: { participant: string } }
    expect(moved.skippedRecords).toBe(0)
    expect(moved.facilitatorKey).not.toBe(w.facilitatorKey)
    expect(moved.participantKey).not.toBe(w.participantKey)
    // The old keys open nothing on the new server.
    expect((await call(to, 'GET', `/workshops/${moved.id}`, w.facilitatorKey)).status).toBe(403)

    const results = async (s: TestServer, id: string, key: string) => {
      const body = (await (await call(s, 'GET', `/workshops/${id}/results`, key)).json()) as { id?: string }
      delete body.id
      return body
    }
    const original = await results(from, w.id, w.facilitatorKey)
    expect(await results(to, moved.id, moved.facilitatorKey)).toEqual(original)
    // Notes keep the time the first server received them (their devices wrote none).
    expect(file.recordTimes?.find((t) => t.record === 'shape:a')?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(JSON.stringify(original)).toContain(file.recordTimes!.find((t) => t.record === 'shape:a')!.at)
    const details = (await (await call(to, 'GET', `/workshops/${moved.id}`, moved.facilitatorKey)).json()) as { title: string; city: string; boards: unknown[] }
    expect([details.title, details.city, details.boards.length]).toEqual(['Flyttas', 'Umeå', 3])

    // The open vote goes on where it was: ending it on the new server counts the dot placed on the old one.
    const there = workshops.connect(to, moved.id, moved.participantKey)
    await there.synced
    // Its progress moves with it: one voter, one dot.
    expect(readVote(there.doc, brave!)).toEqual({ status: 'open', dots: 2, voters: 1, placed: 1 })
    expect((await call(to, 'POST', `/workshops/${moved.id}/boards/${brave}/vote`, moved.facilitatorKey, { action: 'end' })).status).toBe(200)
    await waitFor(() => (getRecordsMap(there.doc).get('shape:c')?.get('meta') as Y.Map<unknown> | undefined)?.get('votes') === 1, 'the moved ballot is counted')
    expect(noteText(there.doc, 'shape:a')).toBe('Starkt nätverk')
  })

  it('a file written by an older tldraw is migrated; a broken or foreign file is refused with a clear error and creates nothing', async () => {
    const s = await workshops.start({ CREATE_KEY: 'skapa-nyckel-123' })
    const page = { id: 'page:gammal', typeName: 'page', name: 'SWOT', index: 'a1', meta: { boardKind: 'swot' } }
    const older = olderWorkshopDoc([page, note('Från förr', 100, 100, 'page:gammal', { id: 'shape:old' })])
    const file = (document: Uint8Array | string): WorkshopFile => ({
      format: 'stad-for-stad-workshop',
      version: 1,
      exportedAt: '2025-03-01T00:00:00.000Z',
      document: typeof document === 'string' ? document : Buffer.from(document).toString('base64'),
      ballots: [],
    })
    const before = (await s.storage.list()).length
    const post = (body: unknown, key: string | null = 'skapa-nyckel-123') => call(s, 'POST', '/workshops/import', key, body)

    expect((await post(file(Y.encodeStateAsUpdate(older)), null)).status).toBe(401)
    expect((await post(file(Y.encodeStateAsUpdate(older)), 'fel')).status).toBe(403)
    // The file is read only once the creation key is right: without it, unreadable JSON is not even noticed.
    const unreadable = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/workshops/import`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{inte json' }).then((r) => r.status)
    expect(await unreadable({})).toBe(401)
    expect(await unreadable({ Authorization: 'Bearer fel' })).toBe(403)
    expect(await unreadable({ Authorization: 'Bearer skapa-nyckel-123' })).toBe(400)
    const broken = await post(file(Buffer.from('inte ett dokument').toString('base64')))
    expect(broken.status).toBe(400)
    expect(await broken.json()).toEqual({ error: { code: 'invalid_workshop_file', message: expect.stringContaining('cannot be read') } })
    expect((await post({ format: 'något-annat' })).status).toBe(400)
    expect((await post({ ...file(Y.encodeStateAsUpdate(older)), extra: 1 })).status).toBe(400)
    expect((await post({ ...file(Y.encodeStateAsUpdate(older)), version: 2, recordTimes: [{ record: 'shape:old', at: 'i förrgår' }] })).status).toBe(400)
    expect((await post(file(Y.encodeStateAsUpdate(new Y.Doc())))).status).toBe(400) // no board
    expect((await s.storage.list()).length).toBe(before)

    const imported = await post(file(Y.encodeStateAsUpdate(older)))
    expect(imported.status).toBe(201)
    const moved = (await imported.json()) as { id: string; participantKey: string; skippedRecords: number }
    expect(moved.skippedRecords).toBe(0)
    const client = workshops.connect(s, moved.id, moved.participantKey)
    await client.synced
    expect(noteText(client.doc, 'shape:old')).toBe('Från förr')
  })
})
