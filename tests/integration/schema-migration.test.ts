import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import {
  getMetaMap,
  getRecordsMap,
  NewerDocumentError,
  readAllRecords,
  readRecord,
  SCHEMA_KEY,
  schemaAge,
  upgradeDocument,
  validateDocumentRecord,
  workshopSchema,
  type JsonRecord,
} from '@sfs/shared'
import { olderWorkshopDoc } from '@sfs/shared/testing'
import { BOARDS, workshopTemplates } from '@sfs/boards'
import { note, textAt } from '@sfs/boards/fixtures'
import { closeOf, noteText, rawSocket, storedDoc, testWorkshops, createWorkshop, waitFor } from './helpers.ts'

const workshops = testWorkshops()

/** Every board of the method with notes and a text on the first, as the current tldraw writes them. */
function currentWorkshop(): JsonRecord[] {
  const templates = workshopTemplates(BOARDS.map((b) => b.kind), { title: 'Från förr', city: 'Gävle' }, () => `page:${nanoid(12)}`)
  const board = templates.find((r) => r.typeName === 'page')!.id
  return [...templates, note('Hyresvärdar i centrum', 100, 100, board, { id: 'shape:old1' }), note('Tillit mellan polis och socialtjänst', 400, 100, board, { id: 'shape:old2' }), textAt('Rubrik från förr', 100, 400, board)]
}

const invalidUnderCurrentSchema = (records: JsonRecord[]) =>
  records.filter((record) => {
    try {
      validateDocumentRecord(workshopSchema(), record)
      return false
    } catch {
      return true
    }
  })

describe('a workshop written by an older tldraw', () => {
  it('is migrated with tldraw’s own migrations: every record returns as the current version writes it', () => {
    const original = currentWorkshop()
    const doc = olderWorkshopDoc(original)
    // Without migration the old records fail validation: readers would skip them and the workshop would open empty.
    expect(invalidUnderCurrentSchema(readAllRecords(doc)).length).toBeGreaterThanOrEqual(3)
    expect(schemaAge(doc).kind).toBe('older')

    expect(upgradeDocument(doc, 'test')).toBe(true)
    const migrated = readAllRecords(doc)
    expect(invalidUnderCurrentSchema(migrated)).toEqual([])
    expect(new Map(migrated.map((r) => [r.id, r]))).toEqual(new Map(original.map((r) => [r.id, r])))
    expect(getMetaMap(doc).get(SCHEMA_KEY)).toEqual(workshopSchema().serialize())
    expect(schemaAge(doc).kind).toBe('current')
    expect(upgradeDocument(doc, 'test')).toBe(false)
  })

  it('reaches other copies as one ordinary update: a device that kept the old copy merges into the migrated one', () => {
    const server = olderWorkshopDoc(currentWorkshop())
    const device = new Y.Doc()
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server))
    const updates: Uint8Array[] = []
    server.on('update', (update: Uint8Array) => updates.push(update))
    upgradeDocument(server, 'test')
    expect(updates).toHaveLength(1)
    Y.applyUpdate(device, updates[0]!)
    expect(readAllRecords(device)).toEqual(readAllRecords(server))
  })

  it('a document written by a newer version is not touched', () => {
    const doc = olderWorkshopDoc(currentWorkshop())
    const current = workshopSchema().serialize()
    getMetaMap(doc).set(SCHEMA_KEY, { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 99 } })
    const before = Y.encodeStateVector(doc)
    expect(() => upgradeDocument(doc, 'test')).toThrow(NewerDocumentError)
    expect(Y.encodeStateVector(doc)).toEqual(before)

    getMetaMap(doc).set(SCHEMA_KEY, { ...current, sequences: { ...current.sequences, 'com.example.shape.hologram': 1 } })
    expect(schemaAge(doc)).toMatchObject({ kind: 'newer', why: expect.stringContaining('hologram') })
    getMetaMap(doc).set(SCHEMA_KEY, current)
    getMetaMap(doc).set('formatVersion', 99)
    expect(schemaAge(doc)).toMatchObject({ kind: 'newer', why: expect.stringContaining('format 99') })
  })
})

