/**
 * Result extraction for boards made of zones. A note or text belongs to the zone its
 * `meta.zone` names (set where it was written or last put down), so a long answer that runs
 * over the next box stays under its own question; without one (older workshops), to the zone
 * that contains its centre, whatever shape it is parented to. Zones are read from the
 * board's records, so a zone the facilitator moved or resized still collects the right notes.
 */
import type { JsonRecord } from '@sfs/shared'
import { center, contains, pageBounds } from './geometry.ts'
import type { Box } from './shapes.ts'
import { shapesOnPage, shapeText } from './records.ts'

export interface PlacedNote {
  id: string
  text: string
  color: string
  /** Dot votes; filled in by the facilitation features. */
  votes: number
  /** Who wrote it (empty on anonymous boards) and when, as stamped by the writer's client. */
  author: string
  createdAt: string
}

export interface ZoneInfo {
  key: string
  label: string
  meta: Record<string, unknown>
  area: number
}

/** The texts in a field, joined in reading order ("" when empty). */
export function fieldText(zoned: ZonedNotes, key: string): string {
  return fieldNotes(zoned, key).map((n) => n.text).join('\n')
}

/** A field's answers one by one, with who wrote each and when: what `fieldText` joins. */
export function fieldNotes(zoned: ZonedNotes, key: string): PlacedNote[] {
  return (zoned.zones.get(key) ?? []).filter((n) => n.text)
}

export interface ZonedNotes {
  zones: Map<string, PlacedNote[]>
  zoneInfo: Map<string, ZoneInfo>
  /** Notes on the board outside every zone. */
  unplaced: PlacedNote[]
}

function metaOf(record: JsonRecord): Record<string, unknown> {
  return typeof record.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : {}
}

export function isTemplate(record: JsonRecord): boolean {
  return metaOf(record).template === true
}

export function toPlaced(record: JsonRecord): PlacedNote {
  const p = (record.props ?? {}) as Record<string, unknown>
  const votes = metaOf(record).votes
  const meta = metaOf(record)
  return {
    id: record.id,
    text: shapeText(record),
    color: String(p.color ?? ''),
    votes: typeof votes === 'number' ? votes : 0,
    author: typeof meta.author === 'string' ? meta.author : '',
    createdAt: typeof meta.createdAt === 'string' ? meta.createdAt : '',
  }
}

/** The smallest of `zones` (sorted smallest first) that holds `point`, if any. */
export function zoneAt<Z extends { bounds: Box }>(zones: readonly Z[], point: { x: number; y: number }): Z | undefined {
  return zones.find((zone) => contains(zone.bounds, point))
}

/**
 * Where a writing shape is put down, for deciding its zone: a note's centre; a text's first
 * letters, since a long text reaches over into the next box.
 */
export function anchorOf(type: string, bounds: Box): { x: number; y: number } {
  return type === 'text' ? { x: bounds.x + Math.min(bounds.w / 2, 20), y: bounds.y + Math.min(bounds.h / 2, 20) } : center(bounds)
}

/** What counts as content in a zone: post-its, and typed text (forms are filled in with either). */
export const isWriting = (r: JsonRecord) => r.type === 'note' || r.type === 'text'

/** Notes grouped by zone key (every zone listed, empty ones too), in reading order. */
export function notesByZone(records: JsonRecord[], pageId: string, isNote: (r: JsonRecord) => boolean = (r) => r.type === 'note'): ZonedNotes {
  const byId = new Map(records.map((r) => [r.id, r]))
  const shapes = shapesOnPage(records, pageId)
  const zoneShapes = shapes
    .filter((s) => isTemplate(s) && typeof metaOf(s).zone === 'string')
    .map((s) => ({ record: s, key: String(metaOf(s).zone), bounds: pageBounds(s, byId) }))
    // Smallest first: a note in a zone nested in another belongs to the inner one.
    .sort((a, b) => a.bounds.w * a.bounds.h - b.bounds.w * b.bounds.h)

  const zones = new Map<string, PlacedNote[]>()
  const zoneInfo = new Map<string, ZoneInfo>()
  for (const zone of zoneShapes) {
    zones.set(zone.key, [])
    zoneInfo.set(zone.key, { key: zone.key, label: shapeText(zone.record), meta: metaOf(zone.record), area: zone.bounds.w * zone.bounds.h })
  }
  const unplaced: PlacedNote[] = []
  const notes = shapes
    .filter((s) => !isTemplate(s) && isNote(s))
    .map((s) => ({ record: s, bounds: pageBounds(s, byId) }))
    .sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x)
  for (const note of notes) {
    const claimed = metaOf(note.record).zone
    const zone = (typeof claimed === 'string' ? zoneShapes.find((z) => z.key === claimed) : undefined) ?? zoneAt(zoneShapes, center(note.bounds))
    if (zone) zones.get(zone.key)!.push(toPlaced(note.record))
    else unplaced.push(toPlaced(note.record))
  }
  // After a dot vote, the most voted first; otherwise (and among equals) in reading order.
  const byVotes = (a: PlacedNote, b: PlacedNote) => b.votes - a.votes
  for (const notes of zones.values()) notes.sort(byVotes)
  unplaced.sort(byVotes)
  return { zones, zoneInfo, unplaced }
}
