import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  Tldraw,
  atom,
  computed,
  createTLCurrentUser,
  createTLStore,
  createUserId,
  react,
  useValue,
  type Editor,
  type TLStore,
  type TLUiOverrides,
  type TLUser,
  type TLUserPreferences,
  type TLPageId,
  tipTapDefaultExtensions,
} from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import tldrawSwedish from '@tldraw/assets/translations/sv.json'
import 'tldraw/tldraw.css'
import { validateDocumentRecord, workshopSchema, type ClientConfig, type JsonRecord, type Person, type WorkshopAccess } from '@sfs/shared'
import { bindStoreToYDoc, type StoreBinding } from './sync/binding.ts'
import { syncServerUrl, type WorkshopConnection } from './sync/connection.ts'
import { takeConnection } from './sync/early-connection.ts'
import { recoverRefusedWork } from './sync/recovery.ts'
import { forgetWorkshop } from './sync/forget-workshop.ts'
import { SetAside } from './SetAside.tsx'
import { RefusedNotice } from './RefusedNotice.tsx'
import { createOwnUndo, useOwnUndoInEditor, type OwnUndo } from './sync/undo.ts'
import { countFollowers, syncPresence } from './sync/presence.ts'
import { colorFor } from './identity.ts'
import { useLocale, useTexts } from './i18n.ts'
import { TopBar } from './TopBar.tsx'
import { isPrivate, keepPrivateNotes, type PrivateNotes } from './facilitation/private-notes.ts'
import { Sealing } from './facilitation/sealing.ts'
import { FacilitationBar } from './facilitation/FacilitationBar.tsx'
import { applyEditRights, followRequest } from './facilitation/behaviour.ts'
import { useControl } from './facilitation/useControl.ts'
import { JoinCode } from './facilitation/JoinCode.tsx'
import { FacilitationNews } from './facilitation/FacilitationNews.tsx'
import { syncServerClock } from './sync/server-clock.ts'
import { BoardTools, BoardToolsContext } from './board-tools/BoardTools.tsx'
import { stampWriting } from './board-tools/authorship.ts'
import { TypedTextFirst } from './board-tools/typed-text-first.ts'
import { guardedShapeUtils, keepOthersWork } from './board-tools/others-work.ts'
import { withIdleCanvasDefs } from './board-tools/idle-canvas-defs.ts'
import { componentsFor, overlayUtilsFor } from './screens.tsx'
import { rememberOpenBoard } from './board-tools/remembered-board.ts'
import { fileWritingInZones } from './board-tools/zone-of-writing.ts'
import { keepAnswersInCells } from './board-tools/form-cells.ts'
import { loadOnlyFontsInUse } from './fonts-in-use.ts'
import { keepMarkersApart } from './board-tools/markers.ts'
import { keepMindmapTidy } from './board-tools/tidy-mindmap.ts'
import { showPartHere } from './board-tools/sections.ts'
import { api } from './api.ts'
import { boardDefinition } from '@sfs/boards'
import { ListView } from './list-view/ListView.tsx'
import { useBoardView } from './list-view/view-choice.ts'
import { followBallots, type Ballots } from './facilitation/ballot.ts'

/**
 * tldraw's fonts and icons, served from our own origin. Its Swedish texts are in the bundle:
 * fetched, they came after the editor had mounted, and its menus showed English until then.
 */
const assetUrls = (() => {
  const urls = getAssetUrlsByImport()
  return { ...urls, translations: { ...urls.translations, sv: `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(tldrawSwedish))}` } }
})()

/** The method's words where tldraw's own Swedish differs ("Anmärkning" is a post-it here). */
const translations: TLUiOverrides['translations'] = { sv: { 'tool.note': 'Lapp' } }

/** Only the facilitator may unlock the board templates or add media (the server enforces it too). */
const participantOverrides: TLUiOverrides = {
  translations,
  actions(_editor, actions) {
    delete actions['toggle-lock']
    delete actions['unlock-all']
    delete actions['insert-media']
    delete actions['insert-embed']
    return actions
  },
  tools(_editor, tools) {
    delete tools['asset']
    return tools
  },
}
const facilitatorOverrides: TLUiOverrides = { translations }

/** Others' work guarded; the pattern fill's tiles drawn once the board is up. */
const shapeUtils = withIdleCanvasDefs(guardedShapeUtils)

/**
 * tldraw's text editing, with what people type kept in the order they typed it. Someone who
 * types the moment a text opens adds to its end (tldraw's default is its start).
 */
const editorOptions = { text: { tipTapConfig: { extensions: [...tipTapDefaultExtensions, TypedTextFirst], autofocus: 'end' as const } } }

/**
 * Each board is laid out for a 16:9 screen: show all of it whenever it is opened, and again
 * when the screen space changes (a bar appears, the window or tablet turns) or the board grows
 * past the screen, while the person has not moved the view themselves.
 */
