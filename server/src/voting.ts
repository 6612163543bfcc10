/** Dot voting: ballots kept by the server until the vote ends, then counts on the notes. */
import type * as Y from 'yjs'
import { getControlMap, getRecordsMap, patchRecord, readAllRecords, readVote, readVoteRounds, VOTE_ROUNDS_KEPT, type Ballot, type JsonRecord, type VoteAction, type VoteRound, type VoteState } from '@sfs/shared'
import { shapesOnPage } from '@sfs/boards'
import type { VoteStore } from './storage/types.ts'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { ConflictError, NotFoundError } from './service-errors.ts'

/** The notes on a board (null when the board is not in the workshop). */
export function boardNotes(doc: Y.Doc, boardId: string): JsonRecord[] | null {
  const records = readAllRecords(doc)
  if (!records.some((r) => r.id === boardId && r.typeName === 'page')) return null
  return shapesOnPage(records, boardId).filter((r) => r.type === 'note')
}

function withVotes(note: JsonRecord, votes: number | undefined): JsonRecord {
  const { votes: _old, ...meta } = (note.meta ?? {}) as Record<string, unknown>
  return { ...note, meta: votes === undefined ? meta : { ...meta, votes } }
}

export class Voting {
  constructor(
    private readonly storage: VoteStore,
    private readonly docs: WorkshopDocs,
  ) {}

  /** Starts a dot vote on a board (forgetting any earlier one), or ends it and writes the counts on the notes. */
  vote(id: string, boardId: string, action: VoteAction): Promise<VoteState> {
    return this.docs.withDoc(id, async (doc) => {
      const records = getRecordsMap(doc)
      const notes = boardNotes(doc, boardId)
      if (!notes) throw new NotFoundError('No such board in this workshop.')
      const control = getControlMap(doc)
      const setVote = (state: VoteState) => control.set('votes', { ...((control.get('votes') as object | undefined) ?? {}), [boardId]: state })
      if (action.action === 'start') {
        await this.storage.clearVotes(id, boardId)
        const state: VoteState = { status: 'open', dots: action.dots }
        const previous = readVote(doc, boardId)
        doc.transact(() => {
          // The last vote's counts leave the notes but are kept, newest last, for its results.
          if (previous?.status === 'closed') {
            const counts = Object.fromEntries(notes.map((note) => [note.id, Number((note.meta as { votes?: unknown }).votes) || 0]).filter(([, n]) => (n as number) > 0))
            const round: VoteRound = { dots: previous.dots, ...(previous.voters !== undefined ? { voters: previous.voters } : {}), counts }
            const rounds = (control.get('voteRounds') as Record<string, VoteRound[]> | undefined) ?? {}
            control.set('voteRounds', { ...rounds, [boardId]: [...readVoteRounds(doc, boardId), round].slice(-VOTE_ROUNDS_KEPT) })
          }
          for (const note of notes) if ((note.meta as { votes?: unknown }).votes !== undefined) patchRecord(records, note, withVotes(note, undefined))
          setVote(state)
        }, SERVER_ORIGIN)
        return state
      }
      const current = readVote(doc, boardId)
      if (current?.status !== 'open') throw new ConflictError('There is no open vote on this board.')
      const tally = await this.storage.tally(id, boardId)
      const state: VoteState = { ...current, status: 'closed' }
      doc.transact(() => {
        for (const note of notes) patchRecord(records, note, withVotes(note, tally[note.id] ?? 0))
        setVote(state)
      }, SERVER_ORIGIN)
      return state
    })
  }

  /** Puts one of a person's dots on a note, or takes one back; `voter` is the user id their token proved. */
  placeDot(id: string, boardId: string, voter: string, dot: { noteId: string; delta: 1 | -1 }): Promise<Ballot> {
    return this.docs.withDoc(id, async (doc) => {
      const vote = readVote(doc, boardId)
      if (vote?.status !== 'open') throw new ConflictError('There is no open vote on this board.')
      if (!boardNotes(doc, boardId)?.some((note) => note.id === dot.noteId)) throw new NotFoundError('No such note on this board.')
      const ballot = await this.storage.ballot(id, boardId, voter)
      const used = Object.values(ballot).reduce((sum, n) => sum + n, 0)
      const current = ballot[dot.noteId] ?? 0
      if (dot.delta > 0 && used >= vote.dots) throw new ConflictError('All your dots are placed.')
      const next = Math.max(0, current + dot.delta)
      await this.storage.setDots(id, boardId, voter, dot.noteId, next)
      await this.showProgress(doc, id, boardId, vote)
      const dots = { ...ballot, [dot.noteId]: next }
      if (!next) delete dots[dot.noteId]
      return { dots, remaining: vote.dots - (used - current + next) }
    })
  }

  /** How many have voted and how many dots are placed, in the shared vote state: counts only, never who. */
  private async showProgress(doc: Y.Doc, id: string, boardId: string, vote: VoteState): Promise<void> {
    const progress: VoteState = { ...vote, ...(await this.storage.voteProgress(id, boardId)) }
    const control = getControlMap(doc)
    doc.transact(() => control.set('votes', { ...((control.get('votes') as object | undefined) ?? {}), [boardId]: progress }), SERVER_ORIGIN)
  }

  /** A person's own dots on a board; `voter` is the user id their token proved. */
  ballot(id: string, boardId: string, voter: string): Promise<Ballot> {
    return this.docs.withDoc(id, async (doc) => {
      const vote = readVote(doc, boardId)
      const dots = vote?.status === 'open' ? await this.storage.ballot(id, boardId, voter) : {}
      return { dots, remaining: vote?.status === 'open' ? vote.dots - Object.values(dots).reduce((a, b) => a + b, 0) : 0 }
    })
  }
}
