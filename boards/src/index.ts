/**
 * The board catalogue. Adding a board means adding its module here; nothing else in the
 * code base knows a board by name.
 */
import { catalogueEntry, type BoardCatalogueEntry, type BoardDefinition, type BoardSummary, type JsonRecord } from '@sfs/shared'
import { blank } from './blank.ts'
import { braveSpace } from './brave-space.ts'
import { swot } from './swot.ts'
import { huxham } from './huxham.ts'
import { ambition } from './ambition.ts'
import { mindmap } from './mindmap.ts'
import { a3Utgangspunkt } from './a3-utgangspunkt.ts'
import { a3Samverkansplan } from './a3-samverkansplan.ts'
import { a3Rutin } from './a3-rutin.ts'
import { indexKey } from './kit/shapes.ts'
import { withoutAuthors } from './kit/records.ts'

export { earlierVoteBlocks, type EarlierVote } from './kit/report.ts'

/** In the method's order; the catalogue and reports follow it. */
export const BOARDS: readonly BoardDefinition[] = [braveSpace, mindmap, huxham, swot, a3Utgangspunkt, a3Samverkansplan, ambition, a3Rutin, blank]

export const DEFAULT_BOARD_KINDS: readonly string[] = ['blank']

export function boardDefinition(kind: string): BoardDefinition | undefined {
  return BOARDS.find((board) => board.kind === kind)
}

/**
 * A board's result; a page without a known kind reads as a free board (its notes). Every
 * reader of results comes here: the results endpoint and every export.
 */
export function extractBoard(kind: string | null, records: JsonRecord[], pageId: string): unknown {
  const board = (kind && boardDefinition(kind)) || blankBoard
  return board.extract(board.anonymous ? withoutAuthors(records, pageId) : records, pageId)
}

/** The free board, which also reads pages that have no board kind. */
export const blankBoard: BoardDefinition = blank

/** A workshop's boards: its pages in page order; a page added by hand has no board kind. */
export function boardPages(records: JsonRecord[]): BoardSummary[] {
  return records
    .filter((r) => r.typeName === 'page')
    .sort((a, b) => (String(a.index) < String(b.index) ? -1 : String(a.index) > String(b.index) ? 1 : 0))
    .map((page) => {
      const meta = (page.meta ?? {}) as Record<string, unknown>
      return { id: page.id, kind: typeof meta.boardKind === 'string' ? meta.boardKind : null, title: String(page.name ?? '') }
    })
}

export function boardCatalogue(): BoardCatalogueEntry[] {
  return BOARDS.map(catalogueEntry)
}

/**
 * The template records of a new workshop's boards, in the order given; each board gets
 * the page id `newPageId` returns.
 */
export function workshopTemplates(kinds: readonly string[], facts: { title: string; city: string }, newPageId: () => string): JsonRecord[] {
  return kinds.flatMap((kind, position) => {
    const board = boardDefinition(kind)
    if (!board) throw new Error(`unknown board kind: ${kind}`)
    return board.template({ pageId: newPageId(), index: boardIndex(position), ...facts })
  })
}

/** Index key of the board at `position` (0-based) among a workshop's boards. */
export function boardIndex(position: number): string {
  return indexKey(position + 1)
}

export * from './kit/records.ts'
export * from './kit/zones.ts'
export * from './kit/geometry.ts'
export * from './kit/shapes.ts'
export * from './kit/template.ts'
export * from './kit/markers.ts'
export * from './kit/levels.ts'
export * from './kit/graph.ts'
export * from './kit/grow.ts'
export * from './kit/graph-layout.ts'
export * from './kit/outline.ts'
