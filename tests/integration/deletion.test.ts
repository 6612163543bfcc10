import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getRecordsMap, putRecord, readRecord } from '@sfs/shared'
import { createWorkshop, firstBoard, joinAsPerson, noteOn, storedDoc, testWorkshops, waitFor } from './helpers.ts'

const workshops = testWorkshops()

/** Which of `needles` some file under `dir` holds, as UTF-8 bytes (the database, its -wal and -shm alike). */
function foundOnDisk(dir: string, needles: string[]): string[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
  const contents = files.map((entry) => readFileSync(join(entry.parentPath, entry.name)))
  return needles.filter((needle) => contents.some((bytes) => bytes.includes(Buffer.from(needle, 'utf8'))))
}

describe('deleting a workshop', () => {
  it('leaves none of its text, names or keys in any file under DATA_DIR once the 204 is sent', async () => {
    const s = await workshops.start({ SNAPSHOT_EVERY_MINUTES: '0' })
    const doomed = await createWorkshop(s, { title: 'Raderas-titel-Qx7', city: 'Raderstad-Vk2', boards: ['swot', 'brave-space'] })
    const kept = await createWorkshop(s, { title: 'Behålls-titel-Lm4', city: 'Kvarstad-Pp9', boards: ['swot'] })

    const person = await joinAsPerson(s, doomed.id, doomed.participantKey)
    const anna = workshops.connect(s, doomed.id, doomed.participantKey, person.token)
    const other = workshops.connect(s, kept.id, kept.participantKey)
    await Promise.all([anna.synced, other.synced])
    anna.doc.transact(() => putRecord(getRecordsMap(anna.doc), noteOn(firstBoard(anna.doc), 'shape:secret', 'Hemlig-anteckning-om-utsatt-Zr8 åäö')))
    other.doc.transact(() => putRecord(getRecordsMap(other.doc), noteOn(firstBoard(other.doc), 'shape:kept', 'Kvarvarande-lapp-Tt3')))
    await waitFor(async () => readRecord(getRecordsMap(await storedDoc(s, doomed.id)), 'shape:secret') !== null, 'the note is stored')
    await waitFor(async () => (await s.storage.listSnapshots(doomed.id)).length > 0, 'a snapshot holds it too')

    const doomedTraces = ['Hemlig-anteckning-om-utsatt-Zr8', 'Raderas-titel-Qx7', 'Raderstad-Vk2', person.userId, doomed.participantKey, doomed.viewerKey]
    const keptTraces = ['Kvarvarande-lapp-Tt3', 'Behålls-titel-Lm4', kept.participantKey]
    // The search finds what is there: everything of both workshops, before the delete.
    expect(foundOnDisk(s.dataDir, [...doomedTraces, ...keptTraces])).toEqual([...doomedTraces, ...keptTraces])

    const response = await fetch(`${s.url}/api/workshops/${doomed.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${doomed.facilitatorKey}` } })
    expect(response.status).toBe(204)
    expect(foundOnDisk(s.dataDir, doomedTraces)).toEqual([])
    expect(foundOnDisk(s.dataDir, keptTraces)).toEqual(keptTraces)

    // The other workshop goes on as before.
    other.doc.transact(() => putRecord(getRecordsMap(other.doc), noteOn(firstBoard(other.doc), 'shape:after', 'Efteråt')))
    await waitFor(async () => readRecord(getRecordsMap(await storedDoc(s, kept.id)), 'shape:after') !== null, 'the other workshop still stores')
  })
})
