import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import type { SnapshotSummary } from '@sfs/shared'
import { api } from '../api.ts'
import { useLocale, useTexts } from '../i18n.ts'

/** "14:32:05", or "12 nov. 14:32:05" for an earlier day, in the UI's language: versions can be seconds apart. */
function when(iso: string, locale: string): string {
  const at = new Date(iso)
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return at.toDateString() === new Date().toDateString() ? time : `${at.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`
}

/**
 * The facilitator brings the open board back as it was at an earlier time (kept snapshots),
 * in case of accidents; the server keeps the board as it is now first, so it can be undone.
 */
export function EarlierVersions({ editor, workshopId, workshopKey }: { editor: Editor; workshopId: string; workshopKey: string }) {
  const t = useTexts()
  const locale = useLocale() === 'sv' ? 'sv-SE' : 'en-GB'
  const board = useValue('sfs.board', () => ({ id: editor.getCurrentPageId(), name: editor.getCurrentPage().name }), [editor])
  const [versions, setVersions] = useState<SnapshotSummary[] | null>(null)
  const [chosen, setChosen] = useState<SnapshotSummary | null>(null)
  const [status, setStatus] = useState<'idle' | 'restored' | 'failed'>('idle')
  const reload = () => api.snapshots(workshopId, workshopKey).then(setVersions, () => setStatus('failed'))

  const restore = (version: SnapshotSummary) =>
    api.restoreBoard(workshopId, workshopKey, board.id, version.id).then(
      () => {
        setChosen(null)
        setStatus('restored')
        void reload()
      },
      () => setStatus('failed'),
    )

  return (
    <details
      className="add-board earlier-versions"
      onToggle={(event) => {
        if (!(event.currentTarget as HTMLDetailsElement).open) return
        setChosen(null)
        setStatus('idle')
        void reload()
      }}
    >
      <summary className="button">{t.earlierVersions}</summary>
      <div className="add-board-menu versions-menu">
        <button type="button" onClick={() => void api.takeSnapshot(workshopId, workshopKey).then(reload, () => setStatus('failed'))}>
          {t.saveVersionNow}
        </button>
        {chosen ? (
          <div className="confirm" role="alertdialog" aria-labelledby="restore-question">
            <p id="restore-question">{t.confirmRestore(board.name, when(chosen.takenAt, locale))}</p>
            <div className="confirm-actions">
              <button type="button" className="primary" onClick={() => void restore(chosen)}>
                {t.restore}
              </button>
              <button type="button" onClick={() => setChosen(null)}>
                {t.cancel}
              </button>
            </div>
          </div>
        ) : versions && versions.length === 0 ? (
          <p>{t.noVersions}</p>
        ) : (
          <ul className="versions">
            {(versions ?? []).map((version) => (
              <li key={version.id}>
                <button type="button" onClick={() => setChosen(version)}>
                  {t.boardAsItWas(when(version.takenAt, locale))}
                  {t.versionReason[version.reason] && <small>{t.versionReason[version.reason]}</small>}
                </button>
              </li>
            ))}
          </ul>
        )}
        {status === 'restored' && <p role="status">{t.restored}</p>}
        {status === 'failed' && <p className="error" role="alert">{t.errorGeneric}</p>}
      </div>
    </details>
  )
}
