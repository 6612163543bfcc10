import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useValue, type Editor, type TLPageId } from 'tldraw'
import type { Role } from '@sfs/shared'
import type { WorkshopConnection } from './sync/connection.ts'
import { readParticipants, type Participant } from './sync/presence.ts'
import { useLocale, useTexts, type Texts } from './i18n.ts'
import { api } from './api.ts'
import { ExportMenu } from './ExportMenu.tsx'
import { groupByStep, useCatalogue } from './BoardPicker.tsx'
import { LanguageToggle } from './LanguageToggle.tsx'
import { WorkshopMenu } from './WorkshopMenu.tsx'
import type { BoardView } from './list-view/view-choice.ts'

const roleText = (t: Texts, role: string) => (role === 'facilitator' ? t.roleFacilitator : role === 'viewer' ? t.roleViewer : t.roleParticipant)

interface TopBarProps {
  title: string
  role: Role
  connection: WorkshopConnection
  editor: Editor | null
  workshopId: string
  workshopKey: string
  view: BoardView
  onView(view: BoardView): void
}

export function TopBar({ title, role, connection, editor, workshopId, workshopKey, view, onView }: TopBarProps) {
  const t = useTexts()
  const state = useValue('connection', () => connection.state.get(), [connection])
  const participants = useParticipants(connection)
  const statusText = state === 'online' ? t.online : state === 'offline' ? t.offline : t.connecting
  return (
    <header className="topbar">
      <div className="topbar-title">
        <strong>{title}</strong>
        {role === 'viewer' && <span className="badge">{t.readOnly}</span>}
      </div>
      {editor && <BoardTabs editor={editor} />}
      <button type="button" className="view-toggle" aria-pressed={view === 'list'} title={t.listViewHelp} onClick={() => onView(view === 'list' ? 'canvas' : 'list')}>
        {t.listView}
      </button>
      {editor && role === 'facilitator' && <AddBoard editor={editor} workshopId={workshopId} workshopKey={workshopKey} />}
      {editor && role === 'facilitator' && <ExportMenu editor={editor} workshopId={workshopId} workshopKey={workshopKey} title={title} />}
      {role === 'facilitator' && <WorkshopMenu workshopId={workshopId} workshopKey={workshopKey} title={title} />}
      <div className="topbar-right">
        <span className={`status status-${state}`} data-testid="connection-status" data-state={state} role="status" title={statusText}>
          <span className="status-text">{statusText}</span>
        </span>
        <People participants={participants} />
        <LanguageToggle />
      </div>
    </header>
  )
}

/** People shown by name in the top bar; the rest are counted, so the bar stays one row. */
const NAMED_PEOPLE = 4

function People({ participants }: { participants: Participant[] }) {
  const t = useTexts()
  const named = participants.slice(0, NAMED_PEOPLE)
  const others = participants.slice(NAMED_PEOPLE)
  return (
    <ul className="people" aria-label={t.here} data-testid="people">
      {named.map((p) => (
        <li key={p.clientId} style={{ borderColor: p.color }} title={roleText(t, p.role)}>
          <span className="dot" style={{ background: p.color }} />
          {p.name}
          {p.isSelf && ` (${t.you})`}
        </li>
      ))}
      {others.length > 0 && (
        <li className="people-more" title={others.map((p) => p.name).join(', ')}>
          {t.morePeople(others.length)}
        </li>
      )}
    </ul>
  )
}

/**
 * The boards as tabs while they fit in the bar, else as one button that opens the list:
 * with eight boards the tabs wrapped into two or three rows and pushed the board down.
 */
function BoardTabs({ editor }: { editor: Editor }) {
  const t = useTexts()
  const pages = useValue('pages', () => editor.getPages(), [editor])
  const current = useValue('currentPage', () => editor.getCurrentPageId(), [editor])
  const slot = useRef<HTMLDivElement>(null)
  const tabs = useRef<HTMLElement>(null)
  const [fits, setFits] = useState(true)
  useLayoutEffect(() => {
    const measure = () => {
      // The tabs are measured at their full width, hidden, whichever form is shown.
      if (slot.current && tabs.current) setFits(tabs.current.scrollWidth <= slot.current.clientWidth)
    }
    measure()
    const observer = new ResizeObserver(measure)
    if (slot.current) observer.observe(slot.current)
    return () => observer.disconnect()
  }, [pages.length, pages.map((p) => p.name).join()])
  if (pages.length < 2) return null
  const open = (id: string) => editor.setCurrentPage(id as TLPageId)
  const position = pages.findIndex((p) => p.id === current)
  return (
    <div className="board-switcher" ref={slot}>
      <nav className={`board-tabs${fits ? '' : ' measuring'}`} aria-label={t.boards} aria-hidden={!fits} ref={tabs}>
        {pages.map((page) => (
          <button key={page.id} type="button" tabIndex={fits ? 0 : -1} aria-current={page.id === current} onClick={() => open(page.id)}>
            {page.name}
          </button>
        ))}
      </nav>
      {!fits && (
        <details className="board-menu" data-testid="board-menu">
          <summary className="button">
            <span className="board-menu-position">{t.boardOf(position + 1, pages.length)}</span> {pages[position]?.name}
          </summary>
          <nav className="board-menu-list" aria-label={t.boards}>
            {pages.map((page) => (
              <button
                key={page.id}
                type="button"
                aria-current={page.id === current}
                onClick={(event) => {
                  event.currentTarget.closest('details')?.removeAttribute('open')
                  open(page.id)
                }}
              >
                {page.name}
              </button>
            ))}
          </nav>
        </details>
      )}
    </div>
  )
}

function AddBoard({ editor, workshopId, workshopKey }: { editor: Editor; workshopId: string; workshopKey: string }) {
  const t = useTexts()
  const locale = useLocale()
  const catalogue = useCatalogue()
  const [error, setError] = useState<string | null>(null)
  async function add(kind: string, menu: HTMLDetailsElement | null) {
    menu?.removeAttribute('open')
    try {
      const board = await api.addBoard(workshopId, workshopKey, kind)
      // The new page arrives through sync; show it as soon as it is here.
      const show = () => editor.getPage(board.id as TLPageId) && (editor.setCurrentPage(board.id as TLPageId), true)
      if (!show()) {
        const stop = editor.store.listen(() => show() && stop(), { scope: 'document' })
      }
      setError(null)
    } catch {
      setError(t.errorGeneric)
    }
  }
  return (
    <details className="add-board">
      <summary className="button">{t.addBoard}</summary>
      <div className="add-board-menu" role="menu">
        {groupByStep(catalogue).flatMap(({ boards }) => boards).map((board) => (
          <button key={board.kind} type="button" role="menuitem" onClick={(e) => add(board.kind, e.currentTarget.closest('details'))}>
            {board.step !== null && <small>{`${t.step} ${board.step}`}</small>} {board.title[locale]}
          </button>
        ))}
      </div>
      {error && <span className="error">{error}</span>}
    </details>
  )
}

function useParticipants(connection: WorkshopConnection): Participant[] {
  const awareness = connection.provider.awareness
  const [list, setList] = useState(() => readParticipants(awareness))
  useEffect(() => {
    const update = () => setList(readParticipants(awareness))
    awareness.on('change', update)
    update()
    return () => awareness.off('change', update)
  }, [awareness])
  return list
}
