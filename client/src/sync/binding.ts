/**
 * Binds a tldraw store to a workshop's Yjs document, per field: a move and a text edit
 * made at the same time on the same note both survive. Records that fail tldraw's
 * validation are skipped (with a warning) and never stop the sync.
 */
import * as Y from 'yjs'
import type { RecordsDiff, Store } from '@tldraw/store'
import type { TLRecord, TLSchema } from '@tldraw/tlschema'
import { changedRecordIds, getRecordsMap, migrateRecord, patchRecord, putRecord, readRecord, schemaAge, writeRefusal, type JsonRecord, type Writer } from '@sfs/shared'

/** Transaction origin of this user's edits of the board: what "my changes" means for undo. */
export const LOCAL_ORIGIN = Symbol('sfs.local-edit')
/** Transaction origin of records tldraw keeps by itself (the document, attribution users): never undone. */
export const LOCAL_BOOKKEEPING_ORIGIN = Symbol('sfs.local-bookkeeping')

/** Record types whose changes are the user's own work, and so can be undone. */
const UNDOABLE_TYPES: ReadonlySet<string> = new Set(['shape', 'binding', 'asset', 'page'])

export interface BindingOptions {
  /** Told about each record that could not be applied; defaults to console.warn. */
  onInvalidRecord?(id: string, error: unknown): void
  /** Records that stay on this device (private writing): never written to the shared document. */
  isLocalOnly?(record: TLRecord): boolean
  /**
   * Who writes: each change is checked with the server's own rules before it is sent, and
   * one the server would refuse is taken back on this device instead. Without it, nothing is checked.
   */
  writer?: Writer
  /** Largest record the server takes, as JSON. */
  maxRecordBytes?: number
  /** Told about each change of the person's own work that was taken back, and why (tldraw's bookkeeping is only logged). */
  onRefused?(id: string, reason: string): void
}

/** Why a record too large for the server was not sent. */
export const RECORD_TOO_LARGE = 'too large'

export interface StoreBinding {
  records: Y.Map<Y.Map<unknown>>
  dispose(): void
}

type AnyStore = Store<TLRecord, any>

export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError'
}

/** The record if tldraw accepts it as a document record of this store's schema; throws otherwise. */
export function validateDocumentRecord(store: AnyStore, json: JsonRecord, before: TLRecord | null): TLRecord {
  const type = store.schema.types[json.typeName as TLRecord['typeName']]
  if (!type) throw new InvalidRecordError(`unknown record type "${json.typeName}"`)
  if (type.scope !== 'document') throw new InvalidRecordError(`"${json.typeName}" records are not shared`)
  if (!json.id.startsWith(`${json.typeName}:`)) throw new InvalidRecordError(`id "${json.id}" does not match its type`)
  return store.schema.validateRecord(store, json as unknown as TLRecord, before ? 'updateRecord' : 'createRecord', before)
}

