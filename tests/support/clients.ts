/** Stock y-websocket clients, as any third-party tool would connect: tests, bench and load use these. */
import WebSocket from 'ws'
import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

/**
 * A provider on `syncUrl` (`ws://host:port/sync` for ours, `ws://host:port` for the
 * reference server), for the workshop `room`, with our key when there is one.
 */
export function stockProvider(syncUrl: string, room: string, doc: Y.Doc, options: { key?: string; maxBackoffTime?: number } = {}): WebsocketProvider {
  return new WebsocketProvider(syncUrl, room, doc, {
    params: options.key ? { key: options.key } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    ...(options.maxBackoffTime ? { maxBackoffTime: options.maxBackoffTime } : {}),
  })
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))
}
