/**
 * The contract every board module in boards/ fulfils. Client and server only ever see
 * boards through this interface and the catalogue, never by name.
 */
import type { JsonRecord } from './doc-format.ts'
import type { Localized } from './api.ts'

/** What GET /api/boards lists for each kind. */
export interface BoardCatalogueEntry {
  kind: string
  /** The method's step (0–7), or null for boards outside the method's steps. */
  step: number | null
  title: Localized
  /** Short instructions for the facilitator. */
  instructions: Localized
}

/** A personal marker a board offers: each person places one of each kind. */
export interface MarkerSpec {
  key: string
  label: Localized
  /** A tldraw colour name. */
  color: string
}

export interface TemplateContext {
  /** The page id this board lives on ("page:<boardId>"). */
  pageId: string
  /** Fractional index that orders the board among the workshop's boards. */
  index: string
  title: string
  city: string
}

export interface BoardDefinition<Result = unknown> extends BoardCatalogueEntry {
  /** Personal markers offered on this board (e.g. "nu" and "önskat"). */
  markers?: readonly MarkerSpec[]
  /** The records a new board starts with, its page first. Plain JSON tldraw records. */
  template(ctx: TemplateContext): JsonRecord[]
  /** Reads the board's result from the records on its page. Pure: no DOM, no tldraw runtime. */
  extract(records: JsonRecord[], pageId: string): Result
}

export function catalogueEntry({ kind, step, title, instructions }: BoardDefinition): BoardCatalogueEntry {
  return { kind, step, title, instructions }
}