function fitEachBoardWhenOpened(editor: Editor): () => void {
  let shownPage: string | null = null
  let fitted: { x: number; y: number; z: number } | null = null
  const fit = () => {
    editor.zoomToFit()
    fitted = { ...editor.getCamera() }
  }
  const stillFitted = () => {
    const camera = editor.getCamera()
    return fitted !== null && camera.x === fitted.x && camera.y === fitted.y && camera.z === fitted.z
  }
  const stopReacting = react('sfs.fitBoard', () => {
    const pageId = editor.getCurrentPageId()
    if (pageId === shownPage) return
    shownPage = pageId
    setTimeout(fit, 0)
  })
  // tldraw's own idea of the screen, not the DOM's: it learns of a resize a little later
  // (throttled), and a fit made before then would be for the old screen.
  const stopFollowingScreen = react('sfs.fitToScreen', () => {
    editor.getViewportScreenBounds()
    setTimeout(() => stillFitted() && fit(), 0)
  })
  // The board grew past the screen (a cell, a mind map): still the whole board for whoever has not zoomed.
  const stopFollowingGrowth = react('sfs.keepFitted', () => {
    const content = editor.getCurrentPageBounds()
    if (content && stillFitted() && !editor.getViewportPageBounds().contains(content)) setTimeout(() => stillFitted() && fit(), 0)
  })
  return () => {
    stopReacting()
    stopFollowingScreen()
    stopFollowingGrowth()
  }
}

/** The record check the server makes with the same schema: what would be refused is set aside instead. */
function isValidRecord(record: JsonRecord): boolean {
  try {
    validateDocumentRecord(workshopSchema(), record)
    return true
  } catch {
    return false
  }
}

interface Session {
  connection: WorkshopConnection
  store: TLStore
  binding: StoreBinding
  undo: OwnUndo
  privateNotes: ReturnType<typeof keepPrivateNotes>
}

