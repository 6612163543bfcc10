/** Where shapes are on their page, read from plain records (no tldraw runtime). */
import type { JsonRecord } from '@sfs/shared'
import type { Box } from './shapes.ts'

const NOTE_SIZE = 200

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

function props(record: JsonRecord): Record<string, unknown> {
  return typeof record.props === 'object' && record.props !== null ? (record.props as Record<string, unknown>) : {}
}

/** The shape's own width and height (before its parents' transforms). */
export function shapeSize(record: JsonRecord): { w: number; h: number } {
  const p = props(record)
  const scale = num(p.scale, 1)
  if (record.type === 'note') return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + num(p.growY)) * scale }
  return { w: num(p.w) * scale, h: (num(p.h) + num(p.growY)) * scale }
}

/**
 * The shape's bounds on its page. Offsets of parent frames and groups are added up; their
 * rotation is ignored (template zones are never rotated).
 */
export function pageBounds(record: JsonRecord, byId: Map<string, JsonRecord>): Box {
  let x = num(record.x)
  let y = num(record.y)
  let parent = byId.get(String(record.parentId))
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 100; depth++) {
    x += num(parent.x)
    y += num(parent.y)
    parent = byId.get(String(parent.parentId))
  }
  return { x, y, ...shapeSize(record) }
}

export function center(box: Box): { x: number; y: number } {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 }
}

/** Inclusive on every edge: a centre exactly on a border belongs to the zone. */
export function contains(box: Box, point: { x: number; y: number }): boolean {
  return point.x >= box.x && point.x <= box.x + box.w && point.y >= box.y && point.y <= box.y + box.h
}
