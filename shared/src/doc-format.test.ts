import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, patchRecord, putRecord, putRecords, readAllRecords, readRecord, type JsonRecord } from './doc-format.ts'

const note = (overrides: Partial<JsonRecord> = {}): JsonRecord => ({
  id: 'shape:n1',
  typeName: 'shape',
  type: 'note',
  x: 0,
  y: 0,
  parentId: 'page:p',
  props: { color: 'yellow', text: 'first' },
  meta: {},
  ...overrides,
})

function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

describe('per-field merge', () => {
  it('keeps a move and a concurrent text edit of the same note', () => {
    const { a, b, sync } = pair()
    const original = note()
    a.transact(() => putRecord(getRecordsMap(a), original))
    sync()

    a.transact(() => patchRecord(getRecordsMap(a), original, { ...original, x: 300, y: 120 }))
    b.transact(() => patchRecord(getRecordsMap(b), original, { ...original, props: { ...original.props as object, text: 'edited' } }))
    sync()

    for (const doc of [a, b]) {
      const merged = readRecord(getRecordsMap(doc), 'shape:n1')!
      expect(merged.x).toBe(300)
      expect(merged.y).toBe(120)
      expect((merged.props as { text: string }).text).toBe('edited')
    }
  })

  it('keeps concurrent changes to different props entries (colour and text)', () => {
    const { a, b, sync } = pair()
    const original = note()
    a.transact(() => putRecord(getRecordsMap(a), original))
    sync()
    a.transact(() => patchRecord(getRecordsMap(a), original, { ...original, props: { color: 'blue', text: 'first' } }))
    b.transact(() => patchRecord(getRecordsMap(b), original, { ...original, props: { color: 'yellow', text: 'second' } }))
    sync()
    expect(readRecord(getRecordsMap(a), 'shape:n1')!.props).toEqual({ color: 'blue', text: 'second' })
    expect(readRecord(getRecordsMap(b), 'shape:n1')!.props).toEqual({ color: 'blue', text: 'second' })
  })

  it('putRecord leaves unchanged fields alone so concurrent writers of other fields survive', () => {
    const { a, b, sync } = pair()
    const original = note()
    a.transact(() => putRecord(getRecordsMap(a), original))
    sync()
    // b rewrites the whole record with only x changed; a changes the text meanwhile.
    b.transact(() => putRecord(getRecordsMap(b), { ...original, x: 50 }))
    a.transact(() => patchRecord(getRecordsMap(a), original, { ...original, props: { color: 'yellow', text: 'kept' } }))
    sync()
    const merged = readRecord(getRecordsMap(a), 'shape:n1')!
    expect(merged.x).toBe(50)
    expect((merged.props as { text: string }).text).toBe('kept')
  })

  it('removes fields and props entries that a record no longer has', () => {
    const doc = new Y.Doc()
    const records = getRecordsMap(doc)
    const original = note({ extra: 1, props: { color: 'yellow', text: 'x', url: 'u' } })
    putRecord(records, original)
    const { extra: _extra, ...withoutExtra } = original
    patchRecord(records, original, { ...withoutExtra, props: { color: 'yellow', text: 'x' } })
    expect(readRecord(records, 'shape:n1')).toEqual({ ...withoutExtra, props: { color: 'yellow', text: 'x' } })
  })

  it('reads records back as the plain JSON that was written, and ignores non-records', () => {
    const doc = new Y.Doc()
    const records = getRecordsMap(doc)
    putRecord(records, note())
    records.set('junk', 'not a map' as never)
    expect(readAllRecords(doc)).toEqual([note()])
  })
})

describe('putRecords', () => {
  it('writes several records as one update, with the origin given, so others see them together', () => {
    const doc = new Y.Doc()
    const updates: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin))
    putRecords(doc, [note(), note({ id: 'shape:n2', x: 40 })], 'server')
    expect(updates).toEqual(['server'])
    expect(readAllRecords(doc).map((r) => [r.id, r.x]).sort()).toEqual([
      ['shape:n1', 0],
      ['shape:n2', 40],
    ])
  })
})
