import { useState } from 'react'
import { fileSafeName, WORKSHOP_FILE_EXTENSION, type Retention } from '@sfs/shared'
import { api } from './api.ts'
import { useLocale, useTexts } from './i18n.ts'
import { LinkRow } from './LinkRow.tsx'
import { filenameFrom, saveBlob } from './download.ts'

const KEEP_YEARS = [1, 2, 3] as const

/**
 * The facilitator's menu for the workshop as a whole, over its life: new links when one has
 * travelled too far, how long the server keeps it, moving it to another server, deleting it.
 */
export function WorkshopMenu({ workshopId, workshopKey, title }: { workshopId: string; workshopKey: string; title: string }) {
  const t = useTexts()
  const [error, setError] = useState<string | null>(null)
  const [retention, setRetention] = useState<Retention | null>(null)
  const attempt = (action: () => Promise<void>) => () => {
    action().then(
      () => setError(null),
      () => setError(t.errorGeneric),
    )
  }
  const onToggle = (event: React.SyntheticEvent<HTMLDetailsElement>) => {
    if (event.currentTarget.open) attempt(async () => setRetention((await api.details(workshopId, workshopKey)).retention))()
  }
  return (
    <details className="new-links workshop-menu" onToggle={onToggle} data-testid="workshop-menu">
      <summary className="button">{t.workshopMenu}</summary>
      <div className="new-links-panel">
        <NewLinks workshopId={workshopId} workshopKey={workshopKey} onError={setError} />
        <section aria-labelledby="keep-heading">
          <h3 id="keep-heading">{t.keepTitle}</h3>
          {retention && <KeepLonger retention={retention} onKeep={(days) => attempt(async () => setRetention(await api.keep(workshopId, workshopKey, days)))()} />}
        </section>
        <section aria-labelledby="move-heading">
          <h3 id="move-heading">{t.moveTitle}</h3>
          <p>{t.moveHelp}</p>
          <button type="button" onClick={attempt(() => downloadWorkshop(workshopId, workshopKey, title))}>
            {t.moveDownload}
          </button>
        </section>
        <section aria-labelledby="delete-heading">
          <h3 id="delete-heading">{t.deleteTitle}</h3>
          <p>{t.deleteHelp}</p>
          {/* The server then closes every connection, this one too, and every device forgets the workshop. */}
          <button type="button" className="danger" onClick={attempt(async () => (window.confirm(t.deleteConfirm(title)) ? api.deleteWorkshop(workshopId, workshopKey) : undefined))}>
            {t.deleteAction}
          </button>
        </section>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </details>
  )
}

function KeepLonger({ retention, onKeep }: { retention: Retention; onKeep(days: number): void }) {
  const t = useTexts()
  const locale = useLocale()
  const [years, setYears] = useState<number>(1)
  if (!retention.deletesAt) return <p>{t.keepForever}</p>
  const date = new Date(retention.deletesAt).toLocaleDateString(locale === 'sv' ? 'sv-SE' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' })
  return (
    <>
      <p data-testid="deletes-at">{t.keepDeletesAt(date)}</p>
      <div className="keep-longer">
        <label>
          {t.keepFor}{' '}
          <select value={years} onChange={(e) => setYears(Number(e.target.value))}>
            {KEEP_YEARS.map((n) => (
              <option key={n} value={n}>
                {t.keepYears(n)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => onKeep(Math.round(years * 365.25))}>
          {t.keepAction}
        </button>
      </div>
    </>
  )
}

async function downloadWorkshop(workshopId: string, workshopKey: string, title: string): Promise<void> {
  // The key goes in a header, not the URL: it stays out of logs and browser history.
  const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/file`, { headers: { Authorization: `Bearer ${workshopKey}` } })
  if (!response.ok) throw new Error(`download failed: ${response.status}`)
  saveBlob(await response.blob(), filenameFrom(response.headers.get('Content-Disposition'), `${fileSafeName(title)}${WORKSHOP_FILE_EXTENSION}`))
}

/** Replaces the participant and projector links, e.g. after one was forwarded too far. */
function NewLinks({ workshopId, workshopKey, onError }: { workshopId: string; workshopKey: string; onError(message: string | null): void }) {
  const t = useTexts()
  const [links, setLinks] = useState<{ participant: string; viewer: string } | null>(null)
  async function rotate() {
    if (!window.confirm(t.newLinksConfirm)) return
    try {
      setLinks((await api.rotateKeys(workshopId, workshopKey)).links)
      onError(null)
    } catch {
      onError(t.errorGeneric)
    }
  }
  return (
    <section aria-labelledby="new-links-heading">
      <h3 id="new-links-heading">{t.newLinks}</h3>
      <p>{t.newLinksHelp}</p>
      <button type="button" onClick={() => void rotate()}>
        {t.newLinksAction}
      </button>
      {links && (
        <>
          <LinkRow label={t.linkParticipant} url={links.participant} testId="new-link-participant" />
          <LinkRow label={t.linkViewer} url={links.viewer} testId="new-link-viewer" />
        </>
      )}
    </section>
  )
}
