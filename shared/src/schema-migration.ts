/**
 * The schema travels with the data: a workshop document records the tldraw schema its
 * records were written with (`meta.schema`), so that after an upgrade of tldraw the records
 * are migrated with tldraw's own migrations instead of failing validation and vanishing.
 */
import type * as Y from 'yjs'
import type { SerializedSchema, SynchronousStorage, UnknownRecord } from '@tldraw/store'
import type { TLRecord, TLSchema } from '@tldraw/tlschema'
import { DOC_FORMAT_VERSION, getMetaMap, getRecordsMap, putRecord, readRecord, type JsonRecord } from './doc-format.ts'
import { FORMAT_1_TLDRAW_SCHEMA } from './format-1-schema.ts'
import { workshopSchema } from './record-schema.ts'

/** `meta` entry: the serialized tldraw schema (`StoreSchema.serialize()`) of the records. */
export const SCHEMA_KEY = 'schema'

/** The document was written by a newer version of this product or of tldraw than this one. */
export class NewerDocumentError extends Error {
  override name = 'NewerDocumentError'
}

export type SchemaAge = { kind: 'current' } | { kind: 'older'; schema: SerializedSchema } | { kind: 'newer'; why: string }

/** The schema the document's records were written with; documents of format 1 did not record it. */
export function recordedSchema(doc: Y.Doc): SerializedSchema {
  const recorded = getMetaMap(doc).get(SCHEMA_KEY)
  return isSerializedSchema(recorded) ? recorded : (FORMAT_1_TLDRAW_SCHEMA as unknown as SerializedSchema)
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  if (typeof value !== 'object' || value === null) return false
  const { schemaVersion } = value as { schemaVersion?: unknown }
  return typeof schemaVersion === 'number' && ((schemaVersion >= 2 && typeof (value as { sequences?: unknown }).sequences === 'object') || schemaVersion === 1)
}

/** How the document's schema compares with this build's. */
export function schemaAge(doc: Y.Doc, schema: TLSchema = workshopSchema()): SchemaAge {
  const format = getMetaMap(doc).get('formatVersion')
  if (typeof format === 'number' && format > DOC_FORMAT_VERSION) return { kind: 'newer', why: `document format ${format}; this server reads up to ${DOC_FORMAT_VERSION}` }
  const theirs = recordedSchema(doc)
  if (theirs.schemaVersion >= 2 && 'sequences' in theirs) {
    const ours = schema.serialize().sequences
    for (const [sequence, version] of Object.entries(theirs.sequences)) {
      const known = ours[sequence]
      if (known === undefined) return { kind: 'newer', why: `records of "${sequence}", which this version of tldraw does not know` }
      if (version > known) return { kind: 'newer', why: `"${sequence}" at version ${version}; this version of tldraw has ${known}` }
    }
  }
  const migrations = schema.getMigrationsSince(theirs)
  if (!migrations.ok) return { kind: 'newer', why: `a schema this version of tldraw cannot migrate from (${migrations.error})` }
  return migrations.value.length > 0 ? { kind: 'older', schema: theirs } : { kind: 'current' }
}

/** One record as this build's schema has it; throws when tldraw cannot migrate it. */
export function migrateRecord(record: JsonRecord, from: SerializedSchema, schema: TLSchema = workshopSchema()): JsonRecord {
  const result = schema.migratePersistedRecord(record as never, from)
  if (result.type !== 'success') throw new Error(`record ${record.id} cannot be migrated: ${result.reason}`)
  return result.value as unknown as JsonRecord
}

/** tldraw's migrations read and write records through this view of the document. */
function documentStorage(doc: Y.Doc, schema: SerializedSchema): SynchronousStorage<UnknownRecord> {
  const records = getRecordsMap(doc)
  const read = (id: string) => (readRecord(records, id) as unknown as UnknownRecord | null) ?? undefined
  function* entries(): Iterable<[string, UnknownRecord]> {
    for (const id of Array.from(records.keys())) {
      const record = read(id)
      if (record) yield [id, record]
    }
  }
  let recorded = schema
  return {
    get: read,
    // putRecord writes only the entries that differ, so a migration touches only what it changes.
    set: (_id, record) => putRecord(records, record as unknown as JsonRecord),
    delete: (id) => records.delete(id),
    keys: () => Array.from(entries(), ([id]) => id),
    values: () => Array.from(entries(), ([, record]) => record),
    entries,
    getSchema: () => recorded,
    setSchema: (next) => {
      recorded = next
    },
  }
}

/**
 * Brings the document to this build's schema, in one transaction with `origin`, and records
 * that schema and format in it. Throws NewerDocumentError, writing nothing, when a newer
 * version wrote it. Returns whether anything was migrated.
 */
export function upgradeDocument(doc: Y.Doc, origin: unknown, schema: TLSchema = workshopSchema()): boolean {
  const age = schemaAge(doc, schema)
  if (age.kind === 'newer') throw new NewerDocumentError(`This workshop was written by a newer version of Stad för stad (${age.why}). Upgrade this server to open it.`)
  const meta = getMetaMap(doc)
  const current = schema.serialize()
  const stamped = meta.get('formatVersion') === DOC_FORMAT_VERSION && JSON.stringify(meta.get(SCHEMA_KEY)) === JSON.stringify(current)
  if (age.kind === 'current' && stamped) return false
  doc.transact(() => {
    if (age.kind === 'older') schema.migrateStorage(documentStorage(doc, age.schema) as unknown as SynchronousStorage<TLRecord>)
    meta.set(SCHEMA_KEY, current)
    meta.set('formatVersion', DOC_FORMAT_VERSION)
  }, origin)
  return age.kind === 'older'
}
