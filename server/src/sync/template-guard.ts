/**
 * Keeps the board templates and the workshop's facts as the facilitator left them, and a
 * locked board as it was when it was locked. A participant's change to a protected record
 * (or to the `meta` map) is undone at once by a compensating update from the server, so
 * every client, the sender included, ends up with it intact. Records a participant creates
 * can never become template, nor appear on a locked board. The `control` map (timer, locks,
 * follow) is written by the server alone: every client's change to it is undone.
 */
import * as Y from 'yjs'
import { changedRecordIds, getControlMap, getMetaMap, getRecordsMap, jsonEqual, putRecord, readRecord, type JsonRecord } from '@sfs/shared'
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

function isConnection(origin: unknown): origin is Connection {
  return typeof origin === 'object' && origin !== null && 'role' in origin
}

export function guardTemplates(doc: Y.Doc, workshopId: string, log: Logger): () => void {
  const records = getRecordsMap(doc)
  const meta = getMetaMap(doc)
  const control = getControlMap(doc)

  /** The page a record lives on: a page itself, a shape's ancestor page, a binding's shape's page. */
  const pageOf = (record: JsonRecord | null, depth = 0): string | null => {
    if (!record || depth > 100) return null
    if (record.typeName === 'page') return record.id
    const up = record.typeName === 'binding' ? record.fromId : record.parentId
    if (typeof up !== 'string') return null
    return up.startsWith('page:') ? up : pageOf(readRecord(records, up), depth + 1)
  }
  const isLockedPage = (pageId: string | null) => {
    const page = pageId ? readRecord(records, pageId) : null
    return !!page && (page.meta as Record<string, unknown> | undefined)?.locked === true
  }
  const isProtected = (record: JsonRecord | null) => !!record && (isTemplateRecord(record) || isLockedPage(pageOf(record)))

  /** Dot counts are the server's to write (when a vote ends); a client's own counts are undone. */
  const votesOf = (record: JsonRecord | null) => (record?.meta as Record<string, unknown> | undefined)?.votes
  const serverVotes = new Map<string, unknown>()
  for (const id of records.keys()) {
    const votes = votesOf(readRecord(records, id))
    if (votes !== undefined) serverVotes.set(id, votes)
  }
  const repairVotes = (ids: Iterable<string>) => {
    const wrong: [string, unknown][] = []
    for (const id of ids) {
      const now = readRecord(records, id)
      if (now && !jsonEqual(votesOf(now), serverVotes.get(id))) wrong.push([id, serverVotes.get(id)])
    }
    if (wrong.length === 0) return
    doc.transact(() => {
      for (const [id, votes] of wrong) {
        const nested = records.get(id)?.get('meta')
        if (!(nested instanceof Y.Map)) continue
        if (votes === undefined) nested.delete('votes')
        else nested.set('votes', votes)
      }
    }, GUARD_ORIGIN)
  }

  const approved = new Map<string, JsonRecord>()
  const approveAll = () => {
    approved.clear()
    for (const id of records.keys()) {
      const record = readRecord(records, id)
      if (isProtected(record)) approved.set(id, record!)
    }
  }
  approveAll()
  let approvedMeta = meta.toJSON()
  let approvedControl = control.toJSON()

  const onRecords = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    const ids = changedRecordIds(events, records)
    if (isConnection(transaction.origin)) repairVotes(ids)
    else
      for (const id of ids) {
        const votes = votesOf(readRecord(records, id))
        if (votes === undefined) serverVotes.delete(id)
        else serverVotes.set(id, votes)
      }
    if (!isGuarded(transaction.origin)) {
      // A board locked or unlocked: what is protected changes for the whole page.
      if ([...ids].some((id) => id.startsWith('page:'))) return approveAll()
      for (const id of ids) {
        const record = readRecord(records, id)
        if (isProtected(record)) approved.set(id, record!)
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
      } else if (isTemplateRecord(now) || (records.has(id) && !now) || (now && isLockedPage(pageOf(now)))) {
        // A participant may not create template records, entries that are not records, or anything on a locked board.
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

  const onControl = (_events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    if (!isConnection(transaction.origin)) {
      approvedControl = control.toJSON()
      return
    }
    log.warn('control.write_refused', { workshop: workshopId, role: transaction.origin.role })
    doc.transact(() => {
      for (const key of Array.from(control.keys())) if (!(key in approvedControl)) control.delete(key)
      for (const [key, value] of Object.entries(approvedControl)) if (!jsonEqual(control.get(key), value)) control.set(key, value)
    }, GUARD_ORIGIN)
  }

  records.observeDeep(onRecords)
  meta.observe(onMeta)
  control.observeDeep(onControl)
  return () => {
    records.unobserveDeep(onRecords)
    meta.unobserve(onMeta)
    control.unobserveDeep(onControl)
  }
}
