/** A workshop's results gathered once, in the method's order, for every export format. */
import type * as Y from 'yjs'
import { readAllRecords, readVoteRounds, readWorkshopMeta, type Block, type JsonRecord, type NoteRow } from '@sfs/shared'
import { BOARDS, blankBoard, boardDefinition, boardPages, earlierVoteBlocks, extractBoard, shapeText, type EarlierVote } from '@sfs/boards'

export interface BoardExport {
  id: string
  kind: string | null
  step: number | null
  title: string
  result: unknown
  blocks: Block[]
  rows: NoteRow[]
  /** Ended votes before the one whose counts are on the notes, oldest first. */
  earlierVotes: EarlierVote[]
}

export interface WorkshopExport {
  id: string
  title: string
  city: string
  /** The day the workshop was created (YYYY-MM-DD). */
  date: string
  /**
   * People who wrote in the workshop, each counted once by the identity the server gave them
   * (their personal token), whatever device or name they used; writers without a token are not counted.
   */
  participants: number
  boards: BoardExport[]
}

/** Boards in the catalogue's (the method's) order; pages without a kind last, in page order. */
function methodOrder(kind: string | null): number {
  const position = BOARDS.findIndex((b) => b.kind === kind)
  return position === -1 ? BOARDS.length : position
}

/**
 * How many people wrote in the document: the persons owning the Yjs client ids it holds
 * writes from (`owners` as stored by sync/client-owners.ts: client id → "person:<id>").
 */
export function countWriters(doc: Y.Doc, owners: ReadonlyMap<number, string>): number {
  const people = new Set<string>()
  for (const client of doc.store.clients.keys()) {
    const owner = owners.get(client)
    if (owner?.startsWith('person:')) people.add(owner)
  }
  return people.size
}

/** The record with the server's time as its `createdAt`, where the server has one: boards read their times from there. */
function withServerTime(record: JsonRecord, times: ReadonlyMap<string, string>): JsonRecord {
  const at = times.get(record.id)
  if (!at || typeof record.meta !== 'object' || record.meta === null) return record
  return { ...record, meta: { ...(record.meta as object), createdAt: at } }
}

/** The document's records, each note timed by the server where it has a time (see record-times.ts). */
export function recordsWithServerTimes(doc: Y.Doc, times: ReadonlyMap<string, string>): JsonRecord[] {
  return readAllRecords(doc).map((r) => withServerTime(r, times))
}

/** A note's text now; a note deleted since the vote is named as such. */
function noteText(records: ReadonlyMap<string, JsonRecord>, id: string): string {
  const note = records.get(id)
  return note ? shapeText(note) : '(borttagen lapp)'
}

function readEarlierVotes(doc: Y.Doc, boardId: string, records: JsonRecord[]): EarlierVote[] {
  const rounds = readVoteRounds(doc, boardId)
  if (rounds.length === 0) return []
  const byId = new Map(records.map((r) => [r.id, r]))
  return rounds.map((round) => ({
    dots: round.dots,
    ...(typeof round.voters === 'number' ? { voters: round.voters } : {}),
    counts: Object.entries(round.counts)
      .filter(([, votes]) => typeof votes === 'number' && votes > 0)
      .map(([noteId, votes]) => ({ noteId, text: noteText(byId, noteId), votes }))
      .sort((a, b) => b.votes - a.votes),
  }))
}

export function collectExport(doc: Y.Doc, id: string, boardId?: string, writers = 0, times: ReadonlyMap<string, string> = new Map()): WorkshopExport | null {
  const records = recordsWithServerTimes(doc, times)
  const meta = readWorkshopMeta(doc)
  const pages = boardPages(records).filter((b) => !boardId || b.id === boardId)
  if (boardId && pages.length === 0) return null
  const boards = pages
    .map((page, i) => ({ page, i }))
    .sort((a, b) => methodOrder(a.page.kind) - methodOrder(b.page.kind) || a.i - b.i)
    .map(({ page }) => {
      const board = (page.kind && boardDefinition(page.kind)) || blankBoard
      const result = extractBoard(page.kind, records, page.id)
      const earlierVotes = readEarlierVotes(doc, page.id, records)
      return {
        id: page.id,
        kind: page.kind,
        step: board.step,
        title: page.kind && boardDefinition(page.kind) ? board.title.sv : page.title,
        result,
        blocks: [...board.report(result as never), ...earlierVoteBlocks(earlierVotes)],
        rows: board.rows(result as never),
        earlierVotes,
      }
    })
  return { id, title: meta.title, city: meta.city, date: meta.createdAt.slice(0, 10), participants: writers, boards }
}
