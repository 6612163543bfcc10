/** Every board's template must be valid for the tldraw version every client runs. */
import { describe, expect, it } from 'vitest'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord } from 'tldraw'
import { BOARDS, boardIndex, markerShape } from '@sfs/boards'

describe.each(BOARDS.map((board) => [board.kind, board] as const))('%s template', (_kind, board) => {
  const ctx = { pageId: 'page:validation', index: boardIndex(0), title: 'Arbetspass', city: 'Malmö' }
  const records = board.template(ctx)

  it('is accepted by tldraw’s schema, record by record', () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    for (const record of records) {
      expect(() => store.schema.validateRecord(store, record as unknown as TLRecord, 'createRecord', null), record.id).not.toThrow()
    }
    store.put(records as unknown as TLRecord[])
    expect(store.allRecords().length).toBe(records.length)
  })

  it('starts with its page, carries its kind, and protects every shape', () => {
    expect(records[0]).toMatchObject({ id: ctx.pageId, typeName: 'page', meta: { boardKind: board.kind, template: true } })
    for (const record of records.slice(1)) {
      const meta = record.meta as { template?: boolean; movable?: boolean; prefill?: boolean }
      if (meta.prefill) expect(record, 'prefilled content is editable').toMatchObject({ parentId: ctx.pageId, isLocked: false })
      else if (meta.movable) expect(record, 'movable template').toMatchObject({ parentId: ctx.pageId, isLocked: false, meta: { template: true } })
      else expect(record).toMatchObject({ parentId: ctx.pageId, isLocked: true, meta: { template: true } })
    }
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
  })

  it('reads its own empty template without failing', () => {
    expect(() => board.extract(records, ctx.pageId)).not.toThrow()
  })
})

const withMarkers = BOARDS.filter((board) => board.markers?.length)
describe.each(withMarkers.map((board) => [board.kind, board] as const))('%s markers', (_kind, board) => {
  it('are shapes tldraw accepts', () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    for (const spec of board.markers!) {
      const marker = markerShape({ id: `shape:${spec.key}`, pageId: 'page:validation', spec, owner: 'u1', ownerName: 'Åsa', x: 0, y: 0, index: 'a5' })
      expect(() => store.schema.validateRecord(store, marker as unknown as TLRecord, 'createRecord', null)).not.toThrow()
    }
  })
})
