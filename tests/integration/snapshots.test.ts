import { describe, expect, it } from 'vitest'
import { getRecordsMap, putRecord, readAllRecords, readRecord } from '@sfs/shared'
import { createWorkshop, firstBoard, noteOn, storedDoc, testWorkshops, waitFor } from './helpers.ts'

const workshops = testWorkshops()

describe('kept snapshots', () => {
  it('the facilitator brings one board back as it was: lost notes return, later ones go, other boards stay', async () => {
    const s = await workshops.start()
    const w = await createWorkshop(s, { title: 'Olycka', boards: ['swot', 'brave-space'] })
    const anna = workshops.connect(s, w.id, w.participantKey)
    await anna.synced
    const [swot, brave] = readAllRecords(anna.doc).filter((r) => r.typeName === 'page').sort((a, b) => String(a.index).localeCompare(String(b.index))).map((r) => r.id)
    const records = getRecordsMap(anna.doc)
    const put = (...notes: ReturnType<typeof noteOn>[]) => anna.doc.transact(() => notes.forEach((n) => putRecord(records, n)))
    put(noteOn(swot!, 'shape:strength', 'Starkt nätverk'), noteOn(swot!, 'shape:threat', 'Få resurser', 900, 700))
    const call = (method: string, path: string, key: string, body?: unknown) =>
      fetch(`${s.url}/api/workshops/${w.id}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: body === undefined ? undefined : JSON.stringify(body) })
    await waitFor(async () => readRecord(getRecordsMap(await storedDoc(s, w.id)), 'shape:threat') !== null, 'the notes are stored')

    const taken = (await (await call('POST', '/snapshots', w.facilitatorKey)).json()) as { id: number; takenAt: string; reason: string }
    expect(taken).toMatchObject({ id: expect.any(Number), reason: 'manual' })

    // The accident: both notes deleted; then a new note, and one on another board.
    anna.doc.transact(() => {
      records.delete('shape:strength')
      records.delete('shape:threat')
    })
    put(noteOn(swot!, 'shape:later', 'Skrevs efteråt'), noteOn(brave!, 'shape:elsewhere', 'På en annan tavla'))
    await waitFor(async () => readRecord(getRecordsMap(await storedDoc(s, w.id)), 'shape:elsewhere') !== null, 'the later notes are stored')

    expect((await call('POST', `/boards/${swot}/restore`, w.participantKey, { snapshot: taken.id })).status).toBe(403)
    expect((await call('GET', '/snapshots', w.participantKey)).status).toBe(403)
    expect((await call('POST', `/boards/${swot}/restore`, w.facilitatorKey, { snapshot: 999_999 })).status).toBe(404)
    expect((await call('POST', `/boards/page:nope/restore`, w.facilitatorKey, { snapshot: taken.id })).status).toBe(404)
    expect((await call('POST', `/boards/${swot}/restore`, w.facilitatorKey, { snapshot: 'x' })).status).toBe(400)

    const listed = async () => (await (await call('GET', '/snapshots', w.facilitatorKey)).json()) as { id: number; reason: string }[]
    const before = (await listed()).length
    expect((await call('POST', `/boards/${swot}/restore`, w.facilitatorKey, { snapshot: taken.id })).status).toBe(200)
    await waitFor(() => records.has('shape:strength') && records.has('shape:threat') && !records.has('shape:later'), 'the board as it was reaches the participant')
    expect(records.has('shape:elsewhere')).toBe(true)
    const stored = getRecordsMap(await storedDoc(s, w.id))
    expect([stored.has('shape:strength'), stored.has('shape:later'), stored.has('shape:elsewhere')]).toEqual([true, false, true])

    // The restore kept a snapshot of the moment before it, so it can be taken back.
    const list = await listed()
    expect(list).toHaveLength(before + 1)
    expect(list[0]!.reason).toBe('before-restore')
    expect((await call('POST', `/boards/${swot}/restore`, w.facilitatorKey, { snapshot: list[0]!.id })).status).toBe(200)
    await waitFor(() => records.has('shape:later') && !records.has('shape:strength'), 'the restore is taken back')
  })

  it('keeps a snapshot of a workshop being worked on, at most as many as set, and none after it is deleted', async () => {
    const s = await workshops.start({ SNAPSHOT_EVERY_MINUTES: '0', SNAPSHOTS_KEPT: '3' })
    const w = await createWorkshop(s, { title: 'Arbete', boards: ['swot'] })
    const anna = workshops.connect(s, w.id, w.participantKey)
    await anna.synced
    const list = async () => (await (await fetch(`${s.url}/api/workshops/${w.id}/snapshots`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })).json()) as unknown[]
    for (let i = 0; i < 6; i++) {
      anna.doc.transact(() => putRecord(getRecordsMap(anna.doc), noteOn(firstBoard(anna.doc), `shape:n${i}`, `Lapp ${i}`)))
      await waitFor(async () => (await list()).length >= Math.min(3, i + 1), `snapshot after change ${i}`)
    }
    expect((await list()).map((v) => (v as { reason: string }).reason)).toEqual(['auto', 'auto', 'auto'])
    expect((await fetch(`${s.url}/api/workshops/${w.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${w.facilitatorKey}` } })).status).toBe(204)
    expect(await s.storage.listSnapshots(w.id)).toEqual([])
  })
})
