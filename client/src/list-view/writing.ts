/**
 * What the list view writes, through the same editor as the canvas: its side effects stamp
 * the author and owner, file a note under its zone, keep private writing on the device,
 * stack answers in form cells and refuse what this person may not change.
 */
import { createShapeId, toRichText, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { GraphSpec, MarkerSpec } from '@sfs/shared'
import { MARKER_SIZE } from '@sfs/boards'
import { addChild } from '../board-tools/graph-editing.ts'
import { freeSlot, placeMyMarker } from '../board-tools/markers.ts'

const NOTE = { w: 200, h: 200 }
/** Room for a zone's label above what is put in it. */
const LABEL_ROOM = 56

function zoneShape(editor: Editor, key: string): TLShape | undefined {
  return editor.getCurrentPageShapes().find((s) => (s.meta as { template?: unknown }).template === true && (s.meta as { zone?: unknown }).zone === key)
}

/**
 * Where something of `size` goes in a zone: the first free place, row by row, below the
 * label; when the zone is full, its middle (stacking or people tidy it from there).
 */
function spotInZone(editor: Editor, key: string, size: { w: number; h: number }, except?: TLShapeId): { x: number; y: number } | null {
  const zone = zoneShape(editor, key)
  const bounds = zone && editor.getShapePageBounds(zone.id)
  if (!bounds) return null
  const taken = editor
    .getCurrentPageShapes()
    .filter((s) => s.id !== except && s.id !== zone.id && !(s.meta as { template?: unknown }).template && s.type !== 'arrow')
    .map((s) => editor.getShapePageBounds(s.id))
    .filter((b): b is NonNullable<typeof b> => !!b && b.collides(bounds))
  const top = bounds.y + Math.min(LABEL_ROOM, Math.max(0, bounds.h - size.h))
  return freeSlot(bounds, top, taken, size) ?? { x: bounds.midX - size.w / 2, y: bounds.midY - size.h / 2 }
}

/** A new note in a zone, written as on the canvas. */
export function addNoteToZone(editor: Editor, zone: string, text: string): TLShapeId | null {
  const at = spotInZone(editor, zone, NOTE)
  if (!at) return null
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add note')
  editor.createShape({ id, type: 'note', x: at.x, y: at.y, props: { richText: toRichText(text) } })
  return editor.getShape(id) ? id : null
}

export function rewrite(editor: Editor, id: TLShapeId, text: string): void {
  const shape = editor.getShape(id)
  if (!shape) return
  editor.markHistoryStoppingPoint('rewrite')
  editor.updateShape({ id, type: shape.type, props: { richText: toRichText(text) } } as never)
}

export function remove(editor: Editor, id: TLShapeId): void {
  editor.markHistoryStoppingPoint('delete')
  editor.deleteShapes([id])
}

/** Puts a note (or a marker) down in another zone; it is filed there as if dragged. */
export function moveToZone(editor: Editor, id: TLShapeId, zone: string): void {
  const shape = editor.getShape(id)
  const bounds = shape && editor.getShapePageBounds(id)
  if (!shape || !bounds) return
  const at = spotInZone(editor, zone, { w: bounds.w, h: bounds.h }, id)
  if (!at) return
  editor.markHistoryStoppingPoint('move')
  editor.updateShape({ id, type: shape.type, x: shape.x + at.x - bounds.x, y: shape.y + at.y - bounds.y })
}

/** This person's marker of a kind, placed (or moved) on a level's zone. */
export function placeMarkerIn(editor: Editor, spec: MarkerSpec, me: { id: string; name: string }, zone: string): void {
  placeMyMarker(editor, spec, me.id, me.name, 0)
  const marker = editor.getCurrentPageShapes().find((s) => (s.meta as { marker?: unknown; owner?: unknown }).marker === spec.key && (s.meta as { owner?: unknown }).owner === me.id)
  if (!marker) return
  const at = spotInZone(editor, zone, MARKER_SIZE, marker.id)
  if (at) editor.updateShape({ id: marker.id, type: marker.type, x: at.x, y: at.y })
}

/** A named node under another on the mind map, joined to it as on the canvas. */
export function addNode(editor: Editor, spec: GraphSpec, parentId: TLShapeId, text: string): TLShapeId | null {
  const parent = editor.getShape(parentId)
  if (!parent) return null
  const id = addChild(editor, spec, parent, text)
  editor.selectNone()
  return id
}
