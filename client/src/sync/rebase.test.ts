import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, patchRecord, putRecords, readRecord, richTextToPlain, type JsonRecord, type Writer } from '@sfs/shared'
import { workshopTemplates } from '@sfs/boards'
import { note } from '@sfs/boards/fixtures'
import { rebaseUnsent, unsentRecordIds } from './rebase.ts'

const participant: Writer = { role: 'participant', userId: 'anna' }
const valid = () => true

/** The server's copy of a workshop with two boards, and a device that synced it. */
function workshop() {
  const server = new Y.Doc()
  let n = 0
  putRecords(server, workshopTemplates(['swot', 'brave-space'], { title: 'Arbetspass', city: 'Malmö' }, () => `page:board${++n}`))
  const device = new Y.Doc()
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server))
  return { server, device }
}

const records = (doc: Y.Doc) => getRecordsMap(doc)
const textOf = (doc: Y.Doc, id: string) => {
  const record = readRecord(records(doc), id)
  return record ? richTextToPlain((record.props as { richText: never }).richText) : undefined
}
const update = (doc: Y.Doc, id: string, change: (r: JsonRecord) => JsonRecord) => {
  const before = readRecord(records(doc), id)!
  doc.transact(() => patchRecord(records(doc), before, change(before)))
}
const lock = (doc: Y.Doc, page: string) => update(doc, page, (r) => ({ ...r, meta: { ...(r.meta as object), locked: true } }))

describe('re-applying what the server refused, on the server’s copy', () => {
  it('keeps the notes a locked board no longer takes aside, and applies the rest', () => {
    const { server, device } = workshop()
    // Offline, Anna writes on both boards; meanwhile the facilitator locks the first.
    putRecords(device, [note('På den låsta tavlan', 100, 100, 'page:board1', { id: 'shape:locked' }), note('På den öppna tavlan', 100, 100, 'page:board2', { id: 'shape:open' })])
    lock(server, 'page:board1')

    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    const result = rebaseUnsent(device, fresh, participant, valid)

    expect(textOf(fresh, 'shape:open')).toBe('På den öppna tavlan')
    expect(records(fresh).has('shape:locked')).toBe(false)
    expect(result.setAside.map((r) => r.id)).toEqual(['shape:locked'])
    expect(readRecord(records(fresh), 'page:board1')!.meta).toMatchObject({ locked: true })
  })

  it("keeps a colleague's move of the note this device re-wrote offline", () => {
    const { server, device } = workshop()
    putRecords(server, [note('Före', 100, 100, 'page:board2', { id: 'shape:n' })])
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server))
    update(device, 'shape:n', (r) => ({ ...r, props: { ...(r.props as object), richText: (note('Efter', 0, 0).props as { richText: unknown }).richText } }))
    update(server, 'shape:n', (r) => ({ ...r, x: 640 }))

    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    rebaseUnsent(device, fresh, participant, valid)
    expect(textOf(fresh, 'shape:n')).toBe('Efter')
    expect(readRecord(records(fresh), 'shape:n')!.x).toBe(640)
  })

  it('applies a deletion the server has not seen, and nothing the server already has', () => {
    const { server, device } = workshop()
    putRecords(server, [note('Ska bort', 100, 100, 'page:board2', { id: 'shape:gone' })])
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server))
    device.transact(() => records(device).delete('shape:gone'))

    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    expect([...unsentRecordIds(device, fresh)]).toEqual(['shape:gone'])
    expect(rebaseUnsent(device, fresh, participant, valid).applied).toBe(1)
    expect(records(fresh).has('shape:gone')).toBe(false)
  })

  it('finds nothing to re-apply when the device is in step with the server', () => {
    const { server, device } = workshop()
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    expect(unsentRecordIds(device, fresh).size).toBe(0)
    expect(rebaseUnsent(device, fresh, participant, valid)).toEqual({ applied: 0, setAside: [] })
  })

  it('sets aside a record the client-side schema check rejects', () => {
    const { server, device } = workshop()
    putRecords(device, [note('Trasig', 100, 100, 'page:board2', { id: 'shape:broken' })])
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    const result = rebaseUnsent(device, fresh, participant, (r) => r.id !== 'shape:broken')
    expect(result.setAside.map((r) => r.id)).toEqual(['shape:broken'])
    expect(records(fresh).has('shape:broken')).toBe(false)
  })
})
