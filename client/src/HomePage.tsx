import { useState, type FormEvent } from 'react'
import type { CreatedWorkshop } from '@sfs/shared'
import { api, ApiRequestError } from './api.ts'
import { useTexts } from './i18n.ts'
import { rememberWorkshop, savedWorkshops } from './identity.ts'
import { LanguageToggle } from './LanguageToggle.tsx'
import { BoardPicker } from './BoardPicker.tsx'

export function HomePage() {
  const t = useTexts()
  const [title, setTitle] = useState('')
  const [city, setCity] = useState('')
  const [boards, setBoards] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<CreatedWorkshop | null>(null)

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const workshop = await api.createWorkshop({ title, city, boards })
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
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button className="primary" type="submit" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </form>
      )}
      <MyWorkshops />
    </main>
  )
}

function LinkRow({ label, url, testId }: { label: string; url: string; testId: string }) {
  const t = useTexts()
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(url)
    } catch {
      // Clipboard needs a secure context; on plain http over the LAN, select the text instead.
      const input = document.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)
      input?.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div className="link-row">
      <span className="link-label">{label}</span>
      <input readOnly value={url} data-testid={testId} onFocus={(e) => e.target.select()} aria-label={label} />
      <button type="button" onClick={copy}>
        {copied ? t.copied : t.copy}
      </button>
      <a className="button" href={url} target="_blank" rel="noreferrer">
        {t.open}
      </a>
    </div>
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
