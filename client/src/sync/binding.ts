/**
 * Binds a tldraw store to a workshop's Yjs document, per field: a move and a text edit
 * made at the same time on the same note both survive. Records that fail tldraw's
 * validation are skipped (with a warning) and never stop the sync.
 */
import * as Y from 'yjs'
import type { Store } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { changedRecordIds, getRecordsMap, patchRecord, putRecord, readRecord, type JsonRecord } from '@sfs/shared'

/** Transaction origin of edits made through this binding (what "my changes" means for undo). */
export const LOCAL_ORIGIN = Symbol('sfs.local-edit')

export interface BindingOptions {
  /** Told about each record that could not be applied; defaults to console.warn. */
  onInvalidRecord?(id: string, error: unknown): void
}

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
    for (const id of ids) {
      const current = store.get(id as TLRecord['id']) ?? null
      if (!records.has(id)) {
        if (current) toRemove.push(current.id)
        continue
      }
      const json = readRecord(records, id)
      try {
        if (!json) throw new InvalidRecordError('not a record')
        toPut.push(validateDocumentRecord(store, json, current))
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
    if (transaction.origin === LOCAL_ORIGIN) return
    applyFromDoc(changedRecordIds(events, records))
  }
  records.observeDeep(onDocChange)

  const stopListening = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) putRecord(records, record as unknown as JsonRecord)
        for (const [from, to] of Object.values(changes.updated)) {
          patchRecord(records, from as unknown as JsonRecord, to as unknown as JsonRecord)
        }
        for (const record of Object.values(changes.removed)) records.delete(record.id)
      }, LOCAL_ORIGIN)
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
