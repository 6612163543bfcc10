/** Helpers for boards' reports and spreadsheet rows. */
import { heading, list, paragraph, type Block, type NoteRow } from '@sfs/shared'
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

/** An ended vote that a newer one replaced on the notes, with each note's text as it is now, most voted first. */
export interface EarlierVote {
  dots: number
  voters?: number
  counts: { noteId: string; text: string; votes: number }[]
}

/** The board's earlier votes, oldest first, numbered as the facilitator ran them; the latest vote's counts stand on the notes. */
export function earlierVoteBlocks(votes: EarlierVote[]): Block[] {
  if (votes.length === 0) return []
  return [
    heading('Tidigare röstningar', 4),
    ...votes.flatMap((vote, i) => {
      const who = vote.voters === undefined ? '' : `, ${vote.voters} ${vote.voters === 1 ? 'person röstade' : 'personer röstade'}`
      const lines = noteLines(vote.counts.map((c) => ({ id: c.noteId, text: c.text, color: '', votes: c.votes, author: '', createdAt: '' })))
      return [paragraph(`${vote.dots} ${vote.dots === 1 ? 'prick' : 'prickar'} per person${who}`, `Röstning ${i + 1}`), lines.length ? list(lines) : paragraph('Inga röster.')]
    }),
  ]
}
