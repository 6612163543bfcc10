/**
 * Every board as headings, lists and forms: for the keyboard, screen readers and phones. It
 * reads and writes the same editor as the canvas, so the same rules hold (ownership, locks,
 * private writing, anonymity, roles), and what others write appears here live.
 */
import { useId, useRef, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { contentRefusal, type Ballot, type BoardDefinition, type JsonRecord, type Writer } from '@sfs/shared'
import { boardOutline, type BoardOutline, type OutlineNote, type OutlineZone } from '@sfs/boards'
import { useLocale, useTexts } from '../i18n.ts'
import { currentBoard } from '../board-tools/current-board.ts'
import { addNoteToZone, moveToZone, remove, rewrite } from './writing.ts'
import { TextForm } from './TextForm.tsx'
import { TreeNode } from './MindmapTree.tsx'
import { MarkerPlacing } from './MarkerPlacing.tsx'
import { useAnnouncements } from './announcements.ts'
import type { Ballots } from '../facilitation/ballot.ts'
import { ExtensionButtons, type Session } from '../board-tools/BoardTools.tsx'

interface Me {
  id: string
  name: string
}

interface Props {
  editor: Editor
  writer: Writer
  me: Me
  ballots: Ballots
  session: Session
}

/** The open board's records, as the boards read them. */
function readOutline(editor: Editor, board: BoardDefinition | null): BoardOutline {
  const page = editor.getCurrentPage()
  const records = [page, ...editor.getCurrentPageShapes(), ...editor.store.query.records('binding').get()] as unknown as JsonRecord[]
  return boardOutline(board, records, page.id)
}

export function ListView({ editor, writer, me, ballots, session }: Props) {
  const t = useTexts()
  const locale = useLocale()
  const board = useValue('sfs.listBoard', () => currentBoard(editor), [editor])
  const page = useValue('sfs.listPage', () => ({ id: editor.getCurrentPageId(), name: editor.getCurrentPage().name }), [editor])
  const outline = useValue('sfs.outline', () => readOutline(editor, currentBoard(editor)), [editor])
  const readonly = useValue('sfs.listReadonly', () => editor.getInstanceState().isReadonly, [editor])
  const announcement = useAnnouncements(outline, page.id, me.id)
  const zones = outline.groups.flatMap((g) => g.zones)
  const headingId = useId()
  const mayChange = (id: string) => {
    const shape = editor.getShape(id as TLShapeId)
    // Template shapes (the mind map's centre, a zone) change only through the facilitator's tools.
    return !readonly && !!shape && (shape.meta as { template?: unknown }).template !== true && contentRefusal(writer, shape as unknown as JsonRecord) === null
  }
  const ballot = useValue(ballots.ballot)
  // A board's suggestions as notes (the mind map's own go in as nodes, from the tree).
  // Read from the document's records only, so others' cursors moving do not recompute it; as
  // one string, so an unchanged list does not redraw the view.
  const suggestionLines = useValue(
    'sfs.listSuggestions',
    () => {
      const open = currentBoard(editor)
      if (!open?.palette || open.graph) return ''
      const { query } = editor.store
      const records = [...query.records('page').get(), ...query.records('shape').get(), ...query.records('binding').get()] as unknown as JsonRecord[]
      return [...new Set(open.palette(records).flatMap((group) => group.items))].join('\n')
    },
    [editor],
  )
  const suggestions = suggestionLines ? suggestionLines.split('\n') : []
  const actions: NoteActions = { editor, readonly, zones, mayChange, ballot, place: ballots.place, suggestions }
  return (
    <section className="list-view" aria-labelledby={headingId} data-testid="list-view">
      <h2 id={headingId}>{t.boardAsList(page.name)}</h2>
      {board && <p className="list-instructions">{board.instructions[locale]}</p>}
      {readonly && writer.role === 'participant' && <p className="badge">{t.boardLocked}</p>}
      {ballot && <p className="badge vote-left">{t.dotsLeft(ballot.remaining)}</p>}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="list-news">
        {announcement}
      </p>
      {board?.markers && !readonly && <MarkerPlacing editor={editor} board={board} me={me} zones={zones.filter((z) => z.level !== null)} />}
      {board?.graph && outline.tree && (
        <ul className="list-tree">
          <TreeNode node={outline.tree} spec={board.graph} editor={editor} readonly={readonly} mayChange={mayChange} />
        </ul>
      )}
      {board?.graph && outline.loose.length > 0 && (
        <section className="list-zone">
          <h3>{t.looseNodes}</h3>
          <ul className="list-tree">
            {outline.loose.map((node) => (
              <TreeNode key={node.id} node={node} spec={board.graph!} editor={editor} readonly={readonly} mayChange={mayChange} />
            ))}
          </ul>
        </section>
      )}
      {outline.groups.map((group) => (
        <section key={group.title || '-'} className="list-group">
          {group.title && <h3>{group.title}</h3>}
          {group.zones.map((zone) => (
            <Zone key={zone.key} zone={zone} level={group.title ? 4 : 3} actions={actions} />
          ))}
        </section>
      ))}
      {board?.extensions && !readonly && (
        <p className="list-extensions">
          <ExtensionButtons editor={editor} board={board} session={session} />
        </p>
      )}
      {outline.unplaced.length > 0 && (
        <section className="list-zone">
          <h3>{t.outsideZones}</h3>
          <NoteList notes={outline.unplaced} actions={actions} />
        </section>
      )}
    </section>
  )
}

interface NoteActions {
  editor: Editor
  readonly: boolean
  zones: OutlineZone[]
  mayChange(id: string): boolean
  /** This person's dots while a vote is open on the board. */
  ballot: Ballot | null
  place(noteId: string, delta: 1 | -1): void
  suggestions: readonly string[]
}

function Zone({ zone, level, actions }: { zone: OutlineZone; level: 3 | 4; actions: NoteActions }) {
  const t = useTexts()
  const Heading = level === 3 ? 'h3' : 'h4'
  const headingId = useId()
  return (
    <section className="list-zone" aria-labelledby={headingId} data-zone={zone.key}>
      <Heading id={headingId}>{zone.name}</Heading>
      {zone.markers.length > 0 && <p className="list-markers">{t.markersHere(zone.markers.map((m) => m.text.replace(/\n/g, ' ')).join(', '))}</p>}
      <NoteList notes={zone.notes} actions={actions} />
      {!actions.readonly && (
        <TextForm
          label={t.newNoteIn(zone.name)}
          context={zone.group}
          suggestions={actions.suggestions}
          submit={t.add}
          onSubmit={(text) => void addNoteToZone(actions.editor, zone.key, text)}
        />
      )}
    </section>
  )
}

function NoteList({ notes, actions }: { notes: OutlineNote[]; actions: NoteActions }) {
  const t = useTexts()
  if (notes.length === 0) return <p className="list-empty">{t.noNotes}</p>
  return (
    <ul className="list-notes">
      {notes.map((note) => (
        <Note key={note.id} note={note} actions={actions} />
      ))}
    </ul>
  )
}

function Note({ note, actions }: { note: OutlineNote; actions: NoteActions }) {
  const t = useTexts()
  const [editing, setEditing] = useState(false)
  const [target, setTarget] = useState('')
  const editButton = useRef<HTMLButtonElement>(null)
  const id = note.id as TLShapeId
  const mine = actions.mayChange(note.id)
  const finishEditing = () => {
    setEditing(false)
    requestAnimationFrame(() => editButton.current?.focus())
  }
  return (
    <li className="list-note" data-note={note.id} tabIndex={-1}>
      {editing ? (
        <TextForm
          label={t.editNoteText}
          submit={t.save}
          initial={note.text}
          autoFocus
          onSubmit={(text) => {
            rewrite(actions.editor, id, text)
            finishEditing()
          }}
          onCancel={finishEditing}
        />
      ) : (
        <p className="list-note-text">{note.text || '–'}</p>
      )}
      <p className="list-note-about">
        {note.author && <span>{t.byAuthor(note.author)}</span>}
        {note.votes > 0 && <span>{t.votesCount(note.votes)}</span>}
        {note.private && <span className="badge">{t.privateNote}</span>}
      </p>
      {actions.ballot && <Dots note={note} ballot={actions.ballot} place={actions.place} />}
      {!actions.readonly && !editing && (
        <div className="list-note-actions" role="group" aria-label={t.noteActions(note.text)}>
          {mine && (
            <button type="button" ref={editButton} onClick={() => setEditing(true)}>
              {t.editNote}
            </button>
          )}
          {mine && (
            <button
              type="button"
              onClick={(event) => {
                // The note's buttons go with it: the keyboard stays in its zone, at the field for the next note.
                const zoneField = event.currentTarget.closest('.list-zone')?.querySelector('textarea')
                remove(actions.editor, id)
                requestAnimationFrame(() => zoneField?.focus())
              }}
            >
              {t.deleteNote}
            </button>
          )}
          {actions.zones.length > 1 && (
            <span className="list-move">
              <select aria-label={t.moveTo} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">{t.moveTo}…</option>
                {actions.zones.map((zone) => (
                  <option key={zone.key} value={zone.key}>
                    {zone.group ? `${zone.group} – ${zone.name}` : zone.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={!target}
                onClick={() => {
                  if (!target) return
                  moveToZone(actions.editor, id, target)
                  // Listed again under its new zone: the keyboard follows it there.
                  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-zone="${CSS.escape(target)}"] [data-note="${CSS.escape(note.id)}"]`)?.focus())
                }}
              >
                {t.move}
              </button>
            </span>
          )}
        </div>
      )}
    </li>
  )
}

/** This person's dots on a note, and − and + to change them. */
function Dots({ note, ballot, place }: { note: OutlineNote; ballot: Ballot; place(noteId: string, delta: 1 | -1): void }) {
  const t = useTexts()
  const mine = ballot.dots[note.id] ?? 0
  return (
    <div className="list-dots" role="group" aria-label={t.myDots}>
      <button type="button" aria-label={`${t.removeDot}: ${note.text}`} disabled={mine === 0} onClick={() => place(note.id, -1)}>
        −
      </button>
      <span>{`${t.myDots}: ${mine}`}</span>
      <button type="button" aria-label={`${t.addDot}: ${note.text}`} disabled={ballot.remaining === 0} onClick={() => place(note.id, 1)}>
        +
      </button>
    </div>
  )
}
