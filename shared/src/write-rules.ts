/**
 * Who may write which record: the rules the server enforces on every incoming update, and
 * that the client checks before it sends one. Pure functions of the record before and after
 * the change, so both sides decide the same way.
 *
 * - A viewer writes nothing.
 * - Vote counts (`meta.votes`) are the server's alone: it writes them when a vote ends.
 * - The facilitator may change any record otherwise.
 * - A participant may create notes, texts and drawings on boards that are not locked; change
 *   and delete their own (`meta.owner`, set when a shape is made and never changed after);
 *   only move other people's, since grouping them is the work; a template shape only by moving
 *   a movable one; a personal marker (an ambition or Huxham vote) not at all unless it is
 *   theirs; their own attribution record (`user:<their id>`); never pages, the document
 *   record, assets, template flags or locks.
 * - A shape without `meta.owner` (made by a guest without a personal token, or before owners
 *   were recorded) is anyone's.
 */
import type { Role } from './api.ts'
import type { JsonRecord } from './doc-format.ts'
import { jsonEqual } from './doc-format.ts'

export interface Writer {
  role: Role
  /** The person's id as the server knows it (from their token), or null for a connection without one. */
  userId: string | null
}

/** Reads records as they will be once the change is applied. */
export type RecordLookup = (id: string) => JsonRecord | null

/** Meta entries only the server writes. */
const SERVER_META = ['votes'] as const
/** Meta entries that make a shape part of a board's structure: the facilitator's. */
const STRUCTURE_META = ['template', 'locked', 'boardKind', 'movable'] as const
/** Shapes a participant may create: writing and drawing (no media, embeds or bookmarks, which load from elsewhere). */
const PARTICIPANT_SHAPES: ReadonlySet<string> = new Set(['note', 'text', 'geo', 'arrow', 'line', 'draw', 'highlight', 'frame', 'group'])
/** The refusal for any write on a locked board: the client tells the person in those words. */
export const BOARD_LOCKED = 'the board is locked'
/** The refusal for changing or deleting someone else's shape beyond moving it. */
export const OTHERS_WORK = 'only the person who made it may change or delete it'
/** The refusal for touching someone else's marker. */
export const OTHERS_MARKER = 'a marker belongs to the person who placed it'
/** Top-level fields that say where a shape is, which anyone may change on anyone's shape. */
const PLACEMENT_FIELDS = ['x', 'y', 'rotation', 'parentId', 'index'] as const
/** Props that follow from placement: an arrow's ends move when what it connects moves or goes. */
const PLACEMENT_PROPS: Readonly<Record<string, readonly string[]>> = { arrow: ['start', 'end', 'bend'] }
/** Meta that follows from placement: the zone (box, question, cell) a note or text was put in. */
const PLACEMENT_META = ['zone'] as const
/** A shape's ancestry is followed at most this far (a parent cycle is refused, not looped on). */
const MAX_NESTING = 32

function metaOf(record: JsonRecord | null): Record<string, unknown> {
  const meta = record?.meta
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {}
}

/** The page a shape or binding lives on, or null when its ancestry does not end in a page. */
export function pageOfRecord(record: JsonRecord, lookup: RecordLookup): JsonRecord | null {
  let current: JsonRecord | null = record
  for (let depth = 0; current && depth < MAX_NESTING; depth++) {
    if (current.typeName === 'page') return current
    const up: unknown = current.typeName === 'binding' ? current.fromId : current.parentId
    current = typeof up === 'string' ? lookup(up) : null
  }
  return null
}

export function isLockedPage(page: JsonRecord | null): boolean {
  return metaOf(page).locked === true
}

function changedMeta(before: JsonRecord | null, after: JsonRecord | null, keys: readonly string[]): string | null {
  const a = metaOf(before)
  const b = metaOf(after)
  return keys.find((key) => !jsonEqual(a[key], b[key])) ?? null
}

/** Only `x` and `y` differ. */
function onlyMoved(before: JsonRecord, after: JsonRecord): boolean {
  return jsonEqual({ ...before, x: 0, y: 0 }, { ...after, x: 0, y: 0 })
}

