import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, patchRecord, putRecord, readRecord, type JsonRecord } from '@sfs/shared'
import { attempt, connect, createWorkshop, joinAsPerson, note, noteText, storedDoc, testWorkshops, waitFor, watchFor, type TestServer } from './helpers.ts'

const room = testWorkshops()

/** Anna's note, as her browser makes it: her id as its owner. */
const owned = (doc: Y.Doc, id: string, text: string, owner: string): JsonRecord => {
  const record = note(doc, id, text)
  return { ...record, meta: { ...(record.meta as object), owner } }
}

async function setup(s: TestServer) {
  const w = await createWorkshop(s, { title: 'Gruppera', city: 'Malmö', boards: ['brave-space'] })
  const [anna, bo] = [await joinAsPerson(s, w.id, w.participantKey), await joinAsPerson(s, w.id, w.participantKey)]
  const annas = connect(s, w.id, w.participantKey, new Y.Doc(), anna.token)
  const bos = connect(s, w.id, w.participantKey, new Y.Doc(), bo.token)
  await Promise.all([annas.synced, bos.synced])
  const record = owned(annas.doc, 'shape:annas', 'Jag är rädd för chefen', anna.userId)
  annas.doc.transact(() => putRecord(getRecordsMap(annas.doc), record))
  await waitFor(() => readRecord(getRecordsMap(bos.doc), record.id) !== null, 'Anna’s note reaches Bo')
  return { w, anna, bo, annas, bos, record }
}

describe("a colleague's note on the server", () => {
  it('can be moved by another participant, but not rewritten, recoloured or deleted', async () => {
    const s = await room.start()
    const { w, bo, annas, bos, record } = await setup(s)

    const moved: JsonRecord = { ...record, x: 900, y: 420 }
    bos.doc.transact(() => patchRecord(getRecordsMap(bos.doc), record, moved))
    await waitFor(() => readRecord(getRecordsMap(annas.doc), record.id)?.x === 900, 'the move reaches Anna')

    const colour = (doc: Y.Doc) => (readRecord(getRecordsMap(doc), record.id)?.props as { color?: string } | undefined)?.color
    const watch = watchFor([annas.doc], (doc) => noteText(doc, record.id) !== 'Jag är rädd för chefen' || colour(doc) !== colour(bos.doc))
    const rewrite = (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), moved, owned(doc, record.id, 'Allt bra', String((record.meta as { owner: string }).owner))))
    const recolour = (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), moved, { ...moved, props: { ...(moved.props as object), color: 'red' } }))
    const remove = (doc: Y.Doc) => getRecordsMap(doc).delete(record.id)
    for (const change of [rewrite, recolour, remove]) expect(await attempt(s, w.id, w.participantKey, change, 1000, bo.token)).toBe(4403)
    expect(watch.ever()).toBe(false)
    expect(noteText(await storedDoc(s, w.id), record.id)).toBe('Jag är rädd för chefen')
  })

  it('cannot be made in a colleague’s name or handed to someone else', async () => {
    const s = await room.start()
    const { w, anna, bo, annas, record } = await setup(s)
    const forged = (doc: Y.Doc) => doc.transact(() => putRecord(getRecordsMap(doc), owned(doc, 'shape:forged', 'Anna skrev detta', anna.userId)))
    expect(await attempt(s, w.id, w.participantKey, forged, 1000, bo.token)).toBe(4403)
    const handOver = (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), record, { ...record, meta: { owner: bo.userId } }))
    expect(await attempt(s, w.id, w.participantKey, handOver, 1000, anna.token)).toBe(4403)
    expect(readRecord(getRecordsMap(annas.doc), 'shape:forged')).toBeNull()
  })

  it('stays changeable and deletable by its writer and by the facilitator', async () => {
    const s = await room.start()
    const { w, anna, annas, bos, record } = await setup(s)
    const fia = await joinAsPerson(s, w.id, w.facilitatorKey)
    const edited = owned(annas.doc, record.id, 'Jag är rädd för chefen och hyresvärden', anna.userId)
    annas.doc.transact(() => patchRecord(getRecordsMap(annas.doc), record, edited))
    await waitFor(() => noteText(bos.doc, record.id) === 'Jag är rädd för chefen och hyresvärden', 'Anna’s edit arrives')
    const facilitatorEdit = (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), edited, owned(doc, record.id, 'Rättad av facilitatorn', anna.userId)))
    expect(await attempt(s, w.id, w.facilitatorKey, facilitatorEdit, 500, fia.token)).toBe(0)
    await waitFor(() => noteText(bos.doc, record.id) === 'Rättad av facilitatorn', 'the facilitator’s edit arrives')
    annas.doc.transact(() => getRecordsMap(annas.doc).delete(record.id))
    await waitFor(() => readRecord(getRecordsMap(bos.doc), record.id) === null, 'Anna’s deletion arrives')
  })
})
