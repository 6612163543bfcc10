/**
 * A workshop document as an older tldraw wrote it, made with the down-migrations tldraw
 * ships: notes, geo and text shapes as their sequences stood some releases back, and notes
 * further back still, before rich text (tldraw 3), when a note's text was a plain string.
 */
import * as Y from 'yjs'
import type { SerializedSchemaV2 } from '@tldraw/store'
import { DOC_FORMAT_VERSION, getMetaMap, putRecords, type JsonRecord } from '../doc-format.ts'
import { workshopSchema } from '../record-schema.ts'
import { richTextToPlain } from '../rich-text.ts'
import { SCHEMA_KEY } from '../schema-migration.ts'

/** How far back each sequence goes: as far as tldraw's down-migrations reach, and notes one step further by hand. */
const OLDER_VERSIONS = { 'com.tldraw.shape.note': 8, 'com.tldraw.shape': 3, 'com.tldraw.shape.geo': 10, 'com.tldraw.shape.text': 3, 'com.tldraw.shape.arrow': 7 }

export function olderSchema(): SerializedSchemaV2 {
  const current = workshopSchema().serialize()
  return { ...current, sequences: { ...current.sequences, ...OLDER_VERSIONS } }
}

/** `records` (current schema) as the older schema has them. */
export function olderRecords(records: readonly JsonRecord[]): JsonRecord[] {
  const schema = workshopSchema()
  // tldraw's own down-migrations reach the note's rich-text step (9); the step before it is the plain-text note.
  const reachable = { ...olderSchema(), sequences: { ...olderSchema().sequences, 'com.tldraw.shape.note': 9 } }
  return records.map((record) => {
    const result = schema.migratePersistedRecord(record as never, reachable, 'down')
    if (result.type !== 'success') throw new Error(`${record.id}: ${result.reason}`)
    const older = result.value as unknown as JsonRecord & { type?: string; props?: Record<string, unknown> }
    if (older.type !== 'note' || !older.props) return older
    const { richText, ...props } = older.props
    return { ...older, props: { ...props, text: richTextToPlain(richText) } }
  })
}

/** A document holding `records` as the older schema wrote them, with that schema recorded. */
export function olderWorkshopDoc(records: readonly JsonRecord[], facts = { title: 'Från förr', city: 'Gävle' }): Y.Doc {
  const doc = new Y.Doc()
  putRecords(doc, olderRecords(records))
  doc.transact(() => {
    const meta = getMetaMap(doc)
    meta.set('formatVersion', DOC_FORMAT_VERSION)
    meta.set('title', facts.title)
    meta.set('city', facts.city)
    meta.set('createdAt', '2025-03-01T09:00:00.000Z')
    meta.set(SCHEMA_KEY, olderSchema())
  })
  return doc
}