/** The record with where it is left out: what stays the same when it is only placed elsewhere. */
function withoutPlacement(record: JsonRecord): JsonRecord {
  const rest: JsonRecord = { ...record }
  for (const field of PLACEMENT_FIELDS) delete rest[field]
  const followers = PLACEMENT_PROPS[String(record.type)]
  if (followers && typeof record.props === 'object' && record.props !== null) {
    const props = { ...(record.props as Record<string, unknown>) }
    for (const prop of followers) delete props[prop]
    rest.props = props
  }
  const meta = { ...metaOf(record) }
  for (const key of PLACEMENT_META) delete meta[key]
  rest.meta = meta
  return rest
}

/** Only where the shape is differs: moved, rotated, put in a frame or group, or brought forward. */
function onlyPlaced(before: JsonRecord, after: JsonRecord): boolean {
  return jsonEqual(withoutPlacement(before), withoutPlacement(after))
}

/** The person a shape belongs to, or null for a shape that is anyone's. */
export function ownerOf(record: JsonRecord | null): string | null {
  const owner = metaOf(record).owner
  return typeof owner === 'string' ? owner : null
}

/** Why `writer` may not change the content of `record` (its text, style, size), or null when they may. */
export function contentRefusal(writer: Writer, record: JsonRecord): string | null {
  if (writer.role === 'facilitator') return null
  if (writer.role === 'viewer') return 'a viewer writes nothing'
  const owner = ownerOf(record)
  if (owner === null || owner === writer.userId) return null
  return metaOf(record).marker !== undefined ? OTHERS_MARKER : OTHERS_WORK
}

/** Ownership: a shape is made by its owner, keeps that owner, and others may only place it. */
function ownershipRefusal(writer: Writer, before: JsonRecord | null, after: JsonRecord | null): string | null {
  if (!before) {
    const owner = ownerOf(after)
    return owner === null || owner === writer.userId ? null : 'a shape belongs to the person who makes it'
  }
  if (after && ownerOf(after) !== ownerOf(before)) return 'meta.owner is set when a shape is made'
  const refusal = contentRefusal(writer, before)
  if (!refusal) return null
  if (refusal === OTHERS_MARKER || !after || !onlyPlaced(before, after)) return refusal
  return null
}

function participantMayWrite(writer: Writer, before: JsonRecord | null, after: JsonRecord | null, lookup: RecordLookup): string | null {
  const record = (after ?? before)!
  if (record.typeName === 'user') {
    return writer.userId !== null && record.id === `user:${writer.userId}` ? null : 'a participant writes only their own user record'
  }
  if (record.typeName !== 'shape' && record.typeName !== 'binding') return `a participant may not write ${record.typeName} records`
  if (after?.typeName === 'shape' && !PARTICIPANT_SHAPES.has(String(after.type))) return `a participant may not add ${String(after.type)} shapes`

  const structure = changedMeta(before, after, STRUCTURE_META)
  if (metaOf(before).template === true) {
    if (!(metaOf(before).movable === true && after && onlyMoved(before!, after))) return 'the board template is the facilitator’s'
  } else if (structure) {
    return `meta.${structure} is the facilitator’s`
  }

  const ownership = ownershipRefusal(writer, before, after)
  if (ownership) return ownership

  for (const r of [before, after]) {
    if (!r) continue
    const page = pageOfRecord(r, lookup)
    if (!page) return `${r.id} is not on a board`
    if (isLockedPage(page)) return BOARD_LOCKED
  }
  return null
}

/**
 * Why `writer` may not turn `before` into `after` (null: create; null after: delete), or
 * null when they may. `lookup` answers for other records (a shape's parents, its page).
 */
export function writeRefusal(writer: Writer, before: JsonRecord | null, after: JsonRecord | null, lookup: RecordLookup): string | null {
  if (!before && !after) return null
  if (writer.role === 'viewer') return 'a viewer writes nothing'
  if (after) {
    const serverOwned = changedMeta(before, after, SERVER_META)
    if (serverOwned) return `meta.${serverOwned} is written by the server`
  }
  if (writer.role === 'facilitator') return null
  return participantMayWrite(writer, before, after, lookup)
}