export function Board({ access, config, workshopKey, person, userName }: { access: WorkshopAccess; config: ClientConfig; workshopKey: string; person: Person; userName: string }) {
  const t = useTexts()
  const locale = useLocale()
  const [session, setSession] = useState<Session | null>(null)
  const [view, setView] = useBoardView()
  const [editor, setEditor] = useState<Editor | null>(null)
  const mountEditor = useCallback((mounted: Editor) => {
    loadOnlyFontsInUse(mounted)
    setEditor(mounted)
  }, [])

  const me = useMemo(() => {
    // The server's id for this person: awareness, votes, markers and attribution all use it.
    const id = person.userId
    const prefs = atom<TLUserPreferences>('sfs.userPreferences', { id, name: userName, color: colorFor(id), locale })
    const user = computed<TLUser | null>('sfs.user', () => {
      const p = prefs.get()
      return { id: createUserId(p.id), typeName: 'user', name: p.name ?? '', color: p.color ?? '#888', imageUrl: '', meta: {} }
    })
    const current = createTLCurrentUser({ userPreferences: prefs, setUserPreferences: (next) => prefs.set(next) })
    return { id, prefs, user, current }
  }, [userName, person.userId])

  useEffect(() => {
    me.prefs.update((p) => ({ ...p, locale }))
  }, [locale, me])

  // A new generation starts after the device rebased work the server refused (recovery.ts).
  const [generation, setGeneration] = useState(0)
  const recoveries = useRef({ count: 0, at: 0 })
  const [recovering, setRecovering] = useState(false)
  const refused = useMemo(() => atom<{ why: string; at: number } | null>('sfs.refused', null), [])
  const writer = useMemo(() => ({ role: access.role, userId: person.token ? person.userId : null }), [access.role, person.token, person.userId])
  const toolsContext = useMemo(() => ({ me: { id: me.id, name: userName }, session: { workshopId: access.id, workshopKey, role: access.role } }), [me.id, userName, access.id, workshopKey, access.role])

  useEffect(() => {
    const connection = takeConnection(access.id, workshopKey, person.token)
    connection.provider.awareness.setLocalStateField('user', { name: userName, color: colorFor(me.id), role: access.role })
    let live: Session | null = null
    let disposed = false
    let handedOver = false
    void connection.ready.then(() => {
      if (disposed) return
      // Attribution (tldraw's user records, "last edited by") names this person, as the server knows them.
      const store = createTLStore({ schema: workshopSchema(), users: { currentUser: me.user } })
      const binding = bindStoreToYDoc(store, connection.doc, { isLocalOnly: isPrivate, writer, onRefused: (_id, why) => refused.set({ why, at: Date.now() }) })
      const sealing = person.token
        ? new Sealing({
            seal: (boardId, record, leaving) => api.seal(access.id, workshopKey, person.token, boardId, record, leaving),
            unseal: (boardId, noteId, leaving) => api.unseal(access.id, workshopKey, person.token, boardId, noteId, leaving),
          })
        : undefined
      const privateNotes = keepPrivateNotes(store, access.id, sealing)
      live = { connection, store, binding, undo: createOwnUndo(binding.records), privateNotes }
      setSession(live)
    })
    const endSession = () => {
      disposed = true
      live?.undo.manager.destroy()
      live?.privateNotes.close()
      live?.binding.dispose()
      live = null
      setSession(null)
    }
    const stopWatching = react('sfs.refused', () => {
      if (!connection.refused.get() || handedOver) return
      handedOver = true
      endSession()
      setRecovering(true)
      void (async () => {
        const local = await connection.release()
        // Refused again right after two rebases: the rules here and on the server disagree; keep everything aside.
        const now = Date.now()
        recoveries.current = now - recoveries.current.at < 60_000 ? { count: recoveries.current.count + 1, at: now } : { count: 1, at: now }
        const setAsideAll = recoveries.current.count > 2
        for (let wait = 2000; ; wait = Math.min(wait * 2, 30_000)) {
          try {
            await recoverRefusedWork({ workshopId: access.id, syncUrl: syncServerUrl(window.location), params: person.token ? { key: workshopKey, token: person.token } : { key: workshopKey }, local, writer, valid: isValidRecord, setAsideAll })
            break
          } catch {
            await new Promise((resolve) => setTimeout(resolve, wait))
          }
        }
        local.destroy()
        setRecovering(false)
        setGeneration((g) => g + 1)
      })()
    })
    const stopWatchingDeletion = react('sfs.deleted', () => {
      if (connection.closedReason.get() !== 'deleted' || handedOver) return
      handedOver = true
      live?.privateNotes.close()
      connection.destroy()
      void forgetWorkshop(access.id)
    })
    return () => {
      stopWatching()
      stopWatchingDeletion()
      endSession()
      if (!handedOver) connection.destroy()
    }
  }, [access.id, workshopKey, person.token, generation])

  useEffect(() => {
    void syncServerClock().catch(() => {})
    const resync = setInterval(() => void syncServerClock().catch(() => {}), 60_000)
    return () => clearInterval(resync)
  }, [])

  useEffect(() => {
    if (!session || !editor) return
    const stopEditRights = applyEditRights(editor, access.role)
    const restoreUndo = useOwnUndoInEditor(editor, session.undo)
    // What the editor wrote while starting up is not the user's to undo.
    session.undo.manager.clear()
    const isAnonymousPage = (pageId: string) => {
      const kind = (session.store.get(pageId as TLPageId)?.meta as { boardKind?: unknown } | undefined)?.boardKind
      return typeof kind === 'string' && boardDefinition(kind)?.anonymous === true
    }
    const stopPresence = syncPresence(session.store, session.connection.provider.awareness, me.user, access.role !== 'viewer', isAnonymousPage)
    const stopRemembering = rememberOpenBoard(editor, access.id)
    const stopFitting = fitEachBoardWhenOpened(editor)
    const stopStamping = stampWriting(editor, userName, writer.userId)
    const stopFiling = fileWritingInZones(editor)
    const stopArranging = access.role === 'viewer' ? () => {} : keepAnswersInCells(editor, (boardId, zone, height) => api.growCell(access.id, workshopKey, boardId, zone, height))
    const stopSpacing = keepMarkersApart(editor, me.id)
    const stopTidying = access.role === 'viewer' ? () => {} : keepMindmapTidy(editor)
    const stopGuarding = keepOthersWork(editor, writer, (why) => refused.set({ why, at: Date.now() }))
    // As on tldraw.com: the editor is reachable from the console, for support and tests.
    ;(window as unknown as { editor?: Editor }).editor = editor
    return () => {
      stopEditRights()
      stopFitting()
      stopRemembering()
      stopStamping()
      stopGuarding()
      stopFiling()
      stopArranging()
      stopSpacing()
      stopTidying()
      stopPresence()
      restoreUndo()
    }
  }, [session, editor])

  const [ballots, setBallots] = useState<Ballots | null>(null)
  useEffect(() => {
    if (!session || !editor) return
    const followed = followBallots(editor, session.connection.doc, { role: access.role, workshopId: access.id, workshopKey, personToken: person.token })
    setBallots(followed)
    return () => {
      followed.dispose()
      setBallots(null)
    }
  }, [session, editor])

  // tldraw's shortcuts act on a focused editor; under the list view, keys belong to the list.
  useEffect(() => {
    if (editor && view === 'list') editor.blur()
  }, [editor, view])

  const closedReason = useValue('closedReason', () => session?.connection.closedReason.get() ?? null, [session])
  const myUserId = createUserId(me.id)
  if (closedReason === 'deleted') return <p className="centered error">{t.closedDeleted}</p>
  if (closedReason === 'revoked') return <p className="centered error" role="alert">{t.closedRevoked}</p>
  if (closedReason === 'unreadable') return <p className="centered error" role="alert">{t.workshopUnreadable}</p>
  if (closedReason === 'newer') return <p className="centered error" role="alert">{t.workshopNewer}</p>
  if (recovering) return <p className="centered" role="status">{t.recovering}</p>
  if (!session) return <p className="centered">{t.loading}</p>

  return (
    <div className={`workshop role-${access.role}`}>
      <TopBar title={access.title} role={access.role} connection={session.connection} editor={editor} workshopId={access.id} workshopKey={workshopKey} view={view} onView={setView} />
      <SetAside workshopId={access.id} key={generation} />
      <RefusedNotice reason={refused} onDone={() => refused.set(null)} />
      {editor && ballots && <Facilitation editor={editor} session={session} ballots={ballots} role={access.role} workshopId={access.id} workshopKey={workshopKey} myUserId={myUserId} />}
      <main className="canvas">
        {view === 'list' && editor && ballots && <ListView editor={editor} writer={writer} me={{ id: me.id, name: userName }} ballots={ballots} session={toolsContext.session} />}
        {/* Still laid out under the list: tldraw measures text and keeps following the facilitator. */}
        <div className="canvas-surface" inert={view === 'list'} aria-hidden={view === 'list' || undefined}>
          {editor && <BoardTools editor={editor} session={toolsContext.session} />}
          <BoardToolsContext.Provider value={toolsContext}>
            <Tldraw
              store={session.store}
              user={me.current}
              assetUrls={assetUrls}
              licenseKey={config.tldrawLicenseKey || undefined}
              overrides={access.role === 'facilitator' ? facilitatorOverrides : participantOverrides}
              hideUi={access.role === 'viewer'}
              components={componentsFor(access.role)}
              overlayUtils={overlayUtilsFor(access.role)}
              options={editorOptions}
              shapeUtils={shapeUtils}
              onMount={mountEditor}
            />
          </BoardToolsContext.Provider>
        </div>
      </main>
    </div>
  )
}

