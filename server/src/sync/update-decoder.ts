/**
 * Reads a Yjs v1 update into plain data, without touching any document, so the server can
 * decide about it before Yjs integrates it. It mirrors yjs's own reader (readClientsStructRefs
 * and readDeleteSet in yjs/src/utils/encoding.js, DeleteSet.js) field for field, but:
 * - it never recurses: JSON values are read with an explicit stack and a depth bound, so a
 *   value nested 10,000 levels deep is refused instead of overflowing the stack;
 * - it refuses what an honest writer of our document format never sends (content kinds other
 *   than JSON values, maps and deleted runs; object keys that would set a prototype; a client
 *   listed twice, which yjs would silently let the second listing win; trailing bytes), so what
 *   it reports is exactly what yjs would integrate.
 */
import * as decoding from 'lib0/decoding'

export interface StructId {
  client: number
  clock: number
}

export type StructContent =
  | { kind: 'deleted' }
  /** Plain JSON values (yjs ContentAny). A map entry shows its last one: earlier values of the key are merged in when kept for undo. */
  | { kind: 'json'; values: unknown[] }
  /** A nested Y.Map (yjs ContentType with the YMap type ref). */
  | { kind: 'map' }

export interface DecodedItem {
  kind: 'item'
  id: StructId
  length: number
  origin: StructId | null
  rightOrigin: StructId | null
  /** Set only when neither origin is: the root type's name, or the id of the item holding the parent type. */
  parent: { root: string } | { item: StructId } | null
  parentSub: string | null
  content: StructContent
}

export interface DecodedGap {
  /** `gc`: a garbage-collected run; `skip`: nothing (a hole left by merging updates). */
  kind: 'gc' | 'skip'
  id: StructId
  length: number
}

export type DecodedStruct = DecodedItem | DecodedGap

export interface DecodedUpdate {
  /** Each client's structs, in clock order. */
  clients: Map<number, DecodedStruct[]>
  /** Each client's deleted clock ranges [clock, clock + len). */
  deletes: Map<number, { clock: number; len: number }[]>
}

export class MalformedUpdate extends Error {
  override name = 'MalformedUpdate'
}

export interface DecodeLimits {
  /** Deepest nesting of arrays and objects in one JSON value. */
  maxJsonDepth: number
  /** Highest clock any struct may reach; yjs clocks are plain numbers, so this stays far below 2^53. */
  maxClock: number
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxJsonDepth: 32, maxClock: 2 ** 32 }

// yjs's info byte: the low five bits give the content kind, the top three which fields follow.
const BITS5 = 31
const HAS_ORIGIN = 128
const HAS_RIGHT_ORIGIN = 64
const HAS_PARENT_SUB = 32
const CONTENT_GC = 0
const CONTENT_DELETED = 1
const CONTENT_TYPE = 7
const CONTENT_ANY = 8
const CONTENT_SKIP = 10
const TYPE_REF_MAP = 1
const CONTENT_NAMES = ['gc', 'deleted', 'json', 'binary', 'string', 'embed', 'format', 'type', 'any', 'doc', 'skip']

/** A count read from the wire may not claim more entries than bytes remain to hold them. */
function readCount(decoder: decoding.Decoder, what: string): number {
  const count = decoding.readVarUint(decoder)
  if (count > decoder.arr.length - decoder.pos) throw new MalformedUpdate(`${what} count ${count} exceeds the message`)
  return count
}

/** lib0 reads past the end without complaint (undefined bytes, clamped strings): refuse instead. */
function readByte(decoder: decoding.Decoder): number {
  if (decoder.pos >= decoder.arr.length) throw new MalformedUpdate('truncated update')
  return decoder.arr[decoder.pos++]!
}

function readString(decoder: decoding.Decoder): string {
  const value = decoding.readVarString(decoder)
  if (decoder.pos > decoder.arr.length) throw new MalformedUpdate('truncated string')
  return value
}

function readId(decoder: decoding.Decoder): StructId {
  return { client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) }
}

/**
 * One value as lib0's readAny would read it, but iteratively and bounded. Values that are
 * not JSON (undefined, bigint, binary, non-finite numbers) are refused.
 */
