import { computed, type Editor, type TLShape, type TLShapeId, type TLShapePartial } from 'tldraw'
import type { JsonRecord } from '@sfs/shared'
import { anchorOf, isWriting, shapeSize, zoneAt } from '@sfs/boards'
/** Room between a text and the right edge of the box it is written in. */
const MARGIN = 16
/** A text is never made narrower than this, even close to a box's edge. */
const MIN_TEXT_WIDTH = 120

interface Zone {
  key: string
  bounds: { x: number; y: number; w: number; h: number }
}

/** The open board's zones (boxes, questions, table cells), smallest first. */
function zonesOf(editor: Editor): Zone[] {
  return editor
    .getCurrentPageShapes()
    .filter((s) => (s.meta as { template?: unknown }).template === true && typeof (s.meta as { zone?: unknown }).zone === 'string')
    .map((s) => ({ key: String((s.meta as { zone: string }).zone), bounds: editor.getShapePageBounds(s.id)! }))
    .filter((z) => z.bounds)
    .sort((a, b) => a.bounds.w * a.bounds.h - b.bounds.w * b.bounds.h)
}

/** Where a shape's own (x, y) is on the page, through the frames and groups it sits in. */
function pagePoint(editor: Editor, shape: TLShape): { x: number; y: number } {
  if (shape.parentId === editor.getCurrentPageId()) return { x: shape.x, y: shape.y }
  const parent = editor.getShapePageTransform(shape.parentId as TLShapeId)
  return parent ? parent.applyToPoint({ x: shape.x, y: shape.y }) : { x: shape.x, y: shape.y }
}

const asJson = (shape: TLShape) => shape as unknown as JsonRecord

/** Its measured size once in the store; before that (being made), the size its record gives. */
function sizeOf(editor: Editor, shape: TLShape): { w: number; h: number } {
  if (!editor.getShape(shape.id)) return shapeSize(asJson(shape))
  const bounds = editor.getShapeGeometry(shape.id).bounds
  return { w: bounds.w, h: bounds.h }
}

function withZone<T extends TLShape>(shape: T, zone: Zone | undefined): T {
  const { zone: _previous, ...meta } = shape.meta as Record<string, unknown>
  return { ...shape, meta: zone ? { ...meta, zone: zone.key } : meta }
}

let keepingZones = false

/**
 * Moves shapes without filing them anew: for arranging a cell's answers, which stay the
 * cell's even while they reach below it, until the cell has grown.
 */
export function moveKeepingZones(editor: Editor, moves: TLShapePartial[]): void {
  keepingZones = true
  try {
    editor.run(() => editor.updateShapes(moves), { history: 'ignore' })
  } finally {
    keepingZones = false
  }
}

/**
 * Notes and texts remember the box they were written in or put down in (`meta.zone`), so an
 * answer is filed under its own question even when its text reaches over into the next box.
 * A text started inside a box wraps at the box's right edge instead of running across the
 * boxes beside it.
 */
export function fileWritingInZones(editor: Editor): () => void {
  // Read once per change of the page, not once per shape in a drag of many.
  const zones = computed('sfs.zones', () => zonesOf(editor))
  const zoneFor = (shape: TLShape): Zone | undefined => {
    const { x, y } = pagePoint(editor, shape)
    return zoneAt(zones.get(), anchorOf(shape.type, { x, y, ...sizeOf(editor, shape) }))
  }
  const isAnswer = (shape: TLShape, source: 'user' | 'remote') => source === 'user' && isWriting(asJson(shape)) && !(shape.meta as { template?: unknown }).template
  const stopCreates = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (!isAnswer(shape, source)) return shape
    const zone = zoneFor(shape)
    const filed = withZone(shape, zone)
    if (!zone || shape.type !== 'text') return filed
    const x = pagePoint(editor, shape).x
    const w = Math.max(MIN_TEXT_WIDTH, zone.bounds.x + zone.bounds.w - MARGIN - x)
    return { ...filed, props: { ...filed.props, autoSize: false, w } } as typeof shape
  })
  const stopChanges = editor.sideEffects.registerBeforeChangeHandler('shape', (before, after, source) => {
    if (keepingZones || !isAnswer(after, source)) return after
    if (before.x === after.x && before.y === after.y && before.parentId === after.parentId) return after
    const zone = zoneFor(after)
    return (after.meta as { zone?: unknown }).zone === zone?.key ? after : withZone(after, zone)
  })
  return () => {
    stopCreates()
    stopChanges()
  }
}
