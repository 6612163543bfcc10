import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getMetaMap, getRecordsMap, patchRecord, putRecord, readAllRecords, readRecord, readWorkshopMeta, type JsonRecord } from '@sfs/shared'
import { createWorkshop, sleep, storedDoc, testWorkshops, waitFor, type TestServer } from './helpers.ts'

const room = testWorkshops()
let s: TestServer

const templateRecords = (doc: Y.Doc) => readAllRecords(doc).filter((r) => (r.meta as { template?: boolean } | undefined)?.template)
const zone = (doc: Y.Doc, key: string) => readAllRecords(doc).find((r) => (r.meta as { zone?: string }).zone === key)!

async function setup() {
  s = await room.start()
  const w = await createWorkshop(s, { title: 'Skyddad mall', city: 'Malmö', boards: ['swot'] })
  const participant = room.connect(s, w.id, w.participantKey)
  const facilitator = room.connect(s, w.id, w.facilitatorKey)
  const other = room.connect(s, w.id, w.participantKey)
  await Promise.all([participant, facilitator, other].map((c) => c.synced))
  return { w, participant, facilitator, other, original: templateRecords(participant.doc) }
}

describe('template protection on the server', () => {
  it('lets a participant move a movable template shape, and nothing more', async () => {
    s = await room.start()
    const w = await createWorkshop(s, { title: 'Rutin', boards: ['a3-rutin'] })
    const participant = room.connect(s, w.id, w.participantKey)
    const other = room.connect(s, w.id, w.participantKey)
    await Promise.all([participant, other].map((c) => c.synced))
    const marker = readAllRecords(participant.doc).find((r) => (r.meta as { movable?: boolean }).movable)!
    participant.doc.transact(() => patchRecord(getRecordsMap(participant.doc), marker, { ...marker, x: Number(marker.x) + 400, props: { ...(marker.props as object), color: 'green' } }))
    await waitFor(() => readRecord(getRecordsMap(other.doc), marker.id)?.x === Number(marker.x) + 400, 'move arrives')
    await sleep(100)
    for (const client of [participant, other]) {
      expect(readRecord(getRecordsMap(client.doc), marker.id)).toEqual({ ...marker, x: Number(marker.x) + 400 })
    }
    participant.doc.transact(() => getRecordsMap(participant.doc).delete(marker.id))
    await waitFor(() => readRecord(getRecordsMap(participant.doc), marker.id) !== null, 'deleted marker restored')
    expect(readRecord(getRecordsMap(participant.doc), marker.id)!.x).toBe(Number(marker.x) + 400)
  })


  it("undoes a participant's moves, deletions and rewrites of the template, for everyone", async () => {
    const { w, participant, other, original } = await setup()
    expect(original.length).toBeGreaterThan(4)
    const records = getRecordsMap(participant.doc)
    const styrkor = zone(participant.doc, 'styrkor')
    const heading = original.find((r) => (r.meta as { text?: string }).text === 'heading')!
    participant.doc.transact(() => {
      patchRecord(records, styrkor, { ...styrkor, x: 900, isLocked: false })
      records.delete(heading.id)
      const page = original.find((r) => r.typeName === 'page')!
      patchRecord(records, page, { ...page, name: 'Kapad' })
      putRecord(records, { id: 'shape:fake-template', typeName: 'shape', type: 'geo', meta: { template: true } })
      // An ordinary note is of course kept.
      putRecord(records, { id: 'shape:lapp', typeName: 'shape', type: 'note', meta: {}, props: { text: 'min lapp' } })
    })
    getMetaMap(participant.doc).set('title', 'Kapad titel')

    for (const client of [participant, other]) {
      await waitFor(() => readRecord(getRecordsMap(client.doc), 'shape:lapp') !== null, 'note arrives')
      await waitFor(() => JSON.stringify(templateRecords(client.doc)) === JSON.stringify(original), 'template restored')
      expect(readRecord(getRecordsMap(client.doc), 'shape:fake-template')).toBeNull()
      expect(readWorkshopMeta(client.doc).title).toBe('Skyddad mall')
    }
    await sleep(50)
    const stored = await storedDoc(s, w.id)
    expect(templateRecords(stored)).toEqual(original)
    expect(readRecord(getRecordsMap(stored), 'shape:lapp')).not.toBeNull()
    expect(s.logs.some((l) => l.includes('template.restored'))).toBe(true)
  })

  it('lets the facilitator reword and move the template, and protects the new version', async () => {
    const { facilitator, participant, other } = await setup()
    const records = getRecordsMap(facilitator.doc)
    const hot = zone(facilitator.doc, 'hot')
    const reworded: JsonRecord = { ...hot, y: 700, props: { ...(hot.props as object), richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hot (utifrån)' }] }] } } }
    facilitator.doc.transact(() => patchRecord(records, hot, reworded))
    getMetaMap(facilitator.doc).set('city', 'Lund')
    await waitFor(() => zone(participant.doc, 'hot').y === 700 && readWorkshopMeta(participant.doc).city === 'Lund', 'facilitator edit arrives')

    const seen = zone(participant.doc, 'hot')
    participant.doc.transact(() => patchRecord(getRecordsMap(participant.doc), seen, { ...seen, y: 0 }))
    await sleep(200)
    for (const client of [participant, other, facilitator]) {
      expect(zone(client.doc, 'hot')).toEqual(reworded)
      expect(readWorkshopMeta(client.doc).city).toBe('Lund')
    }
  })
})
