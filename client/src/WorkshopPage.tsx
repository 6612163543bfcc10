import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react'
import type { ClientConfig, Person, WorkshopAccess } from '@sfs/shared'
import { api, ApiRequestError } from './api.ts'
import { useTexts } from './i18n.ts'
import { ensurePerson, forgetWorkshopEntries, guestPerson, knownAccess, knownPerson, rememberAccess, saveName, savedName } from './identity.ts'

/** The board (tldraw and all) is a bundle of its own, fetched while the page asks for the name: the prompt shows at once. */
const loadBoard = () => import('./Board.tsx')
const Board = lazy(() => loadBoard().then((m) => ({ default: m.Board })))

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; access: WorkshopAccess; config: ClientConfig; person: Person }

export function WorkshopPage({ workshopId, workshopKey }: { workshopId: string; workshopKey: string }) {
  const t = useTexts()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [name, setName] = useState(savedName())

  useEffect(() => {
    void loadBoard()
  }, [])

  useEffect(() => {
    if (!workshopKey) {
      setLoad({ status: 'error', message: t.badLink })
      return
    }
    Promise.all([api.access(workshopId, workshopKey), api.config(), ensurePerson(workshopId, workshopKey)]).then(
      ([access, config, person]) => {
        document.title = `${access.title} – Stad för stad`
        rememberAccess(access)
        setLoad({ status: 'ready', access, config, person })
      },
      (err) => {
        if (err instanceof ApiRequestError && err.code === 'workshop_not_found') {
          forgetWorkshopEntries(workshopId)
          // Loaded only here: the local copy's code (Yjs, IndexedDB) would otherwise weigh down the first page.
          void import('./sync/forget-workshop.ts').then((m) => m.forgetWorkshop(workshopId))
          setLoad({ status: 'error', message: t.workshopGone })
          return
        }
        if (err instanceof ApiRequestError && (err.code === 'workshop_unreadable' || err.code === 'workshop_newer_version')) {
          setLoad({ status: 'error', message: err.code === 'workshop_unreadable' ? t.workshopUnreadable : t.workshopNewer })
          return
        }
        // Server unreachable: open the local copy with the role the server last gave this device.
        const known = err instanceof ApiRequestError ? null : knownAccess(workshopId)
        if (known) setLoad({ status: 'ready', access: known, config: { tldrawLicenseKey: '', createKeyRequired: false }, person: knownPerson(workshopId) ?? guestPerson() })
        else setLoad({ status: 'error', message: t.badLink })
      },
    )
  }, [workshopId, workshopKey])

  // The projector is nobody in particular: it joins without asking the room for a name.
  const userName = load.status === 'ready' && load.access.role === 'viewer' ? t.projectorName : name
  const joining = load.status === 'ready' && userName ? load : null
  useEffect(() => {
    if (!joining) return
    const { access, person } = joining
    const early = import('./sync/early-connection.ts')
    void early.then((m) => m.openEarly(access.id, workshopKey, person.token))
    return () => void early.then((m) => m.dropEarly())
  }, [joining?.access.id, joining?.person.token, workshopKey])

  if (load.status === 'loading') return <p className="centered">{t.loading}</p>
  if (load.status === 'error')
    return (
      <p className="centered error" role="alert">
        {load.message}
      </p>
    )
  if (!userName) return <NamePrompt title={load.access.title} onName={setName} />
  return (
    <Suspense fallback={<p className="centered">{t.loading}</p>}>
      <Board access={load.access} config={load.config} workshopKey={workshopKey} person={load.person} userName={userName} />
    </Suspense>
  )
}

function NamePrompt({ title, onName }: { title: string; onName(name: string): void }) {
  const t = useTexts()
  const [value, setValue] = useState('')
  function submit(event: FormEvent) {
    event.preventDefault()
    if (!value.trim()) return
    saveName(value)
    onName(value.trim())
  }
  return (
    <main className="page">
      <form className="card" onSubmit={submit}>
        <p className="joining">{t.joining(title)}</p>
        <h2>{t.askName}</h2>
        <p>{t.askNameHelp}</p>
        <label>
          {t.yourName}
          <input autoFocus required maxLength={60} value={value} onChange={(e) => setValue(e.target.value)} name="name" />
        </label>
        <button className="primary" type="submit">
          {t.join}
        </button>
      </form>
    </main>
  )
}
