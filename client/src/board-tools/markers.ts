import { createShapeId, type Editor } from 'tldraw'
import type { MarkerSpec } from '@sfs/shared'
import { MARKER_SIZE, markerShape } from '@sfs/boards'
import { spotInView } from './current-board.ts'

const GAP = 12

/**
 * A free place in the board's marker tray (a template zone with `meta.tray`), left to right,
 * row by row; when the tray is full, its first place again. Null on boards without a tray.
 */
function spotInTray(editor: Editor): { x: number; y: number } | null {
  const shapes = editor.getCurrentPageShapes()
  const tray = shapes.find((s) => (s.meta as { template?: unknown; tray?: unknown }).template === true && (s.meta as { tray?: unknown }).tray === true)
  const bounds = tray && editor.getShapePageBounds(tray.id)
  if (!bounds) return null
  // Room for the tray's label above the first row.
  const top = bounds.y + 30
  const perRow = Math.max(1, Math.floor((bounds.w - GAP) / (MARKER_SIZE.w + GAP)))
  const rows = Math.max(1, Math.floor((bounds.maxY - top) / (MARKER_SIZE.h + GAP)))
  const taken = shapes
    .filter((s) => typeof (s.meta as { marker?: unknown }).marker === 'string')
    .map((s) => editor.getShapePageBounds(s.id)!)
  for (let slot = 0; slot < perRow * rows; slot++) {
    const x = bounds.x + GAP + (slot % perRow) * (MARKER_SIZE.w + GAP)
    const y = top + Math.floor(slot / perRow) * (MARKER_SIZE.h + GAP)
    const free = taken.every((b) => b.maxX <= x || b.x >= x + MARKER_SIZE.w || b.maxY <= y || b.y >= y + MARKER_SIZE.h)
    if (free) return { x, y }
  }
  return { x: bounds.x + GAP, y: top }
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
