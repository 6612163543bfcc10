/**
 * Decides about a client's update before it touches the room's document: the trust boundary.
 *
 * The check runs yjs's own integration algorithm (integrateStructs, Item.getMissing,
 * readAndApplyDeleteSet) as a read-only simulation against the document, and refuses the
 * update whole unless:
 * - nothing would be left pending: every struct's clock follows on the document's state for
 *   its client, and every origin, parent and deleted range exists in the document or earlier
 *   in the update;
 * - every new entry sits where the document format puts entries (records → record →
 *   props/meta → JSON value, or a workshop fact) and holds the kind of content that belongs
 *   there, with no new root types and nothing inserted mid-list;
 * - it extends only client ids that are new, shared by guests, or the writer's own;
 * - each record it changes, creates or deletes is a valid tldraw record afterwards, within the
 *   size bound, and the writer's role may make that change (shared/src/write-rules.ts).
 *
 * Where yjs's conflict resolution could let either of two concurrent entries win, every
 * possible outcome is checked. An entry of a map is always to the right of its origin, so the
 * value a key ends up with is one of the "leaves" of the key's origin chains; each leaf's
 * value is checked. Record validators are per-field conjunctions, and `id`, `typeName` and
 * `type` never change, so checking each field's alternatives against the rest of the record
 * covers every combination.
 */
import * as Y from 'yjs'
import { NESTED_FIELDS, getControlMap, getMetaMap, getRecordsMap, readRecord, validateDocumentRecord, workshopSchema, writeRefusal, type JsonRecord, type Writer } from '@sfs/shared'
import type { DecodedItem, DecodedStruct, DecodedUpdate, StructId } from './update-decoder.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yjs types are invariant in their event type
type YType = Y.AbstractType<any>

export type RefusalKind = 'missing' | 'structure' | 'forbidden' | 'invalid'

/** Why an update is refused; `detail` names ids and rules, never content. */
export class Refusal extends Error {
  override name = 'Refusal'
  constructor(
    readonly kind: RefusalKind,
    readonly detail: string,
  ) {
    super(detail)
  }
}

/** Who owns a client id: the server, a person (by user id), or nobody in particular. */
export type ClientOwner = { kind: 'server' } | { kind: 'person'; userId: string } | { kind: 'guest' }

export interface CheckContext {
  writer: Writer
  /** The writer as an owner of client ids: their person, or guest without a token. */
  owner: ClientOwner
  /** Registered owner of a client id; undefined for ids nobody has claimed. */
  ownerOf(client: number): ClientOwner | undefined
  maxRecordBytes: number
  maxFactLength: number
}

export interface Accepted {
  /** True when the update changes nothing the document does not already hold. */
  noop: boolean
  /** Client ids the update starts using: the caller registers them to the writer. */
  newClients: number[]
  /** Records created, changed or deleted. */
  records: number
}

/** Workshop facts the facilitator may reword; the others are set once, by the server. */
const EDITABLE_FACTS: ReadonlySet<string> = new Set(['title', 'city'])
const IMMUTABLE_FIELDS: ReadonlySet<string> = new Set(['id', 'typeName', 'type'])

const ABSENT = Symbol('absent')
const UNCHANGED = Symbol('unchanged')

/** Where a map lives in the document format. */
type MapPlace =
  | { level: 'records' }
  | { level: 'facts' }
  | { level: 'control' }
  | { level: 'record'; recordId: string }
  | { level: 'nested'; recordId: string; field: string }

/** A map an entry can be written to: one in the document, or one this update creates. */
type MapRef = { place: MapPlace; doc: YType | null; fresh: NewStruct | null }

interface NewStruct {
  struct: DecodedStruct
  client: number
  /** First clock this update adds (the struct may start below the document's state). */
  start: number
  end: number
  /** Where it lands; null when yjs would turn it into a garbage-collected run. */
  map: MapRef | null
  key: string | null
  /** Deleted when written (a deleted run), or deleted by this update's delete set. */
  deleted: boolean
  /** For a new map: its entries by key. */
  entries: Map<string, NewStruct[]> | null
}

