/**
 * This person's dots on the open board while a vote is open there: one copy per session, so
 * the facilitation bar's "dots left" and the list view's buttons never disagree.
 */
import { atom, react, type Atom, type Editor } from 'tldraw'
import type * as Y from 'yjs'
import { getControlMap, readVote, readVoteRounds, type Ballot, type Role, type VoteRound, type VoteState } from '@sfs/shared'
import { api } from '../api.ts'

export interface Ballots {
  /** The open board's vote, open or closed, or null when it has none. */
  vote: Atom<VoteState | null>
  /** This person's ballot while the open board's vote is open; null otherwise, and for viewers. */
  ballot: Atom<Ballot | null>
  /** The open board's earlier votes, newest last. */
  rounds: Atom<VoteRound[]>
  place(noteId: string, delta: 1 | -1): void
  dispose(): void
}

interface Who {
  role: Role
  workshopId: string
  workshopKey: string
  /** Dots are placed as the person this token proves; without one (offline first visit) there is no ballot. */
  personToken: string
}

export function followBallots(editor: Editor, doc: Y.Doc, who: Who): Ballots {
  const vote = atom<VoteState | null>('sfs.vote', null)
  const ballot = atom<Ballot | null>('sfs.ballot', null)
  const rounds = atom<VoteRound[]>('sfs.voteRounds', [], { isEqual: (a, b) => JSON.stringify(a) === JSON.stringify(b) })
  const boardId = () => editor.getCurrentPageId()
  let shown: { board: string; open: boolean } | null = null
  let asked = 0
  // Read again when the board changes, and when any vote changes (opened, ended, dots counted).
  const refresh = () => {
    const board = boardId()
    const current = readVote(doc, board)
    vote.set(current)
    rounds.set(readVoteRounds(doc, board))
    const open = current?.status === 'open'
    if (shown?.board === board && shown.open === open) return
    shown = { board, open }
    ballot.set(null)
    if (!open || who.role === 'viewer' || !who.personToken) return
    const request = ++asked
    api.ballot(who.workshopId, who.workshopKey, who.personToken, board).then(
      (fetched) => request === asked && ballot.set(fetched),
      () => {},
    )
  }
  const control = getControlMap(doc)
  control.observeDeep(refresh)
  const stopFollowingBoard = react('sfs.ballot', refresh)
  return {
    vote,
    ballot,
    rounds,
    place(noteId, delta) {
      const board = boardId()
      api.placeDot(who.workshopId, who.workshopKey, who.personToken, board, { noteId, delta }).then(
        (next) => board === boardId() && ballot.set(next),
        () => {},
      )
    },
    dispose() {
      control.unobserveDeep(refresh)
      stopFollowingBoard()
    },
  }
}
