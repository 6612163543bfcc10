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
  defaultSchema ??= createTLSchema({ shapes: defaultShapeSchemas, bindings: defaultBindingSchemas })
  return defaultSchema
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