/** The struct a clock belongs to: a document struct or one this update adds. */
type Found = { doc: Y.Item | Y.GC } | { fresh: NewStruct }

/** Index of the first struct in `list` (in clock order) that ends after `clock`. */
function firstEndingAfter(list: NewStruct[], clock: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (list[mid]!.end <= clock) low = mid + 1
    else high = mid
  }
  return low
}

export function checkUpdate(doc: Y.Doc, update: DecodedUpdate, ctx: CheckContext): Accepted {
  const store = doc.store
  const records = getRecordsMap(doc)
  const roots = new Map<YType, MapPlace>([
    [records, { level: 'records' }],
    [getMetaMap(doc), { level: 'facts' }],
    [getControlMap(doc), { level: 'control' }],
  ])
  const rootByName = new Map<string, YType>([
    ['records', records],
    ['meta', getMetaMap(doc)],
    ['control', getControlMap(doc)],
  ])

  // ---- 1. Integration, simulated in yjs's order -------------------------------------------
  const docState = (client: number) => Y.getState(store, client)
  const simState = new Map<number, number>()
  const stateOf = (client: number) => simState.get(client) ?? docState(client)
  const added = new Map<number, NewStruct[]>()

  const find = (id: StructId): Found => {
    if (id.clock < docState(id.client)) {
      const structs = store.clients.get(id.client)!
      return { doc: structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC }
    }
    const fresh = freshAt(id.client, id.clock)
    if (!fresh) throw new Refusal('missing', `no struct ${id.client}:${id.clock}`)
    return { fresh }
  }

  /** The struct this update adds that holds `clock`: a binary search, as a client's structs come in clock order. */
  const freshAt = (client: number, clock: number): NewStruct | undefined => {
    const list = added.get(client) ?? []
    const i = firstEndingAfter(list, clock)
    return list[i] && list[i].start <= clock ? list[i] : undefined
  }

  /** The map a document type is, in the format; null for anything else (a foreign root, a deeper map). */
  const docMapRef = (type: YType | null): MapRef | null => {
    if (!(type instanceof Y.Map)) return null
    const root = roots.get(type)
    if (root) return { place: root, doc: type, fresh: null }
    const item = type._item
    if (!item || item.parentSub === null) return null
    const parent = item.parent as YType
    if (parent === records) return { place: { level: 'record', recordId: item.parentSub }, doc: type, fresh: null }
    const grand = parent._item
    if (grand && grand.parent === records && grand.parentSub !== null && NESTED_FIELDS.has(item.parentSub)) {
      return { place: { level: 'nested', recordId: grand.parentSub, field: item.parentSub }, doc: type, fresh: null }
    }
    return null
  }

  /** Yjs's getMissing: the client whose struct is not there yet, or null when all are. */
  const missingFor = (s: DecodedStruct): number | null => {
    if (s.kind !== 'item') return null
    const parentItem = s.parent && 'item' in s.parent ? s.parent.item : null
    for (const dep of [s.origin, s.rightOrigin, parentItem]) {
      if (!dep || dep.clock < stateOf(dep.client)) continue
      if (dep.client === s.id.client) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} refers to its own later clock`)
      return dep.client
    }
    return null
  }

  const placeFor = (s: DecodedItem, offset: number): { map: MapRef | null; key: string | null } => {
    if (s.rightOrigin) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} is inserted before another entry`)
    let map: MapRef | null
    let key: string | null
    if (s.origin) {
      const left = find(s.origin)
      if ('doc' in left) {
        if (!(left.doc instanceof Y.Item)) return { map: null, key: null }
        map = docMapRef(left.doc.parent as YType)
        if (!map) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} follows an entry outside the document format`)
        key = left.doc.parentSub
      } else {
        if (!left.fresh.map) return { map: null, key: null }
        map = left.fresh.map
        key = left.fresh.key
      }
    } else if (s.parent && 'root' in s.parent) {
      const root = rootByName.get(s.parent.root)
      if (!root) throw new Refusal('structure', `root "${s.parent.root.slice(0, 40)}" is not part of the document format`)
      map = docMapRef(root)
      key = s.parentSub
    } else if (s.parent) {
      const parent = find(s.parent.item)
      if ('doc' in parent) {
        if (!(parent.doc instanceof Y.Item) || !(parent.doc.content instanceof Y.ContentType)) return { map: null, key: null }
        map = docMapRef(parent.doc.content.type as YType)
        if (!map) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} is nested deeper than the document format`)
      } else {
        if (!parent.fresh.entries || !parent.fresh.map) return { map: null, key: null }
        const place = parent.fresh.map.place
        const key = parent.fresh.key!
        if (place.level === 'records') map = { place: { level: 'record', recordId: key }, doc: null, fresh: parent.fresh }
        else if (place.level === 'record') map = { place: { level: 'nested', recordId: place.recordId, field: key }, doc: null, fresh: parent.fresh }
        else throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} is nested deeper than the document format`)
      }
      key = s.parentSub
    } else {
      throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} has no parent`)
    }
    if (!map) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} is outside the document format`)
    if (key === null) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} is a list entry, not a map entry`)
    if (offset > 0) {
      // yjs splits the struct and links it after the part the document has: that part must be in the same list.
      const before = find({ client: s.id.client, clock: s.id.clock + offset - 1 })
      const sameList = 'doc' in before ? before.doc instanceof Y.Item && before.doc.parentSub === key && docMapRef(before.doc.parent as YType)?.doc === map.doc : before.fresh.map === map && before.fresh.key === key
      if (!sameList) throw new Refusal('structure', `struct ${s.id.client}:${s.id.clock} continues in another list`)
    }
    return { map, key }
  }

  const expectContent = (s: DecodedItem, map: MapRef, key: string) => {
    const { level } = map.place
    const content = s.content.kind
    if (level === 'control') throw new Refusal('forbidden', 'the control map is written by the server')
    const wantsMap = level === 'records' || (level === 'record' && NESTED_FIELDS.has(key))
    const ok = content === 'deleted' || (wantsMap ? content === 'map' : content === 'json')
    if (!ok) throw new Refusal('structure', `${content} content at ${level} entry "${key.slice(0, 80)}"`)
  }

  const integrate = (s: DecodedStruct, offset: number) => {
    const client = s.id.client
    const entry: NewStruct = { struct: s, client, start: s.id.clock + offset, end: s.id.clock + s.length, map: null, key: null, deleted: false, entries: null }
    if (s.kind === 'item') {
      const { map, key } = placeFor(s, offset)
      if (map && key !== null) {
        expectContent(s, map, key)
        entry.map = map
        entry.key = key
        entry.deleted = s.content.kind === 'deleted'
        if (s.content.kind === 'map') entry.entries = new Map()
        if (map.fresh) {
          const list = map.fresh.entries!.get(key) ?? []
          list.push(entry)
          map.fresh.entries!.set(key, list)
        }
      }
    }
    const list = added.get(client) ?? []
    list.push(entry)
    added.set(client, list)
    simState.set(client, entry.end)
  }

  // yjs's integrateStructs loop: highest client first; a struct whose dependency is missing is
  // stacked while that dependency's client is worked on.
  const queues = new Map<number, { i: number; refs: DecodedStruct[] }>()
  for (const [client, refs] of update.clients) if (refs.length > 0) queues.set(client, { i: 0, refs })
  const order = [...queues.keys()].sort((a, b) => a - b)
  const nextTarget = () => {
    while (order.length > 0) {
      const q = queues.get(order.at(-1)!)!
      if (q.i < q.refs.length) return q
      order.pop()
    }
    return null
  }
  let target = nextTarget()
  const stack: DecodedStruct[] = []
  let head: DecodedStruct | null = target ? target.refs[target.i++]! : null
  while (head) {
    if (head.kind !== 'skip') {
      const offset = stateOf(head.id.client) - head.id.clock
      if (offset < 0) throw new Refusal('missing', `client ${head.id.client} jumps from clock ${stateOf(head.id.client)} to ${head.id.clock}`)
      const missing = missingFor(head)
      if (missing !== null) {
        stack.push(head)
        const q = queues.get(missing)
        if (!q || q.i >= q.refs.length) throw new Refusal('missing', `struct ${head.id.client}:${head.id.clock} depends on client ${missing}, which this update and the document lack`)
        head = q.refs[q.i++]!
        continue
      }
      if (offset < head.length) integrate(head, offset)
    }
    if (stack.length > 0) head = stack.pop()!
    else if (target && target.i < target.refs.length) head = target.refs[target.i++]!
    else {
      target = nextTarget()
      head = target ? target.refs[target.i++]! : null
    }
  }

  // ---- 2. Ownership of the client ids the update extends ----------------------------------
  const newClients: number[] = []
  for (const client of added.keys()) {
    const owner = ctx.ownerOf(client)
    if (!owner) {
      if (docState(client) === 0) newClients.push(client)
      continue
    }
    const mine = owner.kind === 'guest' || (owner.kind === 'person' && ctx.owner.kind === 'person' && owner.userId === ctx.owner.userId)
    if (!mine) throw new Refusal('forbidden', `client id ${client} belongs to ${owner.kind === 'server' ? 'the server' : 'another person'}`)
  }

  // ---- 3. The delete set ------------------------------------------------------------------
  /** Document entries this update deletes that were visible. */
  const removed = new Set<Y.Item>()
  for (const [client, ranges] of update.deletes) {
    const before = docState(client)
    const after = stateOf(client)
    const structs = store.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (end > after) throw new Refusal('missing', `deletes ${client}:${clock}+${len}, beyond what exists`)
      if (clock < before) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < Math.min(end, before); i++) {
          const struct = structs[i]!
          if (struct instanceof Y.Item && !struct.deleted) removed.add(struct)
        }
      }
      const list = added.get(client) ?? []
      for (let i = firstEndingAfter(list, clock); i < list.length && list[i]!.start < end; i++) list[i]!.deleted = true
    }
  }

  // ---- 4. What each touched key can end up holding ----------------------------------------
  interface KeyChange {
    fresh: NewStruct[]
  }
  const docLists = new Map<YType, { map: MapRef; keys: Map<string, KeyChange> }>()
  const touch = (map: MapRef, key: string): KeyChange => {
    const listMap = docLists.get(map.doc!) ?? { map, keys: new Map() }
    docLists.set(map.doc!, listMap)
    const change = listMap.keys.get(key) ?? { fresh: [] }
    listMap.keys.set(key, change)
    return change
  }
  for (const list of added.values()) for (const entry of list) if (entry.map?.doc) touch(entry.map, entry.key!).fresh.push(entry)
  for (const item of removed) {
    const map = docMapRef(item.parent as YType)
    if (!map || item.parentSub === null) throw new Refusal('structure', `deletes ${item.id.client}:${item.id.clock}, outside the document format`)
    touch(map, item.parentSub)
  }

  /** The entry's clock that a following entry names as its origin. */
  const effectiveOrigin = (entry: NewStruct): StructId | null =>
    entry.start > entry.struct.id.clock ? { client: entry.client, clock: entry.start - 1 } : entry.struct.kind === 'item' ? entry.struct.origin : null
  /** The ids the entries of one key list follow: an entry no other follows is a leaf. */
  const originsOf = (entries: NewStruct[]) => new Set(entries.map((o) => effectiveOrigin(o)).filter((o) => o !== null).map((o) => `${o.client}:${o.clock}`))

  const freshDeleted = (entry: NewStruct): boolean => {
    for (let e: NewStruct | null = entry; e; e = e.map?.fresh ?? null) if (e.deleted) return true
    return false
  }

  type Outcome = typeof ABSENT | typeof UNCHANGED | { value: unknown } | { fresh: NewStruct }
  /** Every value the key may hold afterwards. */
  const outcomes = (last: Y.Item | undefined, fresh: NewStruct[], parentGone: boolean): Outcome[] => {
    const out: Outcome[] = []
    const followed = originsOf(fresh)
    if (last && !followed.has(`${last.id.client}:${last.id.clock + last.length - 1}`)) out.push(last.deleted || removed.has(last) || parentGone ? ABSENT : UNCHANGED)
    for (const entry of fresh) {
      if (followed.has(`${entry.client}:${entry.end - 1}`)) continue
      if (parentGone || freshDeleted(entry)) out.push(ABSENT)
      else if (entry.entries) out.push({ fresh: entry })
      // Entries of one key kept for undo merge into one item; like yjs, the key holds its last value.
      else out.push({ value: (entry.struct as DecodedItem & { content: { kind: 'json' } }).content.values.at(-1) })
    }
    return out
  }

  /** The one object a new map holds: each key must have exactly one outcome. */
  const freshObject = (map: NewStruct): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const [key, entries] of map.entries!) {
      const options = outcomes(undefined, entries, false)
      if (options.length !== 1) throw new Refusal('structure', `new map entry "${key.slice(0, 80)}" has ${options.length} competing values`)
      const only = options[0]!
      if (only === ABSENT || only === UNCHANGED) continue
      out[key] = 'fresh' in only ? freshObject(only.fresh) : only.value
    }
    return out
  }

  // ---- 5. Records before and after, checked --------------------------------------------------
  const recordChanges = new Map<string, { base: () => JsonRecord | null; alternatives: () => (JsonRecord | null)[] }>()
  const recordIds = new Set<string>()
  const factChanges: { key: string; options: Outcome[] }[] = []

  for (const { map, keys } of docLists.values()) {
    const place = map.place
    if (place.level === 'control') throw new Refusal('forbidden', 'the control map is written by the server')
    if (place.level === 'facts') {
      for (const [key, change] of keys) {
        const options = outcomes((map.doc as Y.Map<unknown>)._map.get(key), change.fresh, false)
        if (!options.every((o) => o === UNCHANGED)) factChanges.push({ key, options })
      }
      continue
    }
    if (place.level === 'records') for (const key of keys.keys()) recordIds.add(key)
    else recordIds.add(place.recordId)
  }

  const parentGoneOf = (type: YType): boolean => {
    const item = type._item
    return !!item && (item.deleted || removed.has(item))
  }
  const keyOutcomes = (type: YType, key: string): Outcome[] | null => {
    const change = docLists.get(type)?.keys.get(key)
    if (!change) return null
    const options = outcomes((type as Y.Map<unknown>)._map.get(key), change.fresh, parentGoneOf(type))
    return options.every((o) => o === UNCHANGED) ? null : options
  }

  /**
   * The existing record with each changed field's possible values: the first value of every
   * field, then each other value of one field at a time.
   */
  const changedRecords = (id: string, before: JsonRecord, map: Y.Map<unknown>): JsonRecord[] => {
    const changes: { field: string; key: string | null; options: Outcome[] }[] = []
    for (const field of docLists.get(map)?.keys.keys() ?? []) {
      const options = keyOutcomes(map, field)
      if (options) changes.push({ field, key: null, options })
    }
    for (const field of NESTED_FIELDS) {
      const item = map._map.get(field)
      if (!item || item.deleted || !(item.content instanceof Y.ContentType)) continue
      const nested = item.content.type as YType
      for (const key of docLists.get(nested)?.keys.keys() ?? []) {
        const options = keyOutcomes(nested, key)
        if (options) changes.push({ field, key, options })
      }
    }
    const immutable = changes.find((c) => c.key === null && IMMUTABLE_FIELDS.has(c.field))
    if (immutable) throw new Refusal('invalid', `field ${immutable.field} of ${id.slice(0, 80)} cannot change`)
    const valueOf = (outcome: Outcome) => (outcome !== ABSENT && outcome !== UNCHANGED ? ('fresh' in outcome ? freshObject(outcome.fresh) : outcome.value) : outcome)
    const build = (choice: (i: number) => Outcome): JsonRecord => {
      // Values are never mutated, only replaced: copying the two levels that change is enough.
      const record: Record<string, unknown> = { ...before }
      for (const field of NESTED_FIELDS) if (typeof before[field] === 'object' && before[field] !== null) record[field] = { ...(before[field] as object) }
      const replaced = new Set<string>()
      // Whole fields first (a new props map replaces the old one), then entries of the kept nested maps.
      for (const pass of ['field', 'entry'] as const) {
        changes.forEach((change, i) => {
          if ((change.key === null) !== (pass === 'field')) return
          const value = valueOf(choice(i))
          if (value === UNCHANGED) return
          if (change.key === null) {
            replaced.add(change.field)
            if (value === ABSENT) delete record[change.field]
            else record[change.field] = value
          } else if (!replaced.has(change.field)) {
            const nested = (record[change.field] ??= {}) as Record<string, unknown>
            if (value === ABSENT) delete nested[change.key]
            else nested[change.key] = value
          }
        })
      }
      return record as JsonRecord
    }
    const first = (i: number) => changes[i]!.options[0]!
    const out = [build(first)]
    changes.forEach((change, i) => {
      for (let k = 1; k < change.options.length; k++) out.push(build((j) => (j === i ? change.options[k]! : first(j))))
    })
    return out
  }

  const befores = new Map<string, JsonRecord | null>()
  for (const id of recordIds) {
    const existingItem = records._map.get(id)
    const existingMap = existingItem && !existingItem.deleted && existingItem.content instanceof Y.ContentType ? (existingItem.content.type as Y.Map<unknown>) : null
    const before = existingMap ? readRecord(records, id) : null
    befores.set(id, before)
    const recordOptions = keyOutcomes(records, id) ?? [UNCHANGED]

    /** The record a record-level outcome leads to, for one choice of alternatives. */
    const candidates: (() => (JsonRecord | null)[])[] = []
    for (const option of recordOptions) {
      if (option === ABSENT) candidates.push(() => [null])
      else if (option !== UNCHANGED && 'fresh' in option) {
        const record = freshObject(option.fresh) as JsonRecord
        if (record.id !== id) throw new Refusal('invalid', `record ${id.slice(0, 80)} holds a record with another id`)
        candidates.push(() => [record])
      } else if (option === UNCHANGED && existingMap) {
        if (!before) throw new Refusal('invalid', `${id.slice(0, 80)} is not a record`)
        candidates.push(() => changedRecords(id, before, existingMap))
      }
    }
    let cached: (JsonRecord | null)[] | null = null
    const alternatives = () => (cached ??= candidates.flatMap((c) => c()))
    recordChanges.set(id, { base: () => alternatives()[0] ?? before, alternatives })
  }

  const lookup = (id: string): JsonRecord | null => {
    const change = recordChanges.get(id)
    return change ? change.base() : readRecord(records, id)
  }
  const schema = workshopSchema()
  let changed = 0
  for (const [id, change] of recordChanges) {
    const before = befores.get(id) ?? null
    for (const after of change.alternatives()) {
      if (before === after) continue
      changed++
      if (after) {
        const bytes = JSON.stringify(after).length
        if (bytes > ctx.maxRecordBytes) throw new Refusal('invalid', `record ${id.slice(0, 80)} would take ${bytes} bytes, more than ${ctx.maxRecordBytes}`)
        try {
          // The record as it is passed this check when it was written: tldraw then checks only what changed.
          validateDocumentRecord(schema, after, before as never)
        } catch (err) {
          throw new Refusal('invalid', `record ${id.slice(0, 80)}: ${err instanceof Error ? err.message.slice(0, 200) : 'invalid'}`)
        }
      }
      const refusal = writeRefusal(ctx.writer, before, after, lookup)
      if (refusal) throw new Refusal('forbidden', `${id.slice(0, 80)}: ${refusal}`)
    }
  }

  for (const { key, options } of factChanges) {
    if (ctx.writer.role !== 'facilitator') throw new Refusal('forbidden', 'the workshop facts are the facilitator’s')
    if (!EDITABLE_FACTS.has(key)) throw new Refusal('forbidden', `workshop fact "${key.slice(0, 40)}" is set by the server`)
    for (const option of options) {
      const ok = option === UNCHANGED || (option !== ABSENT && 'value' in option && typeof option.value === 'string' && option.value.length <= ctx.maxFactLength)
      if (!ok) throw new Refusal('invalid', `workshop fact "${key}" must be a string of at most ${ctx.maxFactLength} characters`)
    }
    changed++
  }

  const addsStructs = [...added.values()].some((list) => list.length > 0)
  return { noop: !addsStructs && removed.size === 0, newClients, records: changed }
}
