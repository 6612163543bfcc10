import { useEffect, useState, type FormEvent } from 'react'
import type { CreatedWorkshop } from '@sfs/shared'
import { api, ApiRequestError } from './api.ts'
import { useTexts } from './i18n.ts'
import { rememberWorkshop, savedWorkshops } from './identity.ts'
import { LanguageToggle } from './LanguageToggle.tsx'
import { BoardPicker } from './BoardPicker.tsx'
import { LinkRow } from './LinkRow.tsx'

export function HomePage() {
  const t = useTexts()
  const [title, setTitle] = useState('')
  const [city, setCity] = useState('')
  const [boards, setBoards] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<CreatedWorkshop | null>(null)
  const [createKey, setCreateKey] = useState('')
  const [keyRequired, setKeyRequired] = useState(false)
  useEffect(() => {
    api.config().then((config) => setKeyRequired(config.createKeyRequired), () => {})
  }, [])

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const workshop = await api.createWorkshop({ title, city, boards, ...(keyRequired ? { createKey } : {}) })
      rememberWorkshop({ id: workshop.id, title, link: workshop.links.facilitator, createdAt: new Date().toISOString() })
      setCreated(workshop)
    } catch (err) {
      setError(err instanceof ApiRequestError ? err.message : t.errorGeneric)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="page">
      <header className="page-header">
        <h1>{t.appName}</h1>
        <LanguageToggle />
      </header>
      <p className="tagline">{t.tagline}</p>
      {created ? (
        <section className="card" aria-labelledby="created-heading">
          <h2 id="created-heading">{t.created}</h2>
          <p>{t.linksIntro}</p>
          <LinkRow label={t.linkFacilitator} url={created.links.facilitator} testId="link-facilitator" />
          <LinkRow label={t.linkParticipant} url={created.links.participant} testId="link-participant" />
          <LinkRow label={t.linkViewer} url={created.links.viewer} testId="link-viewer" />
        </section>
      ) : (
        <form className="card" onSubmit={onSubmit}>
          <h2>{t.createTitle}</h2>
          <label>
            {t.workshopTitle}
            <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t.workshopTitlePlaceholder} name="title" />
          </label>
          <label>
            {t.city}
            <input maxLength={100} value={city} onChange={(e) => setCity(e.target.value)} placeholder={t.cityPlaceholder} name="city" />
          </label>
          <BoardPicker selected={boards} onChange={setBoards} />
          {keyRequired && (
            <label>
              {t.createKey}
              <input required type="password" autoComplete="off" value={createKey} onChange={(e) => setCreateKey(e.target.value)} name="createKey" />
              <small>{t.createKeyHelp}</small>
            </label>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {/* Always in sight while the list of boards scrolls by. */}
          <div className="create-bar">
            <span aria-live="polite">{t.boardsChosen(boards.length)}</span>
            <button className="primary" type="submit" disabled={busy}>
              {busy ? t.creating : t.create}
            </button>
          </div>
        </form>
      )}
      {!created && <ImportWorkshop keyRequired={keyRequired} onImported={setCreated} />}
      <MyWorkshops />
    </main>
  )
}

/** A workshop moved here from another server, as the file its facilitator downloaded there. */
function ImportWorkshop({ keyRequired, onImported }: { keyRequired: boolean; onImported(workshop: CreatedWorkshop): void }) {
  const t = useTexts()
  const [createKey, setCreateKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  async function onFile(file: File | undefined) {
    if (!file) return
    setBusy(true)
    setMessage(null)
    try {
      let content: unknown
      try {
        content = JSON.parse(await file.text())
      } catch {
        throw new Error(t.importBadFile)
      }
      const workshop = await api.importWorkshop(content, keyRequired ? createKey : '')
      const title = (await api.access(workshop.id, workshop.facilitatorKey)).title
      rememberWorkshop({ id: workshop.id, title, link: workshop.links.facilitator, createdAt: new Date().toISOString() })
      if (workshop.skippedRecords > 0) window.alert(t.importSkipped(workshop.skippedRecords))
      onImported(workshop)
    } catch (err) {
      setMessage(err instanceof ApiRequestError ? (err.code === 'invalid_workshop_file' ? t.importBadFile : err.message) : err instanceof Error ? err.message : t.errorGeneric)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">{t.importTitle}</h2>
      <p>{t.importHelp}</p>
      {keyRequired && (
        <label>
          {t.createKey}
          <input type="password" autoComplete="off" value={createKey} onChange={(e) => setCreateKey(e.target.value)} name="importCreateKey" />
        </label>
      )}
      <label>
        {busy ? t.importing : t.importFile}
        <input type="file" accept=".json,application/json" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0])} data-testid="import-file" />
      </label>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </section>
  )
}

function MyWorkshops() {
  const t = useTexts()
  const list = savedWorkshops()
  if (list.length === 0) return null
  return (
    <section className="card">
      <h2>{t.myWorkshops}</h2>
      <ul className="workshop-list">
        {list.map((w) => (
          <li key={w.id}>
            <a href={w.link}>{w.title}</a> <small>{new Date(w.createdAt).toLocaleDateString()}</small>
          </li>
        ))}
      </ul>
    </section>
  )
}
