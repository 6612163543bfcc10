/**
 * The one rule for what counts as a valid stored record, used by the server before it accepts
 * a write and by the client before it shows one: a document-scope record of the pinned tldraw
 * schema, whose id matches its type, that tldraw's own validators accept.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLRecord, type TLSchema } from '@tldraw/tlschema'
import type { JsonRecord } from './doc-format.ts'

export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError'
}

let defaultSchema: TLSchema | null = null

/** tldraw's default shapes and bindings: what every client of this product runs. */
export function workshopSchema(): TLSchema {
  defaultSchema ??= withoutCollationData(() => createTLSchema({ shapes: defaultShapeSchemas, bindings: defaultBindingSchemas }))
  return defaultSchema
}

/**
 * The root collation's order of ASCII punctuation, digits and letters (letters without case),
 * as `localeCompare` ranks them; other characters after these, by code point.
 */
const COLLATION_ORDER = '_-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz'
const rank = (c: string) => {
  const i = COLLATION_ORDER.indexOf(c.toLowerCase())
  return i === -1 ? COLLATION_ORDER.length + c.charCodeAt(0) : i
}

/** `localeCompare` for the ASCII ids of migrations, without ICU: the same order, as record-schema.test.ts checks. */
function compareIds(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = rank(a[i]!) - rank(b[i]!)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  // Differing only in case: lower case first.
  return a === b ? 0 : a > b ? -1 : 1
}

/**
 * tldraw breaks ties between its migrations with `localeCompare`, which loads ICU's collation
 * data into the server for good (3 MB resident) to order a few ASCII ids. While the schema is
 * made (synchronously: nothing else runs meanwhile), strings compare as the collation would
 * without loading it. record-schema.test.ts checks the order against tldraw's own, so
 * migrations run as in the browser; a tldraw upgrade with other ids fails there.
 */
function withoutCollationData<T>(make: () => T): T {
  const localeCompare = String.prototype.localeCompare
  String.prototype.localeCompare = function (this: string, that: string) {
    return compareIds(this, that)
  }
  try {
    return make()
  } finally {
    String.prototype.localeCompare = localeCompare
  }
}

/** The record as tldraw's type, if `schema` accepts it as a document record; throws InvalidRecordError otherwise. */
export function validateDocumentRecord(schema: TLSchema, json: JsonRecord, before: TLRecord | null = null): TLRecord {
  const type = schema.types[json.typeName as TLRecord['typeName']]
  if (!type) throw new InvalidRecordError(`unknown record type "${json.typeName}"`)
  if (type.scope !== 'document') throw new InvalidRecordError(`"${json.typeName}" records are not shared`)
  if (typeof json.id !== 'string' || !json.id.startsWith(`${json.typeName}:`)) throw new InvalidRecordError(`id "${json.id}" does not match its type`)
  try {
    return (before ? type.validate(json, before) : type.validate(json)) as TLRecord
  } catch (err) {
    throw new InvalidRecordError(err instanceof Error ? err.message : String(err))
  }
}
