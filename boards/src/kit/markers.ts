/**
 * Personal markers ("where I think we are now", "where I want us to be"): one shape per
 * person and kind, created by the client from a board's marker specs, read back here.
 */
import type { JsonRecord, MarkerSpec } from '@sfs/shared'
import { center, contains, pageBounds } from './geometry.ts'
import { shapesOnPage } from './records.ts'
import { geoProps } from './shapes.ts'
import { isTemplate } from './zones.ts'

/** Wide enough for a kind and a name on two lines, so names are not broken mid-word. */
export const MARKER_SIZE = { w: 170, h: 110 }

/** The marker shape for one person; the client adds it where the person is looking. */
export function markerShape(opts: { id: string; pageId: string; spec: MarkerSpec; owner: string; ownerName: string; x: number; y: number; index: string }): JsonRecord {
  return {
    id: opts.id,
    typeName: 'shape',
    type: 'geo',
    parentId: opts.pageId,
    index: opts.index,
    x: opts.x,
    y: opts.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: { marker: opts.spec.key, owner: opts.owner },
    props: geoProps({ w: MARKER_SIZE.w, h: MARKER_SIZE.h, geo: 'ellipse', color: opts.spec.color, size: 's', text: `${opts.spec.label.sv}\n${opts.ownerName}` }),
  }
}

export interface PlacedMarker {
  kind: string
  owner: string
  /** The level of the zone holding the marker's centre, or null when it is off the scale. */
  level: number | null
}

function metaOf(record: JsonRecord): Record<string, unknown> {
  return (record.meta ?? {}) as Record<string, unknown>
}

/** Every marker on the page, with the level it sits on. */
export function markersOnPage(records: JsonRecord[], pageId: string): PlacedMarker[] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const shapes = shapesOnPage(records, pageId)
  const levels = shapes
    .filter((s) => isTemplate(s) && typeof metaOf(s).level === 'number')
    .map((s) => ({ level: metaOf(s).level as number, bounds: pageBounds(s, byId) }))
  return shapes
    .filter((s) => !isTemplate(s) && typeof metaOf(s).marker === 'string')
    .map((s) => {
      const point = center(pageBounds(s, byId))
      return { kind: String(metaOf(s).marker), owner: String(metaOf(s).owner ?? ''), level: levels.find((l) => contains(l.bounds, point))?.level ?? null }
    })
}
