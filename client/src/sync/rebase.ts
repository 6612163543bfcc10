/**
 * When the server refuses what this device sends (a board was locked while the device was
 * offline, say), offering the same update again would be refused again, for ever, and would
 * hold back everything else the person wrote. Instead the device starts from the server's
 * copy and re-applies its own unsent changes there, record by record and field by field,
 * under the rules the server applies. What the rules refuse is set aside for the person.
 */
import * as Y from 'yjs'
import { NESTED_FIELDS, getRecordsMap, jsonEqual, patchRecord, putRecord, readRecord, writeRefusal, type JsonRecord, type Writer } from '@sfs/shared'

export interface Rebased {
  /** Records changed in the server's copy: the part of the unsent work the rules allow. */
  applied: number
  /** The person's records the rules refuse as they are now (their last local version). */
  setAside: JsonRecord[]
}

type State = Map<number, number>

/** True for an item the server's copy (with state `server`) does not hold yet. */
const unsent = (item: Y.Item, server: State) => item.id.clock >= (server.get(item.id.client) ?? 0)

/** The record an item of the records map belongs to, or null for anything else. */
function recordIdOf(item: Y.Item, records: Y.AbstractType<any>): string | null {
  let current: Y.Item | null = item
  // The format nests three levels deep (records → record → props/meta); nothing deeper is followed.
  for (let depth = 0; current && depth < 3; depth++) {
    if (current.parent === records) return current.parentSub
    current = (current.parent as Y.AbstractType<unknown>)._item
  }
  return null
}

/**
 * Ids of the records this device changed that the server has not seen: new items beyond
 * the server's state, and deletions of items the server still shows.
 */
export function unsentRecordIds(local: Y.Doc, server: Y.Doc): Set<string> {
  const records = getRecordsMap(local)
  const state = Y.decodeStateVector(Y.encodeStateVector(server))
  const ids = new Set<string>()
  const note = (item: Y.Item) => {
    const id = recordIdOf(item, records)
    if (id !== null) ids.add(id)
  }
  for (const [client, structs] of local.store.clients) {
    const from = state.get(client) ?? 0
    if (structs.length === 0 || structs[structs.length - 1]!.id.clock + structs[structs.length - 1]!.length <= from) continue
    for (let i = from > 0 ? Y.findIndexSS(structs, from - 1) : 0; i < structs.length; i++) {
      const struct = structs[i]!
      if (struct instanceof Y.Item && unsent(struct, state)) note(struct)
    }
  }
  const serverDeleted = Y.createDeleteSetFromStructStore(server.store)
  const localDeleted = Y.createDeleteSetFromStructStore(local.store)
  for (const [client, ranges] of localDeleted.clients) {
    const structs = local.store.clients.get(client) ?? []
    const known = state.get(client) ?? 0
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < Math.min(clock + len, known); i++) {
        const struct = structs[i]!
        if (struct instanceof Y.Item && !Y.isDeleted(serverDeleted, struct.id)) note(struct)
      }
    }
  }
  return ids
}

/** The entry of a Y.Map as yjs keeps it (the last item written for the key). */
const entryItem = (map: Y.Map<unknown>, key: string): Y.Item | undefined => map._map.get(key)

/** Whether this device changed the entry since the server last saw it (wrote or deleted it). */
function changedHere(item: Y.Item | undefined, server: State, serverDeleted: ReturnType<typeof Y.createDeleteSetFromStructStore>): boolean {
  if (!item) return false
  if (unsent(item, server)) return true
  return item.deleted && !Y.isDeleted(serverDeleted, item.id)
}

/**
 * The server's record with this device's unsent fields on top: a colleague's change to
 * another field (or props entry) of the same record is kept.
 */
export function mergeRecord(local: Y.Doc, server: Y.Doc, id: string): JsonRecord | null {
  const mine = readRecord(getRecordsMap(local), id)
  const theirs = readRecord(getRecordsMap(server), id)
  if (!mine || !theirs) return mine
  const state = Y.decodeStateVector(Y.encodeStateVector(server))
  const serverDeleted = Y.createDeleteSetFromStructStore(server.store)
  const yMine = getRecordsMap(local).get(id) as Y.Map<unknown>
  const merged: Record<string, unknown> = { ...theirs }
  for (const field of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const item = entryItem(yMine, field)
    const nested = item && !item.deleted && item.content instanceof Y.ContentType ? (item.content.type as Y.Map<unknown>) : null
    if (NESTED_FIELDS.has(field) && nested && !changedHere(item, state, serverDeleted)) {
      const out: Record<string, unknown> = { ...(theirs[field] as Record<string, unknown> | undefined) }
      const own = (mine[field] ?? {}) as Record<string, unknown>
      for (const key of new Set([...Object.keys(own), ...Object.keys(out)])) {
        if (!changedHere(entryItem(nested, key), state, serverDeleted)) continue
        if (key in own) out[key] = own[key]
        else delete out[key]
      }
      merged[field] = out
    } else if (changedHere(item, state, serverDeleted)) {
      if (field in mine) merged[field] = mine[field]
      else delete merged[field]
    }
  }
  return merged as JsonRecord
}

/**
 * Re-applies this device's unsent changes to `server` (the server's copy, freshly synced),
 * each record checked with the server's rules for `writer`. `valid` is the record check the
 * client uses for what it shows (tldraw's schema); a record it rejects is set aside too.
 */
export function rebaseUnsent(local: Y.Doc, server: Y.Doc, writer: Writer, valid: (record: JsonRecord) => boolean): Rebased {
  const records = getRecordsMap(server)
  const changes: { before: JsonRecord | null; after: JsonRecord | null }[] = []
  for (const id of unsentRecordIds(local, server)) {
    const before = readRecord(records, id)
    const after = mergeRecord(local, server, id)
    if (!jsonEqual(before, after)) changes.push({ before, after })
  }
  // Rules look at other records as they will be: a note on a frame this device also made, say.
  const planned = new Map(changes.map((c) => [(c.after ?? c.before)!.id, c.after]))
  const lookup = (id: string) => (planned.has(id) ? planned.get(id)! : readRecord(records, id))
  const allowed: typeof changes = []
  const setAside: JsonRecord[] = []
  for (const change of changes) {
    const ok = (!change.after || valid(change.after)) && writeRefusal(writer, change.before, change.after, lookup) === null
    if (ok) allowed.push(change)
    else if (change.after?.typeName === 'shape') setAside.push(change.after)
  }
  server.transact(() => {
    for (const { before, after } of allowed) {
      if (!after) records.delete(before!.id)
      else if (before) patchRecord(records, before, after)
      else putRecord(records, after)
    }
  })
  return { applied: allowed.length, setAside }
}
