/** Assembles a board's template from its zones and texts, as data. */
import type { JsonRecord, TemplateContext } from '@sfs/shared'
import { pageRecord, shapesOnPage, shapeText } from './records.ts'
import { indexes, indexKey, textShape, zoneShape, type TextSpec, type ZoneSpec } from './shapes.ts'

export interface TemplateParts {
  zones?: ZoneSpec[]
  texts?: TextSpec[]
  /** Further shapes built by the board itself (e.g. the mind map's centre). */
  extra?: (pageId: string, nextIndex: () => string) => JsonRecord[]
}

/** The page, then zones (drawn first, so they stay below everything), then texts. */
export function boardTemplate(ctx: TemplateContext, kind: string, name: string, parts: TemplateParts): JsonRecord[] {
  const next = indexes()
  const page = pageRecord(ctx.pageId, ctx.index, name, kind)
  ;(page.meta as Record<string, unknown>).template = true
  return [
    page,
    ...(parts.zones ?? []).map((zone) => zoneShape(ctx.pageId, zone, next())),
    ...(parts.texts ?? []).map((text) => textShape(ctx.pageId, text, next())),
    ...(parts.extra?.(ctx.pageId, next) ?? []),
  ]
}

/** Template shapes already on a board, with their meta. */
export function templateShapes(records: JsonRecord[], pageId: string): (JsonRecord & { meta: Record<string, unknown> })[] {
  return shapesOnPage(records, pageId).filter((s) => (s.meta as Record<string, unknown> | undefined)?.template === true) as never
}

/**
 * Where a table grows: the next row number (after the highest `meta[rowKey]` so far) and
 * its top, just below the lowest cell, wherever the facilitator has moved the table.
 */
export function nextRow(records: JsonRecord[], pageId: string, rowKey: string, firstY: number): { row: number; y: number } {
  const cells = templateShapes(records, pageId).filter((s) => typeof s.meta[rowKey] === 'number')
  const row = Math.max(0, ...cells.map((c) => c.meta[rowKey] as number)) + 1
  const y = cells.length ? Math.max(...cells.map((c) => Number(c.y) + Number((c.props as { h: number }).h))) + 10 : firstY
  return { row, y }
}

/** An index key for shapes an extension adds: after the template's, below most notes. */
export function extensionIndexes(records: JsonRecord[], pageId: string): () => string {
  let n = templateShapes(records, pageId).length
  return () => indexKey(++n)
}

/** The current wording of a template text (the facilitator may have reworded it). */
export function templateText(records: JsonRecord[], pageId: string, key: string): string {
  const shape = shapesOnPage(records, pageId).find((s) => (s.meta as Record<string, unknown> | undefined)?.text === key)
  return shape ? shapeText(shape) : ''
}
