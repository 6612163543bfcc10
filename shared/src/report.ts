/**
 * A neutral document model for reports: boards describe their results with it, and the
 * server renders it to Markdown and Word. Text here is plain user text; renderers escape it.
 */

export interface ListItem {
  text: string
  children?: ListItem[]
}

export type Block =
  | { type: 'heading'; level: 3 | 4; text: string }
  | { type: 'paragraph'; text: string; label?: string }
  | { type: 'list'; items: ListItem[] }
  /** Cells are lines: one note per line. */
  | { type: 'table'; header: string[]; rows: string[][][] }

/** One note as a spreadsheet row: where it sits on its board, and what it says. */
export interface NoteRow {
  /** Section, zone or question, e.g. "Styrkor (interna)" or "Fråga 1 – Grupp A". */
  section: string
  text: string
  author: string
  votes: number
  createdAt: string
}

export const heading = (text: string, level: 3 | 4 = 3): Block => ({ type: 'heading', level, text })
export const paragraph = (text: string, label?: string): Block => (label ? { type: 'paragraph', text, label } : { type: 'paragraph', text })
export const list = (items: (string | ListItem)[]): Block => ({ type: 'list', items: items.map((i) => (typeof i === 'string' ? { text: i } : i)) })
