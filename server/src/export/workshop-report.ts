/** A workshop's results gathered once, in the method's order, for every export format. */
import type * as Y from 'yjs'
import { readAllRecords, readWorkshopMeta, type Block, type JsonRecord, type NoteRow } from '@sfs/shared'
import { BOARDS, blankBoard, boardDefinition, boardPages } from '@sfs/boards'

export interface BoardExport {
  id: string
  kind: string | null
  step: number | null
  title: string
  result: unknown
  blocks: Block[]
  rows: NoteRow[]
}

export interface WorkshopExport {
  id: string
  title: string
  city: string
  /** The day the workshop was created (YYYY-MM-DD). */
  date: string
  /** Distinct people (devices) who wrote on the boards. */
  participants: number
  boards: BoardExport[]
}

/** Boards in the catalogue's (the method's) order; pages without a kind last, in page order. */
function methodOrder(kind: string | null): number {
  const position = BOARDS.findIndex((b) => b.kind === kind)
  return position === -1 ? BOARDS.length : position
}

export function collectExport(doc: Y.Doc, id: string, boardId?: string): WorkshopExport | null {
  const records: JsonRecord[] = readAllRecords(doc)
  const meta = readWorkshopMeta(doc)
  const pages = boardPages(records).filter((b) => !boardId || b.id === boardId)
  if (boardId && pages.length === 0) return null
  const boards = pages
    .map((page, i) => ({ page, i }))
    .sort((a, b) => methodOrder(a.page.kind) - methodOrder(b.page.kind) || a.i - b.i)
    .map(({ page }) => {
      const board = (page.kind && boardDefinition(page.kind)) || blankBoard
      const result = board.extract(records, page.id)
      return {
        id: page.id,
        kind: page.kind,
        step: board.step,
        title: page.kind && boardDefinition(page.kind) ? board.title.sv : page.title,
        result,
        blocks: board.report(result as never),
        rows: board.rows(result as never),
      }
    })
  const people = new Set(records.filter((r) => r.typeName === 'user').map((r) => r.id))
  return { id, title: meta.title, city: meta.city, date: meta.createdAt.slice(0, 10), participants: people.size, boards }
}
