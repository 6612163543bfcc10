/**
 * Keeps the board templates and the workshop's facts as the facilitator left them.
 * A participant's change to a template record (or to the `meta` map) is undone at once by
 * a compensating update from the server, so every client, the sender included, ends up
 * with the template intact. Records a participant creates can never become template.
 */
import * as Y from 'yjs'
import { changedRecordIds, getMetaMap, getRecordsMap, jsonEqual, putRecord, readRecord, type JsonRecord } from '@sfs/shared'
import type { Logger } from '../log.ts'
import type { Connection } from './room.ts'

/** Transaction origin of the guard's own repairs. */
export const GUARD_ORIGIN = Symbol('sfs.template-guard')

export function isTemplateRecord(record: JsonRecord | null): boolean {
  return !!record && typeof record.meta === 'object' && record.meta !== null && (record.meta as Record<string, unknown>).template === true
}

function isMovable(record: JsonRecord): boolean {
  return (record.meta as Record<string, unknown>).movable === true
}

/** Only participants are guarded: the facilitator edits templates, the server writes them. */
function isGuarded(origin: unknown): origin is Connection {
  return typeof origin === 'object' && origin !== null && 'role' in origin && (origin as Connection).role !== 'facilitator'
}

export function guardTemplates(doc: Y.Doc, workshopId: string, log: Logger): () => void {
  const records = getRecordsMap(doc)
  const meta = getMetaMap(doc)
  const approved = new Map<string, JsonRecord>()
  for (const id of records.keys()) {
    const record = readRecord(records, id)
    if (isTemplateRecord(record)) approved.set(id, record!)
  }
  let approvedMeta = meta.toJSON()

  const onRecords = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    const ids = changedRecordIds(events, records)
    if (!isGuarded(transaction.origin)) {
      for (const id of ids) {
        const record = readRecord(records, id)
        if (isTemplateRecord(record)) approved.set(id, record!)
        else approved.delete(id)
      }
      return
    }
    const restore: JsonRecord[] = []
    const remove: string[] = []
    for (const id of ids) {
      const before = approved.get(id)
      const now = readRecord(records, id)
      if (before && now && isMovable(before)) {
        // Anyone may drag a movable template shape (e.g. "Vi är här"); nothing else about it changes.
        const moved = { ...before, x: now.x, y: now.y }
        if (!jsonEqual(now, moved)) restore.push(moved)
        approved.set(id, moved)
      } else if (before) {
        if (!now || !jsonEqual(now, before)) restore.push(before)
      } else if (isTemplateRecord(now) || (records.has(id) && !now)) {
        // A participant may not create template records, nor entries that are not records.
        remove.push(id)
      }
    }
    if (restore.length === 0 && remove.length === 0) return
    log.info('template.restored', { workshop: workshopId, role: transaction.origin.role, restored: restore.length, removed: remove.length })
    doc.transact(() => {
      for (const record of restore) {
        // A deleted record comes back as a new map; a changed one gets only its changed entries back.
        if (!(records.get(record.id) instanceof Y.Map)) records.delete(record.id)
        putRecord(records, record)
      }
      for (const id of remove) records.delete(id)
    }, GUARD_ORIGIN)
  }

  const onMeta = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (!isGuarded(transaction.origin)) {
      approvedMeta = meta.toJSON()
      return
    }
    log.info('template.restored', { workshop: workshopId, role: transaction.origin.role, meta: event.keysChanged.size })
    doc.transact(() => {
      for (const key of event.keysChanged) {
        if (key in approvedMeta) meta.set(key, approvedMeta[key])
        else meta.delete(key)
      }
    }, GUARD_ORIGIN)
  }

  records.observeDeep(onRecords)
  meta.observe(onMeta)
  return () => {
    records.unobserveDeep(onRecords)
    meta.unobserve(onMeta)
  }
}