describe('the server opening stored workshops', () => {
  it('migrates an older workshop once, when it is first opened: a stock client receives every note', async () => {
    const s = await workshops.start()
    const w = await createWorkshop(s, { title: 'Ny', boards: ['swot'] })
    const older = olderWorkshopDoc(currentWorkshop())
    await s.storage.compact(w.id, Y.encodeStateAsUpdate(older))

    const client = workshops.connect(s, w.id, w.participantKey)
    await client.synced
    expect(noteText(client.doc, 'shape:old1')).toBe('Hyresvärdar i centrum')
    expect(noteText(client.doc, 'shape:old2')).toBe('Tillit mellan polis och socialtjänst')
    expect(invalidUnderCurrentSchema(readAllRecords(client.doc))).toEqual([])
    await waitFor(async () => schemaAge(await storedDoc(s, w.id)).kind === 'current', 'the migration is stored')
    expect(s.logs.some((line) => line.includes('storage.workshop_migrated'))).toBe(true)

    const results = await fetch(`${s.url}/api/workshops/${w.id}/results`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })
    expect(JSON.stringify(await results.json())).toContain('Hyresvärdar i centrum')
  })

  it('a workshop of a newer version and one whose data cannot be read each answer a clear error; the rest of the server works', async () => {
    const s = await workshops.start()
    const [newer, broken, fine] = [await createWorkshop(s), await createWorkshop(s), await createWorkshop(s)]
    const newerDoc = await storedDoc(s, newer.id)
    const current = workshopSchema().serialize()
    getMetaMap(newerDoc).set(SCHEMA_KEY, { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 99 } })
    await s.storage.compact(newer.id, Y.encodeStateAsUpdate(newerDoc))
    const newerBytes = await s.storage.load(newer.id)
    const valid = (await s.storage.load(broken.id))[0]!
    await s.storage.compact(broken.id, valid.slice(0, Math.floor(valid.length / 2)))

    const details = (w: { id: string; facilitatorKey: string }) => fetch(`${s.url}/api/workshops/${w.id}`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })
    const newerAnswer = await details(newer)
    expect(newerAnswer.status).toBe(409)
    expect(await newerAnswer.json()).toEqual({ error: { code: 'workshop_newer_version', message: expect.stringContaining('newer version') } })
    const brokenAnswer = await details(broken)
    expect(brokenAnswer.status).toBe(500)
    expect(await brokenAnswer.json()).toEqual({ error: { code: 'workshop_unreadable', message: expect.stringContaining('backup') } })

    expect(await closeOf(await rawSocket(s, newer.id, newer.participantKey))).toMatchObject({ code: 4426 })
    expect(await closeOf(await rawSocket(s, broken.id, broken.participantKey))).toMatchObject({ code: 4422 })
    // Nothing was written to the newer workshop.
    expect(await s.storage.load(newer.id)).toEqual(newerBytes)

    expect((await details(fine)).status).toBe(200)
    const client = workshops.connect(s, fine.id, fine.participantKey)
    await client.synced
    expect(readRecord(getRecordsMap(client.doc), readAllRecords(client.doc).find((r) => r.typeName === 'page')!.id)).not.toBeNull()
  })

  it('a snapshot kept before an upgrade brings its board back migrated', async () => {
    const s = await workshops.start()
    const w = await createWorkshop(s, { title: 'Ny', boards: ['swot'] })
    const client = workshops.connect(s, w.id, w.participantKey)
    await client.synced
    const board = readAllRecords(client.doc).find((r) => r.typeName === 'page')!
    const older = olderWorkshopDoc([...readAllRecords(client.doc), note('Från en gammal ögonblicksbild', 200, 200, board.id, { id: 'shape:kept' })])
    const kept = await s.storage.saveSnapshot(w.id, { takenAt: '2025-06-01T10:00:00.000Z', reason: 'auto' }, Y.encodeStateAsUpdate(older), 24)
    const restore = await fetch(`${s.url}/api/workshops/${w.id}/boards/${board.id}/restore`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` }, body: JSON.stringify({ snapshot: kept.id }) })
    expect(restore.status).toBe(200)
    await waitFor(() => noteText(client.doc, 'shape:kept') === 'Från en gammal ögonblicksbild', 'the note comes back')
    expect(invalidUnderCurrentSchema(readAllRecords(client.doc))).toEqual([])
  })
})
