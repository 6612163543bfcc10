/** Test fixtures: notes and frames as plain records, the way tldraw stores them. */
import type { JsonRecord } from '@sfs/shared'
import { richText } from './rich-text.ts'

export { richText }

export const PAGE = 'page:testboard'
export const ctx = { pageId: PAGE, index: 'a1', title: 'Arbetspass', city: 'Malmö' }

let counter = 0

/** A note whose top-left corner is at (x, y); notes are 200 × 200. */
export function note(text: string, x: number, y: number, parentId = PAGE, extra: Partial<JsonRecord> = {}): JsonRecord {
  return {
    id: `shape:note${++counter}`,
    typeName: 'shape',
    type: 'note',
    parentId,
    index: 'a1',
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { color: 'yellow', richText: richText(text), size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', labelColor: 'black', growY: 0, fontSizeAdjustment: 1, url: '', scale: 1, textLastEditedBy: null },
    ...extra,
  }
}

/** A note whose centre is at (cx, cy). */
export function noteCenteredAt(text: string, cx: number, cy: number, parentId = PAGE): JsonRecord {
  return note(text, cx - 100, cy - 100, parentId)
}

export function frame(x: number, y: number, w: number, h: number, parentId = PAGE): JsonRecord {
  return {
    id: `shape:frame${++counter}`,
    typeName: 'shape',
    type: 'frame',
    parentId,
    index: 'a2',
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w, h, name: '', color: 'black' },
  }
}

export const texts = (notes: { text: string }[]) => notes.map((n) => n.text)

/** A mind map node of a kind, with its text. */
export function graphNode(kind: string, text: string, x: number, y: number, parentId = PAGE): JsonRecord {
  return {
    id: `shape:node${++counter}`,
    typeName: 'shape',
    type: 'geo',
    parentId,
    index: 'a3',
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: { node: kind },
    props: { w: 240, h: 120, geo: 'ellipse', richText: richText(text) },
  }
}

/** An arrow from parent to child, bound at both ends, as tldraw stores it: one shape, two bindings. */
export function edge(parent: JsonRecord, child: JsonRecord): JsonRecord[] {
  const arrow = `shape:arrow${++counter}`
  const binding = (terminal: string, toId: string): JsonRecord => ({
    id: `binding:${arrow.slice(6)}-${terminal}`,
    typeName: 'binding',
    type: 'arrow',
    fromId: arrow,
    toId,
    meta: {},
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
  })
  return [
    { id: arrow, typeName: 'shape', type: 'arrow', parentId: PAGE, index: 'a4', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {}, props: {} },
    binding('start', parent.id),
    binding('end', child.id),
  ]
}

/** Typed text (the text tool), e.g. a name written into a form field. */
export function textAt(text: string, x: number, y: number, parentId = PAGE): JsonRecord {
  return {
    id: `shape:text${++counter}`,
    typeName: 'shape',
    type: 'text',
    parentId,
    index: 'a5',
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { color: 'black', size: 'm', w: 160, font: 'draw', textAlign: 'start', autoSize: true, scale: 1, richText: richText(text) },
  }
}

/** A pen or finger stroke starting at (x, y), e.g. a signature. */
export function strokeAt(x: number, y: number, parentId = PAGE): JsonRecord {
  return { id: `shape:draw${++counter}`, typeName: 'shape', type: 'draw', parentId, index: 'a6', x, y, rotation: 0, isLocked: false, opacity: 1, meta: {}, props: {} }
}

/** The page position of a zone of a template, to place things inside it. */
export function zoneBox(template: JsonRecord[], key: string) {
  const zone = template.find((r) => (r.meta as { zone?: string }).zone === key)
  if (!zone) throw new Error(`no zone ${key}`)
  const p = zone.props as { w: number; h: number }
  return { x: Number(zone.x), y: Number(zone.y), w: p.w, h: p.h, cx: Number(zone.x) + p.w / 2, cy: Number(zone.y) + p.h / 2 }
}
