/** Dot voting: the facilitator opens and ends a vote; everyone places their own dots. */
import { useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { richTextToPlain, type Ballot, type Role } from '@sfs/shared'
import { api } from '../api.ts'
import { useTexts } from '../i18n.ts'
import type { Ballots } from './ballot.ts'

interface Props {
  editor: Editor
  ballots: Ballots
  role: Role
  workshopId: string
  workshopKey: string
}

export function Voting({ editor, ballots, role, workshopId, workshopKey }: Props) {
  const t = useTexts()
  const boardId = useValue('sfs.boardId', () => editor.getCurrentPageId(), [editor])
  const vote = useValue(ballots.vote)
  const ballot = useValue(ballots.ballot)
  const [dots, setDots] = useState(3)
  const [showResults, setShowResults] = useState(false)
  const [showEarlier, setShowEarlier] = useState(false)
  const rounds = useValue(ballots.rounds)
  const open = vote?.status === 'open'

  return (
    <>
      {role === 'facilitator' &&
        (open ? (
          <button type="button" onClick={() => void api.vote(workshopId, workshopKey, boardId, { action: 'end' })}>
            {t.endVote}
          </button>
        ) : (
          <span className="vote-start">
            <select aria-label={t.dotsPerPerson} value={dots} onChange={(e) => setDots(Number(e.target.value))}>
              {[1, 2, 3, 4, 5, 6, 8, 10].map((n) => (
                <option key={n} value={n}>{`${n} ${t.dots}`}</option>
              ))}
            </select>
            <button type="button" onClick={() => void api.vote(workshopId, workshopKey, boardId, { action: 'start', dots })}>
              {t.startVote}
            </button>
          </span>
        ))}
      {open && role === 'facilitator' && (
        <span className="badge" data-testid="vote-progress" role="status">
          {t.voteProgress(vote.voters ?? 0, vote.placed ?? 0)}
        </span>
      )}
      {open && ballot && (
        <span className="badge vote-left" data-testid="dots-left">
          {t.dotsLeft(ballot.remaining)}
        </span>
      )}
      {open && ballot && <DotHandle editor={editor} ballot={ballot} onPlace={ballots.place} />}
      {vote?.status === 'closed' && (
        <button type="button" aria-expanded={showResults} onClick={() => setShowResults(!showResults)}>
          {t.voteResults}
        </button>
      )}
      {vote?.status === 'closed' && showResults && <VoteResults editor={editor} />}
      {rounds.length > 0 && (
        <button type="button" aria-expanded={showEarlier} onClick={() => setShowEarlier(!showEarlier)}>
          {t.earlierVote}
        </button>
      )}
      {rounds.length > 0 && showEarlier && <VoteResults editor={editor} counts={rounds[rounds.length - 1]!.counts} />}
    </>
  )
}

/** − and + beside the selected note, with this person's dots on it: big enough for fingers. */
function DotHandle({ editor, ballot, onPlace }: { editor: Editor; ballot: Ballot; onPlace(noteId: string, delta: 1 | -1): void }) {
  const t = useTexts()
  const spot = useValue(
    'sfs.dotHandle',
    () => {
      const shape = editor.getOnlySelectedShape()
      if (!shape || shape.type !== 'note' || editor.getEditingShape()) return null
      const bounds = editor.getShapePageBounds(shape)!
      return { id: shape.id, ...editor.pageToScreen({ x: bounds.midX, y: bounds.maxY }) }
    },
    [editor],
  )
  if (!spot) return null
  const mine = ballot.dots[spot.id] ?? 0
  return (
    <div className="dot-handle" style={{ left: spot.x - 90, top: spot.y + 8 }} onPointerDown={(e) => e.stopPropagation()}>
      <button type="button" aria-label={t.removeDot} disabled={mine === 0} onClick={() => onPlace(spot.id, -1)}>
        −
      </button>
      <span data-testid="my-dots" aria-label={t.myDots}>{'●'.repeat(mine) || '○'}</span>
      <button type="button" aria-label={t.addDot} disabled={ballot.remaining === 0} onClick={() => onPlace(spot.id, 1)}>
        +
      </button>
    </div>
  )
}

/** The board's notes by votes, most first: the last vote's (on the notes) or an earlier one's `counts`. */
function VoteResults({ editor, counts }: { editor: Editor; counts?: Record<string, number> }) {
  const ranked = useValue(
    'sfs.voteResults',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((s) => s.type === 'note')
        .map((s) => ({ id: s.id as TLShapeId, text: richTextToPlain((s.props as { richText?: unknown }).richText), votes: counts ? (counts[s.id] ?? 0) : Number((s.meta as { votes?: unknown }).votes ?? 0) }))
        .sort((a, b) => b.votes - a.votes),
    [editor, counts],
  )
  return (
    <ol className="vote-results" data-testid="vote-results">
      {ranked.map((note) => (
        <li key={note.id}>
          <button type="button" onClick={() => editor.select(note.id).zoomToSelection({ animation: { duration: 200 } })}>
            <strong>{note.votes}</strong> {note.text || '–'}
          </button>
        </li>
      ))}
    </ol>
  )
}
