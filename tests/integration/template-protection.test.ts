import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getMetaMap, getRecordsMap, jsonEqual, patchRecord, putRecord, readAllRecords, readRecord, readWorkshopMeta, type JsonRecord } from '@sfs/shared'
import { attempt, createWorkshop, note, storedDoc, testWorkshops, waitFor, watchFor, type TestServer } from './helpers.ts'

const room = testWorkshops()
let s: TestServer

const templateRecords = (doc: Y.Doc) => readAllRecords(doc).filter((r) => (r.meta as { template?: boolean } | undefined)?.template).sort((a, b) => a.id.localeCompare(b.id))
const zone = (doc: Y.Doc, key: string) => readAllRecords(doc).find((r) => (r.meta as { zone?: string }).zone === key)!
const sameTemplate = (doc: Y.Doc, original: JsonRecord[]) => jsonEqual(templateRecords(doc), original)

async function setup(boards = ['swot']) {
  s = await room.start()
  const w = await createWorkshop(s, { title: 'Skyddad mall', city: 'Malmö', boards })
  const participant = room.connect(s, w.id, w.participantKey)
  const facilitator = room.connect(s, w.id, w.facilitatorKey)
  await Promise.all([participant, facilitator].map((c) => c.synced))
  return { w, participant, facilitator, original: templateRecords(participant.doc) }
}

describe('template protection on the server', () => {
  it('lets a participant move a movable template shape, and nothing more', async () => {
    const { w, participant, facilitator } = await setup(['a3-rutin'])
    const marker = readAllRecords(participant.doc).find((r) => (r.meta as { movable?: boolean }).movable)!
    const moved: JsonRecord = { ...marker, x: Number(marker.x) + 400 }
    participant.doc.transact(() => patchRecord(getRecordsMap(participant.doc), marker, moved))
    await waitFor(() => readRecord(getRecordsMap(facilitator.doc), marker.id)?.x === moved.x, 'move arrives')

    const watch = watchFor([participant.doc, facilitator.doc], (doc) => !jsonEqual(readRecord(getRecordsMap(doc), marker.id), moved))
    const recolour = (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), moved, { ...moved, props: { ...(moved.props as object), color: 'green' } }))
    expect(await attempt(s, w.id, w.participantKey, recolour)).toBe(4403)
    expect(await attempt(s, w.id, w.participantKey, (doc) => getRecordsMap(doc).delete(marker.id))).toBe(4403)
    expect(watch.ever()).toBe(false)
    expect(readRecord(getRecordsMap(await storedDoc(s, w.id)), marker.id)).toEqual(moved)
  })

  it("refuses a participant's moves, deletions and rewrites of the template before anyone sees them", async () => {
    const { w, participant, facilitator, original } = await setup()
    expect(original.length).toBeGreaterThan(4)
    const styrkor = zone(participant.doc, 'styrkor')
    const heading = original.find((r) => (r.meta as { text?: string }).text === 'heading')!
    const page = original.find((r) => r.typeName === 'page')!
    const watch = watchFor([participant.doc, facilitator.doc], (doc) => !sameTemplate(doc, original) || readWorkshopMeta(doc).title !== 'Skyddad mall' || readRecord(getRecordsMap(doc), 'shape:fake-template') !== null)
    const attacks: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.transact(() => patchRecord(getRecordsMap(doc), styrkor, { ...styrkor, x: 900, isLocked: false })),
      (doc) => getRecordsMap(doc).delete(heading.id),
      (doc) => doc.transact(() => patchRecord(getRecordsMap(doc), page, { ...page, name: 'Kapad' })),
      (doc) => doc.transact(() => putRecord(getRecordsMap(doc), { ...note(doc, 'shape:fake-template', 'mall'), meta: { template: true } })),
      (doc) => getMetaMap(doc).set('title', 'Kapad titel'),
    ]
    for (const change of attacks) expect(await attempt(s, w.id, w.participantKey, change)).toBe(4403)
    // An ordinary note is of course kept.
    participant.doc.transact(() => putRecord(getRecordsMap(participant.doc), note(participant.doc, 'shape:lapp', 'min lapp')))
    await waitFor(() => readRecord(getRecordsMap(facilitator.doc), 'shape:lapp') !== null, 'note arrives')
    expect(watch.ever()).toBe(false)
    const stored = await storedDoc(s, w.id)
    expect(templateRecords(stored)).toEqual(original)
    expect(readWorkshopMeta(stored).title).toBe('Skyddad mall')
    // Each attempt was refused for what it tried, not for some side effect.
    const reasons = s.logs.filter((l) => l.includes('sync.update_refused')).map((l) => JSON.parse(l).why as string)
    expect(reasons).toEqual([
      expect.stringContaining('template is the facilitator’s'),
      expect.stringContaining('template is the facilitator’s'),
      expect.stringContaining('may not write page records'),
      expect.stringContaining('meta.template is the facilitator’s'),
      expect.stringContaining('workshop facts are the facilitator’s'),
    ])
  })

  it('lets the facilitator reword and move the template, and protects the new version', async () => {
    const { w, facilitator, participant } = await setup()
    const hot = zone(facilitator.doc, 'hot')
    const reworded: JsonRecord = { ...hot, y: 700, props: { ...(hot.props as object), richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hot (utifrån)' }] }] } } }
    facilitator.doc.transact(() => patchRecord(getRecordsMap(facilitator.doc), hot, reworded))
    getMetaMap(facilitator.doc).set('city', 'Lund')
    await waitFor(() => zone(participant.doc, 'hot').y === 700 && readWorkshopMeta(participant.doc).city === 'Lund', 'facilitator edit arrives')

    expect(await attempt(s, w.id, w.participantKey, (doc) => doc.transact(() => patchRecord(getRecordsMap(doc), zone(doc, 'hot'), { ...zone(doc, 'hot'), y: 0 })))).toBe(4403)
    for (const doc of [participant.doc, facilitator.doc, await storedDoc(s, w.id)]) {
      expect(zone(doc, 'hot')).toEqual(reworded)
      expect(readWorkshopMeta(doc).city).toBe('Lund')
    }
  })
})
