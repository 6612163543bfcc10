import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLPageId } from 'tldraw'
import type { Role } from '@sfs/shared'
import type { WorkshopConnection } from './sync/connection.ts'
import { readParticipants, type Participant } from './sync/presence.ts'
import { useTexts, type Texts } from './i18n.ts'
import { LanguageToggle } from './LanguageToggle.tsx'

const roleText = (t: Texts, role: string) => (role === 'facilitator' ? t.roleFacilitator : role === 'viewer' ? t.roleViewer : t.roleParticipant)

export function TopBar({ title, role, connection, editor }: { title: string; role: Role; connection: WorkshopConnection; editor: Editor | null }) {
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
      <div className="topbar-right">
        <span className={`status status-${state}`} data-testid="connection-status" data-state={state} role="status">
          {statusText}
        </span>
        <ul className="people" aria-label={t.here} data-testid="people">
          {participants.map((p) => (
            <li key={p.clientId} style={{ borderColor: p.color }} title={roleText(t, p.role)}>
              <span className="dot" style={{ background: p.color }} />
              {p.name}
              {p.isSelf && ` (${t.you})`}
            </li>
          ))}
        </ul>
        <LanguageToggle />
      </div>
    </header>
  )
}

function BoardTabs({ editor }: { editor: Editor }) {
  const t = useTexts()
  const pages = useValue('pages', () => editor.getPages(), [editor])
  const current = useValue('currentPage', () => editor.getCurrentPageId(), [editor])
  if (pages.length < 2) return null
  return (
    <nav className="board-tabs" aria-label={t.boards}>
      {pages.map((page) => (
        <button key={page.id} type="button" aria-current={page.id === current} onClick={() => editor.setCurrentPage(page.id as TLPageId)}>
          {page.name}
        </button>
      ))}
    </nav>
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
