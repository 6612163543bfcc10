/**
 * A board read as a document instead of a picture: its zones in the board's own order,
 * named so that each makes sense on its own, with what is written in them; its mind map as
 * a tree; its personal markers. The list view and screen readers read boards through this.
 */
import type { BoardDefinition, JsonRecord, ZoneTitle } from '@sfs/shared'
import { readGraph, type GraphNode } from './graph.ts'
import { isWriting, notesByZone, type PlacedNote } from './zones.ts'
import { shapesOnPage } from './records.ts'

export interface OutlineNote extends PlacedNote {
  /** Whose it is (`meta.owner`): only they and the facilitator change it. */
  owner: string | null
  /** Written during private writing, still on this device only. */
  private: boolean
}

export interface OutlineMarker {
  id: string
  kind: string
  owner: string
  text: string
}

export interface OutlineZone extends ZoneTitle {
  key: string
  /** The level a marker in this zone counts for, on boards with markers. */
  level: number | null
  notes: OutlineNote[]
  markers: OutlineMarker[]
}

export interface OutlineGroup {
  /** Empty for zones outside any group. */
  title: string
  zones: OutlineZone[]
}

export interface BoardOutline {
  groups: OutlineGroup[]
  /** Written on the board outside every zone. */
  unplaced: OutlineNote[]
  /** The mind map, on boards with a graph. */
  tree: GraphNode | null
  loose: GraphNode[]
}

function metaOf(record: JsonRecord | undefined): Record<string, unknown> {
  return typeof record?.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : {}
}

const isMarker = (r: JsonRecord) => typeof metaOf(r).marker === 'string'
const byIndex = (a: JsonRecord, b: JsonRecord) => (String(a.index) < String(b.index) ? -1 : String(a.index) > String(b.index) ? 1 : 0)

export function boardOutline(board: BoardDefinition | null, records: JsonRecord[], pageId: string): BoardOutline {
  const byId = new Map(records.map((r) => [r.id, r]))
  const zoned = notesByZone(records, pageId, (r) => (isWriting(r) && !metaOf(r).node) || isMarker(r))
  const asNote = (placed: PlacedNote): OutlineNote => {
    const meta = metaOf(byId.get(placed.id))
    return { ...placed, owner: typeof meta.owner === 'string' ? meta.owner : null, private: meta.private === true }
  }
  const split = (placed: PlacedNote[]) => {
    const notes: OutlineNote[] = []
    const markers: OutlineMarker[] = []
    for (const p of placed) {
      const meta = metaOf(byId.get(p.id))
      if (typeof meta.marker === 'string') markers.push({ id: p.id, kind: meta.marker, owner: String(meta.owner ?? ''), text: p.text })
      else notes.push(asNote(p))
    }
    return { notes, markers }
  }

  // The template's order is the board's reading order; zones added later come after.
  const zoneShapes = shapesOnPage(records, pageId)
    .filter((s) => metaOf(s).template === true && typeof metaOf(s).zone === 'string')
    .sort(byIndex)
  const groups = new Map<string, OutlineGroup>()
  for (const shape of zoneShapes) {
    const key = String(metaOf(shape).zone)
    const info = zoned.zoneInfo.get(key)
    if (!info) continue
    const label = info.label.split('\n')[0]!
    const title = board?.zoneTitle?.({ key, meta: info.meta, label }) ?? { name: label }
    const group = title.group ?? ''
    if (!groups.has(group)) groups.set(group, { title: group, zones: [] })
    const level = typeof info.meta.level === 'number' ? info.meta.level : null
    groups.get(group)!.zones.push({ key, ...title, level, ...split(zoned.zones.get(key) ?? []) })
  }
  const graph = board?.graph ? readGraph(records, pageId, board.graph.root) : { root: null, loose: [] }
  return { groups: [...groups.values()], unplaced: split(zoned.unplaced).notes, tree: graph.root, loose: graph.loose }
}