function Facilitation(props: { editor: Editor; session: Session; ballots: Ballots; role: WorkshopAccess['role']; workshopId: string; workshopKey: string; myUserId: string }) {
  const { timer, follow, part, privateBoards, sealed, join } = useControl(props.session.connection.doc)
  const privateRef = useRef(privateBoards)
  privateRef.current = privateBoards
  const [notes, setNotes] = useState<PrivateNotes | null>(null)
  useEffect(() => {
    const handle = props.session.privateNotes.attach(props.editor, () => privateRef.current)
    setNotes(handle)
    return () => handle.destroy()
  }, [props.editor, props.session])
  // Publishing runs whenever the private boards change, and at start (a reveal missed while away).
  useEffect(() => notes?.reveal(privateBoards), [notes, [...privateBoards].sort().join()])
  const awareness = props.session.connection.provider.awareness
  const [followers, setFollowers] = useState(() => countFollowers(awareness, props.myUserId))
  useEffect(() => {
    if (props.role !== 'facilitator') return
    const count = () => setFollowers((before) => {
      const now = countFollowers(awareness, props.myUserId)
      return now.following === before.following && now.participants === before.participants ? before : now
    })
    awareness.on('change', count)
    return () => awareness.off('change', count)
  }, [awareness, props.myUserId])
  useEffect(() => {
    // The facilitator's newest request wins: "show everyone this part" or "bring everyone here".
    if (part && props.role !== 'facilitator' && (!follow || part.at > follow.at)) return showPartHere(props.editor, part, props.role === 'viewer')
    // A participant is brought once per request and may then step out (pan, or stop following);
    // only until that first follow took hold is it tried again as presence arrives. The
    // projector follows all the time, and picks up a facilitator who joins later.
    let settled = false
    const apply = () => {
      if (settled && props.role !== 'viewer') return
      followRequest(props.editor, props.role, props.myUserId, follow, awareness)
      settled = !follow || props.editor.getInstanceState().followingUserId === follow.userId
    }
    apply()
    awareness.on('change', apply)
    return () => awareness.off('change', apply)
  }, [follow?.userId, follow?.at, part?.at, props.editor])
  return (
    <>
      {join && props.role !== 'participant' && <JoinCode join={join} />}
      <FacilitationNews editor={props.editor} timer={timer} follow={follow} myUserId={props.myUserId} />
      <FacilitationBar editor={props.editor} ballots={props.ballots} privateBoards={privateBoards} joinShown={!!join} role={props.role} workshopId={props.workshopId} workshopKey={props.workshopKey} myUserId={props.myUserId} timer={timer} follow={follow} followers={followers} sealed={sealed} />
    </>
  )
}
