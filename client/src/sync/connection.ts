/**
 * A workshop document on this device: a local copy in IndexedDB (survives a reload while
 * offline) and the live connection to the server, which reconnects by itself.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
// From tldraw's state package, not tldraw: this module opens early, in a chunk without the editor (early-connection.ts).
import { atom, type Atom } from '@tldraw/state'

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'closed'

/** Close codes sent by the server that mean "do not come back" (docs/security.md lists them all). */
const FINAL_CLOSE_CODES: Record<number, string> = { 4401: 'revoked', 4404: 'deleted', 4422: 'unreadable', 4426: 'newer' }
/**
 * The server refused what this device sent (a write its rules no longer allow, or one that
 * depends on data the server lacks): sending it again would be refused again. The device
 * stops and rebases its unsent work instead (recovery.ts).
 */
const REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set([4403, 4409])

export interface WorkshopConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  state: Atom<ConnectionState>
  /** Why the server ended the session for good, if it did. */
  closedReason: Atom<string | null>
  /** Set when the server refused what this device sent; the connection has stopped. */
  refused: Atom<boolean>
  /** Resolves once the document holds either the local copy or the server's. */
  ready: Promise<void>
  /** Stops syncing and closes the local copy, and hands over the document (not destroyed). */
  release(): Promise<Y.Doc>
  destroy(): void
}

export function syncServerUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
}

/** `token` is the device's personal token; empty for a guest (first visit while offline). */
export function connectWorkshop(workshopId: string, key: string, token: string): WorkshopConnection {
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(`sfs-workshop-${workshopId}`, doc)
  const provider = new WebsocketProvider(syncServerUrl(window.location), workshopId, doc, {
    params: token ? { key, token } : { key },
    maxBackoffTime: 5000,
  })
  const state = atom<ConnectionState>('sfs.connection', 'connecting')
  const closedReason = atom<string | null>('sfs.closedReason', null)
  const refused = atom('sfs.refused', false)
  let everOnline = false

  provider.on('status', ({ status }: { status: string }) => {
    if (closedReason.get()) return
    if (status === 'connected') return // "online" is reported once the server's state arrived
    state.set(everOnline ? 'offline' : 'connecting')
  })
  provider.on('sync', (synced: boolean) => {
    if (synced) {
      everOnline = true
      state.set('online')
    }
  })
  provider.on('connection-close', (event: CloseEvent | null) => {
    const reason = event ? FINAL_CLOSE_CODES[event.code] : undefined
    if (reason) {
      closedReason.set(reason)
      state.set('closed')
      provider.shouldConnect = false
      provider.disconnect()
    } else if (event && REFUSED_CLOSE_CODES.has(event.code)) {
      provider.shouldConnect = false
      state.set('connecting')
      refused.set(true)
    }
  })
  // A socket can outlive the network silently; start afresh when the device says the network is back.
  const onOffline = () => {
    if (closedReason.get()) return
    state.set('offline')
    provider.disconnect()
  }
  const onOnline = () => {
    if (closedReason.get()) return
    provider.disconnect()
    provider.connect()
  }
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)

  const ready = new Promise<void>((resolve) => {
    const hasContent = () => doc.getMap('records').size > 0
    local.whenSynced.then(() => hasContent() && resolve())
    provider.once('sync', () => resolve())
  })

  const stop = () => {
    window.removeEventListener('offline', onOffline)
    window.removeEventListener('online', onOnline)
    provider.destroy()
    return local.destroy()
  }
  return {
    doc,
    provider,
    state,
    closedReason,
    refused,
    ready,
    async release() {
      await stop()
      return doc
    },
    destroy() {
      void stop()
      doc.destroy()
    },
  }
}
