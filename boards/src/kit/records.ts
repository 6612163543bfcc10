/** Helpers for board modules: building template records and reading a board's records. */
import { richTextToPlain, type JsonRecord } from '@sfs/shared'

/** The page record a board lives on; `meta.boardKind` is how readers find a board's kind. */
export function pageRecord(pageId: string, index: string, name: string, kind: string): JsonRecord {
  return { id: pageId, typeName: 'page', name, index, meta: { boardKind: kind } }
}

export function isShape(record: JsonRecord): boolean {
  return record.typeName === 'shape'
}

/** Shapes whose ancestry ends at `pageId` (directly on the page, or inside frames and groups). */
export function shapesOnPage(records: JsonRecord[], pageId: string): JsonRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const pageOf = (record: JsonRecord): string | null => {
    let current: JsonRecord | undefined = record
    for (let depth = 0; current && depth < 100; depth++) {
      const parent: unknown = current.parentId
      if (typeof parent !== 'string') return null
      if (parent.startsWith('page:')) return parent
      current = byId.get(parent)
    }
    return null
  }
  return records.filter((r) => isShape(r) && pageOf(r) === pageId)
}

/**
 * The records with no writer named on `pageId`'s shapes: an anonymous board's results name
 * nobody, whatever a device stamped on its notes (the name is the writer's own client's word).
 */
export function withoutAuthors(records: JsonRecord[], pageId: string): JsonRecord[] {
  const onPage = new Set(shapesOnPage(records, pageId).map((r) => r.id))
  return records.map((r) => {
    const meta = r.meta as Record<string, unknown> | undefined
    if (!onPage.has(r.id) || !meta || !('author' in meta)) return r
    const { author: _dropped, ...rest } = meta
    return { ...r, meta: rest }
  })
}

function props(record: JsonRecord): Record<string, unknown> {
  return typeof record.props === 'object' && record.props !== null ? (record.props as Record<string, unknown>) : {}
}

/** A shape's text as plain text, whether the shape stores rich text or plain text. */
export function shapeText(record: JsonRecord): string {
  const p = props(record)
  return (p.richText !== undefined ? richTextToPlain(p.richText) : typeof p.text === 'string' ? p.text : '').trim()
}
