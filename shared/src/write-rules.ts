/**
 * Who may write which record: the rules the server enforces on every incoming update, and
 * that the client checks before it sends one. Pure functions of the record before and after
 * the change, so both sides decide the same way.
 *
 * - A viewer writes nothing.
 * - Vote counts (`meta.votes`) are the server's alone: it writes them when a vote ends.
 * - The facilitator may change any record otherwise.
 * - A participant may create, change and delete notes, texts and drawings on boards that are
 *   not locked; a template shape only by moving a movable one; a personal marker only their
 *   own; their own attribution record (`user:<their id>`); never pages, the document record,
 *   assets, template flags or locks.
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

  for (const r of [before, after]) {
    const owner = metaOf(r).owner
    if (typeof owner === 'string' && owner !== writer.userId) return 'a marker belongs to the person who placed it'
  }

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
