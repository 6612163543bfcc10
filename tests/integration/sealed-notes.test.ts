/**
 * Private writing held by the server: a device's private notes wait on the server, apart from
 * the document, and the reveal puts them in even when their device has gone away.
 */
import { describe, expect, it } from 'vitest'
import { getRecordsMap, readAllRecords, readRecord, readSealedCounts, type JsonRecord } from '@sfs/shared'
import { createWorkshop, joinAsPerson, noteOn, noteText, testWorkshops, waitFor, watchFor, type TestServer } from './helpers.ts'

const room = testWorkshops()
let s: TestServer

describe('private notes held by the server', () => {
  it('are in nobody’s document before the reveal, are counted for the facilitator, and all appear at the reveal, with no device left', async () => {
    s = await room.start()
    const w = await createWorkshop(s, { title: 'Modigt', boards: ['brave-space', 'swot'] })
    const watcher = room.connect(s, w.id, w.viewerKey)
    await watcher.synced
    const [brave, swot] = readAllRecords(watcher.doc).filter((r) => r.typeName === 'page').map((r) => r.id)
    const api = (method: string, path: string, key: string, body?: unknown, token?: string) =>
      fetch(`${s.url}/api/workshops/${w.id}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, ...(token ? { 'X-Person-Token': token } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const anna = await joinAsPerson(s, w.id, w.participantKey)
    const bo = await joinAsPerson(s, w.id, w.participantKey)
    const privateNote = (board: string, id: string, text: string, owner: string) => {
      const record = noteOn(board, id, text)
      return { ...record, meta: { private: true, owner } } as JsonRecord
    }
    const seal = (board: string, record: JsonRecord, token: string) => api('PUT', `/boards/${board}/sealed/${record.id}`, w.participantKey, { record }, token)

    // Not while the board is open for all.
    expect((await seal(brave!, privateNote(brave!, 'shape:early', 'För tidigt', anna.userId), anna.token)).status).toBe(409)
    expect((await api('POST', `/boards/${brave}/private`, w.facilitatorKey, { on: true })).status).toBe(200)

    const leaked = watchFor([watcher.doc], (doc) => JSON.stringify(readAllRecords(doc)).includes('hemlig'))
    const annas = privateNote(brave!, 'shape:annas', 'Annas hemliga lapp', anna.userId)
    expect((await seal(brave!, annas, anna.token)).status).toBe(204)
    const changed = noteOn(brave!, 'x', 'Annas hemliga lapp, ändrad').props as { richText: unknown }
    expect((await seal(brave!, { ...annas, props: { ...(annas.props as object), richText: changed.richText } }, anna.token)).status).toBe(204)
    expect((await seal(brave!, privateNote(brave!, 'shape:bos', 'Bos hemliga lapp', bo.userId), bo.token)).status).toBe(204)
    expect((await seal(brave!, privateNote(brave!, 'shape:bos-2', 'Bos andra hemliga', bo.userId), bo.token)).status).toBe(204)
    await waitFor(() => readSealedCounts(watcher.doc)[brave!]?.notes === 3, 'the count reaches the room')
    expect(readSealedCounts(watcher.doc)[brave!]).toEqual({ notes: 3, writers: 2 })

    // What is refused: someone else's note, a note on another board or not private, a record that is not a note, no token.
    expect((await seal(brave!, annas, bo.token)).status).toBe(403)
    expect((await seal(brave!, privateNote(brave!, 'shape:fake', 'I Annas namn', anna.userId), bo.token)).status).toBe(403)
    expect((await seal(brave!, privateNote(swot!, 'shape:other', 'Fel tavla', anna.userId), anna.token)).status).toBe(400)
    expect((await seal(brave!, { ...annas, id: 'shape:annas', meta: { owner: anna.userId } }, anna.token)).status).toBe(400)
    expect((await seal(brave!, { ...annas, type: 'geo' }, anna.token)).status).toBe(400)
    expect((await seal(brave!, { ...annas, props: { nonsense: true } }, anna.token)).status).toBe(400)
    expect((await api('PUT', `/boards/${brave}/sealed/shape:annas`, w.participantKey, { record: annas })).status).toBe(401)
    expect((await api('PUT', `/boards/${brave}/sealed/shape:annas`, w.viewerKey, { record: annas }, anna.token)).status).toBe(403)
    // Bo deletes one of his before the reveal; Anna cannot delete his.
    expect((await api('DELETE', `/boards/${brave}/sealed/shape:bos-2`, w.participantKey, undefined, anna.token)).status).toBe(403)
    expect((await api('DELETE', `/boards/${brave}/sealed/shape:bos-2`, w.participantKey, undefined, bo.token)).status).toBe(204)
    await waitFor(() => readSealedCounts(watcher.doc)[brave!]?.notes === 2, 'the count follows')

    // Every device has gone; the facilitator reveals; the notes are on the board, public and named by nobody.
    await new Promise((r) => setTimeout(r, 300))
    expect(leaked.ever()).toBe(false)
    expect((await api('POST', `/boards/${brave}/private`, w.facilitatorKey, { on: false })).status).toBe(200)
    await waitFor(() => noteText(watcher.doc, 'shape:bos') !== undefined, 'the held notes revealed')
    expect(noteText(watcher.doc, 'shape:annas')).toBe('Annas hemliga lapp, ändrad')
    expect(noteText(watcher.doc, 'shape:bos-2')).toBeUndefined()
    expect(readRecord(getRecordsMap(watcher.doc), 'shape:annas')!.meta).toEqual({ owner: anna.userId })
    expect(readSealedCounts(watcher.doc)[brave!]).toBeUndefined()
    // Held no longer: a second reveal adds nothing, and a late copy is refused as already there.
    expect((await api('POST', `/boards/${brave}/private`, w.facilitatorKey, { on: true })).status).toBe(200)
    expect((await seal(brave!, annas, anna.token)).status).toBe(409)
  })

  it('bound a person’s writes in rate: a script that floods them gets 429, the others write on', async () => {
    s = await room.start()
    const w = await createWorkshop(s, { title: 'Flod', boards: ['brave-space'] })
    const watcher = room.connect(s, w.id, w.viewerKey)
    await watcher.synced
    const brave = readAllRecords(watcher.doc).find((r) => r.typeName === 'page')!.id
    expect((await fetch(`${s.url}/api/workshops/${w.id}/boards/${brave}/private`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` }, body: JSON.stringify({ on: true }) })).status).toBe(200)
    const seal = (i: number, person: { token: string; userId: string }) => {
      const record = { ...noteOn(brave, `shape:flod${i}`, `Lapp ${i}`), meta: { private: true, owner: person.userId } }
      return fetch(`${s.url}/api/workshops/${w.id}/boards/${brave}/sealed/${record.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.participantKey}`, 'X-Person-Token': person.token },
        body: JSON.stringify({ record }),
      }).then((r) => r.status)
    }
    const flooder = await joinAsPerson(s, w.id, w.participantKey)
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => seal(i, flooder)))
    expect(statuses.filter((st) => st === 429).length).toBeGreaterThan(0)
    expect(statuses.every((st) => st === 204 || st === 429)).toBe(true)
    // A colleague is not slowed by it, and the flooder may write again a moment later.
    const colleague = await joinAsPerson(s, w.id, w.participantKey)
    expect(await seal(1000, colleague)).toBe(204)
    await new Promise((r) => setTimeout(r, 300))
    expect(await seal(1001, flooder)).toBe(204)
  })
})
