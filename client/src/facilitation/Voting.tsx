/** Dot voting: the facilitator opens and ends a vote; everyone places their own dots. */
import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { getControlMap, readVote, richTextToPlain, type Ballot, type Role, type VoteState } from '@sfs/shared'
import { api } from '../api.ts'
import { useTexts } from '../i18n.ts'

function useVote(doc: Y.Doc, boardId: string): VoteState | null {
  const [vote, setVote] = useState(() => readVote(doc, boardId))
  useEffect(() => {
    const control = getControlMap(doc)
    const update = () => setVote(readVote(doc, boardId))
    control.observeDeep(update)
    update()
    return () => control.unobserveDeep(update)
  }, [doc, boardId])
  return vote
}

interface Props {
  editor: Editor
  doc: Y.Doc
  role: Role
  workshopId: string
  workshopKey: string
  /** Dots are placed as the person this token proves; without one (offline first visit) there is no ballot. */
  personToken: string
}

export function Voting({ editor, doc, role, workshopId, workshopKey, personToken }: Props) {
  const t = useTexts()
  const boardId = useValue('sfs.boardId', () => editor.getCurrentPageId(), [editor])
  const vote = useVote(doc, boardId)
  const [dots, setDots] = useState(3)
  const [ballot, setBallot] = useState<Ballot | null>(null)
  const [showResults, setShowResults] = useState(false)
  const open = vote?.status === 'open'

  useEffect(() => {
    setBallot(null)
    if (open && role !== 'viewer' && personToken) api.ballot(workshopId, workshopKey, personToken, boardId).then(setBallot, () => {})
  }, [open, boardId])

  const place = (noteId: string, delta: 1 | -1) => api.placeDot(workshopId, workshopKey, personToken, boardId, { noteId, delta }).then(setBallot, () => {})

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
      {open && ballot && (
        <span className="badge vote-left" data-testid="dots-left">
          {t.dotsLeft(ballot.remaining)}
        </span>
      )}
      {open && ballot && <DotHandle editor={editor} ballot={ballot} onPlace={place} />}
      {vote?.status === 'closed' && (
        <button type="button" aria-expanded={showResults} onClick={() => setShowResults(!showResults)}>
          {t.voteResults}
        </button>
      )}
      {vote?.status === 'closed' && showResults && <VoteResults editor={editor} />}
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

/** The board's notes by votes, most first. */
function VoteResults({ editor }: { editor: Editor }) {
  const ranked = useValue(
    'sfs.voteResults',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((s) => s.type === 'note')
        .map((s) => ({ id: s.id as TLShapeId, text: richTextToPlain((s.props as { richText?: unknown }).richText), votes: Number((s.meta as { votes?: unknown }).votes ?? 0) }))
        .sort((a, b) => b.votes - a.votes),
    [editor],
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
