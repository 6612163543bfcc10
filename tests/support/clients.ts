/**
 * What a client of the server does, as any third-party tool would: create a workshop over
 * HTTP, connect a stock y-websocket provider, wait for things to arrive. Free of vitest, so
 * the bench, the load process and the idle-memory run use it as the tests do.
 */
import WebSocket from 'ws'
import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { CreatedWorkshop } from '@sfs/shared'

export async function createWorkshop(server: { url: string }, body: object = { title: 'Arbetspass', city: 'Malmö' }): Promise<CreatedWorkshop> {
  const response = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as CreatedWorkshop
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/**
 * A provider on `syncUrl` (`ws://host:port/sync` for ours, `ws://host:port` for the
 * reference server), for the workshop `room`, with our key when there is one.
 */
export function stockProvider(syncUrl: string, room: string, doc: Y.Doc, options: { key?: string; token?: string | undefined; maxBackoffTime?: number } = {}): WebsocketProvider {
  return new WebsocketProvider(syncUrl, room, doc, {
    params: { ...(options.key ? { key: options.key } : {}), ...(options.token ? { token: options.token } : {}) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    ...(options.maxBackoffTime ? { maxBackoffTime: options.maxBackoffTime } : {}),
  })
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))
}