export function readJsonValue(decoder: decoding.Decoder, maxDepth: number): unknown {
  type Frame = { container: unknown[] | Record<string, unknown>; remaining: number; key: string | null }
  const stack: Frame[] = []
  let result: unknown
  for (;;) {
    // Read the next value (for an object, its key first).
    const top = stack.at(-1)
    if (top && !Array.isArray(top.container)) {
      const key = readString(decoder)
      if (key === '__proto__') throw new MalformedUpdate('object key "__proto__"')
      top.key = key
    }
    const tag = readByte(decoder)
    let value: unknown
    let opened: Frame | null = null
    switch (tag) {
      case 126:
        value = null
        break
      case 125:
        value = decoding.readVarInt(decoder)
        break
      case 124:
        value = decoding.readFloat32(decoder)
        break
      case 123:
        value = decoding.readFloat64(decoder)
        break
      case 121:
        value = false
        break
      case 120:
        value = true
        break
      case 119:
        value = readString(decoder)
        break
      case 118: {
        const obj: Record<string, unknown> = {}
        value = obj
        opened = { container: obj, remaining: readCount(decoder, 'object entry'), key: null }
        break
      }
      case 117: {
        const arr: unknown[] = []
        value = arr
        opened = { container: arr, remaining: readCount(decoder, 'array element'), key: null }
        break
      }
      default:
        throw new MalformedUpdate(`value tag ${tag} is not JSON`)
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new MalformedUpdate('non-finite number')
    // Attach the value to its container, or make it the result.
    if (top) {
      if (Array.isArray(top.container)) top.container.push(value)
      else top.container[top.key!] = value
      top.remaining--
    } else {
      result = value
    }
    if (opened) {
      if (stack.length + 1 > maxDepth) throw new MalformedUpdate(`JSON nested deeper than ${maxDepth}`)
      stack.push(opened)
    }
    // Close every container that is complete.
    while (stack.length > 0 && stack.at(-1)!.remaining === 0) stack.pop()
    if (stack.length === 0) return result
  }
}

function readContent(decoder: decoding.Decoder, info: number, limits: DecodeLimits): { content: StructContent; length: number } {
  const ref = info & BITS5
  switch (ref) {
    case CONTENT_DELETED: {
      const length = decoding.readVarUint(decoder)
      if (length < 1) throw new MalformedUpdate('empty deleted run')
      return { content: { kind: 'deleted' }, length }
    }
    case CONTENT_ANY: {
      const count = readCount(decoder, 'value')
      if (count < 1) throw new MalformedUpdate('empty value list')
      const values: unknown[] = []
      for (let i = 0; i < count; i++) values.push(readJsonValue(decoder, limits.maxJsonDepth))
      return { content: { kind: 'json', values }, length: count }
    }
    case CONTENT_TYPE: {
      const typeRef = decoding.readVarUint(decoder)
      if (typeRef !== TYPE_REF_MAP) throw new MalformedUpdate(`shared type ${typeRef} is not a map`)
      return { content: { kind: 'map' }, length: 1 }
    }
    default:
      throw new MalformedUpdate(`content kind "${CONTENT_NAMES[ref] ?? ref}" is not part of the document format`)
  }
}

function readStructs(decoder: decoding.Decoder, limits: DecodeLimits): Map<number, DecodedStruct[]> {
  const clients = new Map<number, DecodedStruct[]>()
  const blocks = readCount(decoder, 'client')
  for (let b = 0; b < blocks; b++) {
    const count = readCount(decoder, 'struct')
    const client = decoding.readVarUint(decoder)
    let clock = decoding.readVarUint(decoder)
    if (clients.has(client)) throw new MalformedUpdate(`client ${client} listed twice`)
    const structs: DecodedStruct[] = []
    clients.set(client, structs)
    for (let i = 0; i < count; i++) {
      const info = readByte(decoder)
      const ref = info & BITS5
      let struct: DecodedStruct
      if (ref === CONTENT_GC || ref === CONTENT_SKIP) {
        const length = decoding.readVarUint(decoder)
        if (length < 1) throw new MalformedUpdate('empty run')
        struct = { kind: ref === CONTENT_GC ? 'gc' : 'skip', id: { client, clock }, length }
      } else {
        const origin = info & HAS_ORIGIN ? readId(decoder) : null
        const rightOrigin = info & HAS_RIGHT_ORIGIN ? readId(decoder) : null
        const explicitParent = (info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0
        let parent: DecodedItem['parent'] = null
        if (explicitParent) parent = decoding.readVarUint(decoder) === 1 ? { root: readString(decoder) } : { item: readId(decoder) }
        const parentSub = explicitParent && info & HAS_PARENT_SUB ? readString(decoder) : null
        const { content, length } = readContent(decoder, info, limits)
        struct = { kind: 'item', id: { client, clock }, length, origin, rightOrigin, parent, parentSub, content }
      }
      clock += struct.length
      if (clock > limits.maxClock) throw new MalformedUpdate(`clock beyond ${limits.maxClock}`)
      structs.push(struct)
    }
  }
  return clients
}

function readDeletes(decoder: decoding.Decoder, limits: DecodeLimits): DecodedUpdate['deletes'] {
  const deletes: DecodedUpdate['deletes'] = new Map()
  const count = readCount(decoder, 'delete set client')
  for (let c = 0; c < count; c++) {
    const client = decoding.readVarUint(decoder)
    const ranges = readCount(decoder, 'delete range')
    if (deletes.has(client)) throw new MalformedUpdate(`client ${client} listed twice in the delete set`)
    const list: { clock: number; len: number }[] = []
    deletes.set(client, list)
    // yjs writes a client's ranges sorted and merged; refusing anything else keeps the work on them linear.
    let previousEnd = 0
    for (let r = 0; r < ranges; r++) {
      const clock = decoding.readVarUint(decoder)
      const len = decoding.readVarUint(decoder)
      if (clock + len > limits.maxClock) throw new MalformedUpdate(`deleted clock beyond ${limits.maxClock}`)
      if (len === 0) continue
      if (clock < previousEnd) throw new MalformedUpdate(`delete ranges of client ${client} out of order or overlapping`)
      list.push({ clock, len })
      previousEnd = clock + len
    }
  }
  return deletes
}

/** The update as data, or a MalformedUpdate saying why it is refused. */
export function decodeUpdate(update: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedUpdate {
  const decoder = decoding.createDecoder(update)
  try {
    const clients = readStructs(decoder, limits)
    const deletes = readDeletes(decoder, limits)
    if (decoding.hasContent(decoder)) throw new MalformedUpdate('bytes after the delete set')
    return { clients, deletes }
  } catch (err) {
    if (err instanceof MalformedUpdate) throw err
    // lib0 throws plain errors for truncated input and out-of-range numbers.
    throw new MalformedUpdate(err instanceof Error ? err.message : 'undecodable update')
  }
}