export function bindStoreToYDoc(store: AnyStore, doc: Y.Doc, options: BindingOptions = {}): StoreBinding {
  const records = getRecordsMap(doc)
  const warn = options.onInvalidRecord ?? ((id, error) => console.warn(`[sync] skipped record ${id}:`, error instanceof Error ? error.message : error))

  function applyFromDoc(ids: Iterable<string>): void {
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    // A local copy written by an older tldraw (kept offline across an upgrade) is shown migrated;
    // the server migrates the workshop itself, and its copy replaces this one when it arrives.
    const age = schemaAge(doc, store.schema as TLSchema)
    const olderSchema = age.kind === 'older' ? age.schema : null
    for (const id of ids) {
      const current = store.get(id as TLRecord['id']) ?? null
      if (!records.has(id)) {
        if (current) toRemove.push(current.id)
        continue
      }
      const json = readRecord(records, id)
      try {
        if (!json) throw new InvalidRecordError('not a record')
        toPut.push(validateDocumentRecord(store, olderSchema ? migrateRecord(json, olderSchema, store.schema as TLSchema) : json, current))
      } catch (error) {
        warn(id, error)
      }
    }
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
      for (const record of toPut) {
        try {
          store.put([record])
        } catch (error) {
          warn(record.id, error)
        }
      }
    })
  }

  applyFromDoc(Array.from(records.keys()))

  const onDocChange = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL_ORIGIN || transaction.origin === LOCAL_BOOKKEEPING_ORIGIN) return
    // tldraw tells listeners about changes once per frame: what the person typed since the
    // last frame is in the store but not in the document yet. It goes into the document
    // first, per field, so the records read back below hold both it and the remote change.
    store._flushHistory()
    applyFromDoc(changedRecordIds(events, records))
  }
  records.observeDeep(onDocChange)

  const localOnly = options.isLocalOnly ?? (() => false)
  const maxRecordBytes = options.maxRecordBytes ?? 64 * 1024
  const refused = (id: string, reason: string, takenBack: boolean) => {
    console.warn(`[sync] not saved: ${id}: ${reason}`)
    if (takenBack) options.onRefused?.(id, reason)
  }
  const lookup = (id: string) => (store.get(id as TLRecord['id']) as unknown as JsonRecord | undefined) ?? null

  /** Why the server would refuse this change, or null. */
  function refusal(before: TLRecord | null, after: TLRecord | null): string | null {
    if (after && JSON.stringify(after).length > maxRecordBytes) return RECORD_TOO_LARGE
    return options.writer ? writeRefusal(options.writer, before as unknown as JsonRecord | null, after as unknown as JsonRecord | null, lookup) : null
  }

  /** Puts back what the server would refuse, as a remote change so that it is not sent. */
  function takeBack(undo: { put: TLRecord[]; remove: TLRecord['id'][] }): void {
    if (undo.put.length === 0 && undo.remove.length === 0) return
    queueMicrotask(() =>
      store.mergeRemoteChanges(() => {
        if (undo.remove.length) store.remove(undo.remove)
        if (undo.put.length) store.put(undo.put)
      }),
    )
  }

  function writeToDoc(changes: RecordsDiff<TLRecord>, undoable: boolean): void {
    const keep = (record: TLRecord) => UNDOABLE_TYPES.has(record.typeName) === undoable && !localOnly(record)
    const undo = { put: [] as TLRecord[], remove: [] as TLRecord['id'][] }
    const allowed = (id: string, before: TLRecord | null, after: TLRecord | null) => {
      const why = refusal(before, after)
      if (!why) return true
      refused(id, why, undoable)
      // The person's own work is taken back; tldraw's bookkeeping is only kept off the document (tldraw would write it again at once).
      if (undoable && before) undo.put.push(before)
      else if (undoable) undo.remove.push(after!.id)
      return false
    }
    const added = Object.values(changes.added).filter((r) => keep(r) && allowed(r.id, null, r))
    const updated = Object.values(changes.updated).filter(([from, to]) => keep(to) && allowed(to.id, from, to))
    const removed = Object.values(changes.removed).filter((r) => keep(r) && allowed(r.id, r, null))
    takeBack(undo)
    if (added.length + updated.length + removed.length === 0) return
    doc.transact(
      () => {
        for (const record of added) putRecord(records, record as unknown as JsonRecord)
        for (const [from, to] of updated) patchRecord(records, from as unknown as JsonRecord, to as unknown as JsonRecord)
        for (const record of removed) records.delete(record.id)
      },
      undoable ? LOCAL_ORIGIN : LOCAL_BOOKKEEPING_ORIGIN,
    )
  }

  const stopListening = store.listen(
    ({ changes }) => {
      writeToDoc(changes, true)
      writeToDoc(changes, false)
    },
    { source: 'user', scope: 'document' },
  )

  return {
    records,
    dispose() {
      stopListening()
      records.unobserveDeep(onDocChange)
    },
  }
}
