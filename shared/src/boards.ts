/**
 * The contract every board module in boards/ fulfils. Client and server only ever see
 * boards through this interface and the catalogue, never by name.
 */
import type { JsonRecord } from './doc-format.ts'
import type { Localized } from './api.ts'
import type { Block, NoteRow } from './report.ts'

/**
 * A part of a board that is read and written on its own (an A3 template's sections): the
 * client shows it a few zones at a time, at a size that can be read.
 */
export interface BoardSection {
  key: string
  label: Localized
  /** Whether a zone (its `meta.zone` key and its meta) belongs to this part. */
  has(zone: { key: string; meta: Record<string, unknown> }): boolean
}

/** A zone as a board sees it when naming it: its `meta.zone` key, its meta and its label text. */
export interface ZoneRef {
  key: string
  meta: Record<string, unknown>
  label: string
}

/**
 * What a zone is called where it is read on its own, away from the board's layout (the list
 * view, a screen reader): the heading it goes under, if any, and its own name.
 */
export interface ZoneTitle {
  group?: string
  name: string
}

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

/** A kind of node on a graph board (the mind map): how it looks and what it is called. */
export interface GraphNodeKind {
  key: string
  label: Localized
  /** tldraw geo style and colour of nodes of this kind. */
  geo: string
  color: string
}

/**
 * Graph boards are edited as mind maps: nodes joined by arrows bound to both ends.
 * The client offers add-child (Tab, +) and add-sibling (Enter) for any board with a graph.
 */
export interface GraphSpec {
  kinds: readonly GraphNodeKind[]
  /** The kind of the template's root node. */
  root: string
  /** The kind a new child of a node of the given kind gets; a kind without one is a leaf (new nodes go beside it). */
  childKind: Readonly<Record<string, string>>
}

/** Ready-made texts the client offers to add with one tap, grouped under a heading. */
export interface PaletteGroup {
  label: Localized
  /** The node kind these items become on a graph board; on other boards they become notes. */
  kind?: string
  items: string[]
}

export interface TemplateContext {
  /** The page id this board lives on ("page:<boardId>"). */
  pageId: string
  /** Fractional index that orders the board among the workshop's boards. */
  index: string
  title: string
  city: string
}

/**
 * A way to grow a board's template (add a group, a table row, a goal). The server writes
 * the records, so they are protected like the rest of the template.
 */
export interface BoardExtension {
  key: string
  label: Localized
  /** 'participant': anyone who can write; 'facilitator': the facilitator only. */
  allowed: 'participant' | 'facilitator'
  /** The template records to add, given the board's current records. */
  add(ctx: TemplateContext, records: JsonRecord[]): JsonRecord[]
}

export interface BoardDefinition<Result = unknown> extends BoardCatalogueEntry {
  /** Ways to grow the template during the workshop. */
  extensions?: readonly BoardExtension[]
  /** Paper the board is printed on (the method's printed templates are A3 landscape). */
  paper?: 'A3-landscape'
  /** Personal markers offered on this board (e.g. "nu" and "önskat"). */
  markers?: readonly MarkerSpec[]
  /** Present on boards edited as a mind map. */
  graph?: GraphSpec
  /** Suggestions to add with one tap, read from the whole workshop (e.g. the mind map's actors). */
  palette?(workshopRecords: JsonRecord[]): PaletteGroup[]
  /** The records a new board starts with, its page first. Plain JSON tldraw records. */
  template(ctx: TemplateContext): JsonRecord[]
  /** Reads the board's result from the records on its page. Pure: no DOM, no tldraw runtime. */
  extract(records: JsonRecord[], pageId: string): Result
  /** The result as report blocks, reading like the method's own documents (Swedish). */
  report(result: Result): Block[]
  /** One spreadsheet row per note in the result. */
  rows(result: Result): NoteRow[]
  /**
   * The board is a form: what is written or put in a zone (a question, a table cell, a level)
   * is stacked there without overlapping, and the zone grows, with its row, to hold it.
   */
  formCells?: boolean
  /** Its parts, in reading order, for reading and writing one part at a time. */
  sections?: readonly BoardSection[]
  /**
   * Names for zones whose label means little on its own (a table cell, "Grupp A" under each
   * question). Without it, a zone is called by its label.
   */
  zoneTitle?(zone: ZoneRef): ZoneTitle
  /** Notes on this board carry no author (the brave space is anonymous by default). */
  anonymous?: boolean
  /**
   * The Word report shows a picture of the board above its text: where its meaning is in how
   * it is laid out (a mind map, a ladder, a scale), which lists and tables cannot carry.
   */
  reportPicture?: boolean
}

export function catalogueEntry({ kind, step, title, instructions }: BoardDefinition): BoardCatalogueEntry {
  return { kind, step, title, instructions }
}
