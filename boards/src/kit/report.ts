/** Helpers for boards' reports and spreadsheet rows. */
import { list, paragraph, type Block, type NoteRow } from '@sfs/shared'
import type { PlacedNote } from './zones.ts'

/** The notes' texts, one per line (a table cell), with their votes when they have any. */
export function noteLines(notes: PlacedNote[]): string[] {
  return notes.filter((n) => n.text).map((n) => (n.votes ? `${n.text} (${n.votes} ${n.votes === 1 ? 'röst' : 'röster'})` : n.text))
}

/** Said where a question has no answers: in words, as a reader would say it, not a lone dash. */
export const NO_ANSWERS = 'Inga svar.'

/** The notes as a bulleted list, or a line saying there are none. */
export function notesList(notes: PlacedNote[]): Block {
  const lines = noteLines(notes)
  return lines.length ? list(lines) : paragraph(NO_ANSWERS)
}

export function noteRows(section: string, notes: PlacedNote[]): NoteRow[] {
  return notes.map((n) => ({ section, text: n.text, author: n.author, votes: n.votes, createdAt: n.createdAt }))
}

export const UNPLACED = 'Utanför rutorna'
