import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { MarkerSpec } from '@sfs/shared'
import { MARKER_SIZE, markerShape } from '@sfs/boards'
import { spotInView } from './current-board.ts'

const GAP = 12
/** Waits for the drag to end before moving a marker off another. */
const SETTLE_MS = 120

type Bounds = { x: number; y: number; w: number; h: number; maxX: number; maxY: number }

const isMarker = (s: TLShape) => typeof (s.meta as { marker?: unknown }).marker === 'string'

/**
 * A place for something of `size` (a marker, a note) in `area` (from `top` down) that nothing
 * in `taken` covers: the one nearest `near`, or the first left to right, row by row. Null
 * when the area is full.
 */
export function freeSlot(area: Bounds, top: number, taken: Bounds[], size: { w: number; h: number } = MARKER_SIZE, near?: { x: number; y: number }): { x: number; y: number } | null {
  const perRow = Math.max(1, Math.floor((area.w - GAP) / (size.w + GAP)))
  const rows = Math.max(1, Math.floor((area.maxY - top) / (size.h + GAP)))
  const free: { x: number; y: number }[] = []
  for (let slot = 0; slot < perRow * rows; slot++) {
    const x = area.x + GAP + (slot % perRow) * (size.w + GAP)
    const y = top + Math.floor(slot / perRow) * (size.h + GAP)
    if (taken.every((b) => b.maxX <= x || b.x >= x + size.w || b.maxY <= y || b.y >= y + size.h)) free.push({ x, y })
  }
  if (!near) return free[0] ?? null
  const distance = (p: { x: number; y: number }) => Math.hypot(p.x - near.x, p.y - near.y)
  return free.sort((a, b) => distance(a) - distance(b))[0] ?? null
}

/**
 * A free place in the board's marker tray (a template zone with `meta.tray`); when the tray
 * is full, its first place again. Null on boards without a tray.
 */
function spotInTray(editor: Editor): { x: number; y: number } | null {
  const shapes = editor.getCurrentPageShapes()
  const tray = shapes.find((s) => (s.meta as { template?: unknown; tray?: unknown }).template === true && (s.meta as { tray?: unknown }).tray === true)
  const bounds = tray && editor.getShapePageBounds(tray.id)
  if (!bounds) return null
  // Room for the tray's label above the first row.
  const top = bounds.y + 30
  const taken = shapes.filter(isMarker).map((s) => editor.getShapePageBounds(s.id)!)
  return freeSlot(bounds, top, taken) ?? { x: bounds.x + GAP, y: top }
}

/**
 * A marker put down on someone else's is moved to the nearest free place in the same level
 * (or tray), so every vote stays readable. Only the person's own marker moves: the others'
 * are theirs.
 */
export function keepMarkersApart(editor: Editor, myId: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const mine = new Set<TLShapeId>()
  const settle = () => {
    timer = undefined
    if (editor.isIn('select.translating')) {
      timer = setTimeout(settle, SETTLE_MS)
      return
    }
    const shapes = editor.getCurrentPageShapes()
    const markers = shapes.filter(isMarker)
    const zones = shapes.filter((s) => (s.meta as { template?: unknown; zone?: unknown }).template === true && typeof (s.meta as { zone?: unknown }).zone === 'string')
    for (const id of [...mine]) {
      const marker = editor.getShape(id)
      const bounds = marker && editor.getShapePageBounds(id)
      if (!marker || !bounds) continue
      const others = markers.filter((m) => m.id !== id).map((m) => editor.getShapePageBounds(m.id)!)
      if (!others.some((b) => b.x < bounds.maxX && bounds.x < b.maxX && b.y < bounds.maxY && bounds.y < b.maxY)) continue
      const zone = zones.map((z) => editor.getShapePageBounds(z.id)!).filter((z) => z.containsPoint(bounds.center)).sort((a, b) => a.w * a.h - b.w * b.h)[0]
      const spot = zone && freeSlot(zone, zone.y + GAP, others, MARKER_SIZE, bounds)
      if (spot) editor.run(() => editor.updateShape({ id, type: marker.type, x: marker.x + spot.x - bounds.x, y: marker.y + spot.y - bounds.y }), { history: 'ignore' })
    }
    mine.clear()
  }
  const stop = editor.store.listen(
    ({ changes }) => {
      for (const [, after] of Object.values(changes.updated)) {
        if (after.typeName === 'shape' && isMarker(after) && (after.meta as { owner?: unknown }).owner === myId) mine.add(after.id)
      }
      if (mine.size > 0 && !timer) timer = setTimeout(settle, SETTLE_MS)
    },
    { source: 'user', scope: 'document' },
  )
  return () => {
    stop()
    clearTimeout(timer)
  }
}

/**
 * Places this person's marker of a kind, or selects it when it is already on the board. A
 * new marker starts in the board's tray, off the scale: in the middle of the view it would
 * count as a vote for whatever level happens to be there.
 */
export function placeMyMarker(editor: Editor, spec: MarkerSpec, owner: string, ownerName: string, nudge: number): void {
  const existing = editor.getCurrentPageShapes().find((s) => {
    const meta = s.meta as { marker?: unknown; owner?: unknown }
    return meta.marker === spec.key && meta.owner === owner
  })
  if (existing) {
    editor.select(existing.id)
    return
  }
  const pageId = editor.getCurrentPageId()
  const at = spotInTray(editor) ?? spotInView(editor, nudge)
  const record = markerShape({ id: createShapeId(), pageId, spec, owner, ownerName, x: at.x, y: at.y, index: editor.getHighestIndexForParent(pageId) })
  editor.markHistoryStoppingPoint('place marker')
  editor.createShape({ id: record.id as never, type: 'geo', x: at.x, y: at.y, meta: record.meta as never, props: record.props as never })
  editor.select(record.id as never)
}
