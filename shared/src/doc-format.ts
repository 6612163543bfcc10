/**
 * The workshop document: how a workshop lives in a Yjs document.
 * docs/document-format.md is the public description of this layout; keep the two in step.
 */
import * as Y from 'yjs'

/** Bumped when the layout below changes in a way readers must know about. */
export const DOC_FORMAT_VERSION = 2

/** Root map: tldraw record id → Y.Map of that record's fields. */
export const RECORDS_KEY = 'records'
/** Root map: workshop facts (title, city, formatVersion, createdAt) and the tldraw schema of the records. */
export const META_KEY = 'meta'

/**
 * Record fields stored as nested Y.Maps so that two people changing different
 * entries (a note's colour and its text) both keep their change.
 */
export const NESTED_FIELDS: ReadonlySet<string> = new Set(['props', 'meta'])

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonRecord = { id: string; typeName: string; [field: string]: unknown }

export function getRecordsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(RECORDS_KEY)
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META_KEY)
}

export interface WorkshopMeta {
  formatVersion: number
  title: string
  city: string
  createdAt: string
}

export function readWorkshopMeta(doc: Y.Doc): WorkshopMeta {
  const meta = getMetaMap(doc)
  const str = (key: string) => {
    const value = meta.get(key)
    return typeof value === 'string' ? value : ''
  }
  const version = meta.get('formatVersion')
  return {
    formatVersion: typeof version === 'number' ? version : DOC_FORMAT_VERSION,
    title: str('title'),
    city: str('city'),
    createdAt: str('createdAt'),
  }
}

export function writeWorkshopMeta(doc: Y.Doc, meta: WorkshopMeta): void {
  doc.transact(() => {
    const map = getMetaMap(doc)
    for (const [key, value] of Object.entries(meta)) map.set(key, value)
  })
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bArr = b as unknown[]
    return a.length === bArr.length && a.every((item, i) => jsonEqual(item, bArr[i]))
  }
  const aObj = a as Record<string, unknown>
  const bObj = b as Record<string, unknown>
  const aKeys = Object.keys(aObj).filter((k) => aObj[k] !== undefined)
  const bKeys = Object.keys(bObj).filter((k) => bObj[k] !== undefined)
  return aKeys.length === bKeys.length && aKeys.every((k) => jsonEqual(aObj[k], bObj[k]))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Sets only the entries of `target` that differ from `next`, and deletes the ones it lacks. */
function syncMapEntries(target: Y.Map<unknown>, next: Record<string, unknown>, keep: (key: string) => boolean) {
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || !keep(key)) continue
    if (!jsonEqual(target.get(key), value)) target.set(key, value)
  }
  for (const key of Array.from(target.keys())) {
    if (!(key in next) || next[key] === undefined) target.delete(key)
  }
}

function nestedMapFor(yRecord: Y.Map<unknown>, field: string): Y.Map<unknown> {
  const existing = yRecord.get(field)
  if (existing instanceof Y.Map) return existing
  const created = new Y.Map<unknown>()
  yRecord.set(field, created)
  return created
}

function fillRecordMap(yRecord: Y.Map<unknown>, record: JsonRecord) {
  syncMapEntries(yRecord, record, (key) => !NESTED_FIELDS.has(key))
  for (const field of NESTED_FIELDS) {
    const value = record[field]
    if (isPlainObject(value)) syncMapEntries(nestedMapFor(yRecord, field), value, () => true)
  }
}

/**
 * Writes a whole record. Entries equal to what the document holds are left untouched,
 * so a concurrent change to another entry survives. Call inside a transaction.
 */
export function putRecord(records: Y.Map<Y.Map<unknown>>, record: JsonRecord): void {
  const existing = records.get(record.id)
  if (existing instanceof Y.Map) {
    fillRecordMap(existing, record)
    return
  }
  const yRecord = new Y.Map<unknown>()
  records.set(record.id, yRecord)
  fillRecordMap(yRecord, record)
}

/** Writes whole records in one transaction, so that they reach everyone as one update. */
export function putRecords(doc: Y.Doc, records: readonly JsonRecord[], origin?: unknown): void {
  const map = getRecordsMap(doc)
  doc.transact(() => records.forEach((record) => putRecord(map, record)), origin)
}

/**
 * Writes only what changed between `from` and `to`: the per-field merge that keeps a
 * colleague's concurrent change to any other field (or props entry) of the same record.
 */
export function patchRecord(records: Y.Map<Y.Map<unknown>>, from: JsonRecord, to: JsonRecord): void {
  const yRecord = records.get(to.id)
  if (!(yRecord instanceof Y.Map)) {
    putRecord(records, to)
    return
  }
  const fields = new Set([...Object.keys(from), ...Object.keys(to)])
  for (const field of fields) {
    const before = from[field]
    const after = to[field]
    if (jsonEqual(before, after)) continue
    if (NESTED_FIELDS.has(field) && isPlainObject(after)) {
      const nested = nestedMapFor(yRecord, field)
      const beforeObj = isPlainObject(before) ? before : {}
      for (const key of new Set([...Object.keys(beforeObj), ...Object.keys(after)])) {
        if (jsonEqual(beforeObj[key], after[key])) continue
        if (after[key] === undefined) nested.delete(key)
        else nested.set(key, after[key])
      }
    } else if (after === undefined) {
      yRecord.delete(field)
    } else {
      yRecord.set(field, after)
    }
  }
}

/** The record as plain JSON, or null when the entry is not a record map at all. */
export function readRecord(records: Y.Map<Y.Map<unknown>>, id: string): JsonRecord | null {
  const yRecord = records.get(id)
  if (!(yRecord instanceof Y.Map)) return null
  const json = yRecord.toJSON() as Record<string, unknown>
  if (json.id !== id || typeof json.typeName !== 'string') return null
  return json as JsonRecord
}

export function readAllRecords(doc: Y.Doc): JsonRecord[] {
  const records = getRecordsMap(doc)
  const out: JsonRecord[] = []
  for (const id of records.keys()) {
    const record = readRecord(records, id)
    if (record) out.push(record)
  }
  return out
}

/** Ids of records touched by a batch of observeDeep events on the records map. */
export function changedRecordIds(events: Y.YEvent<any>[], records: Y.Map<any>): Set<string> {
  const ids = new Set<string>()
  for (const event of events) {
    if (event.target === records) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key)
    } else {
      const first = event.path[0]
      if (typeof first === 'string') ids.add(first)
    }
  }
  return ids
}
