/** Starts real servers on free ports and connects stock y-websocket clients to them. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { configFromEnv, createLogger, startServer, type RunningServer, type StartOptions } from '@sfs/server'
import { stockProvider, whenSynced } from '../support/clients.ts'

export { createWorkshop, sleep, waitFor } from '../support/clients.ts'

export interface TestServer extends RunningServer {
  dataDir: string
  logs: string[]
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'sfs-test-'))
}

export async function startTestServer(env: Record<string, string> = {}, options: StartOptions & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir()
  const logs: string[] = []
  const config = configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, UNLOAD_AFTER_MS: '0', CLIENT_DIR: '/nonexistent', ...env })
  const server = await startServer(config, { log: createLogger('debug', (line) => logs.push(line)), ...options })
  return Object.assign(server, { dataDir, logs })
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  synced: Promise<void>
  destroy(): void
}

/** A stock y-websocket client, as any third-party tool would connect. */
export function connect(server: { url: string }, workshopId: string, key: string, doc = new Y.Doc()): Client {
  const provider = stockProvider(server.url.replace('http', 'ws') + '/sync', workshopId, doc, { key, maxBackoffTime: 200 })
  return {
    doc,
    provider,
    synced: whenSynced(provider),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A raw WebSocket to the sync endpoint, for sending what no well-behaved client would. */
export function rawSocket(server: { url: string }, workshopId: string, key: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${workshopId}?key=${key}`)
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}

/** The stored document, read straight from storage (not from the live room). */
export async function storedDoc(server: RunningServer, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of await server.storage.load(id)) Y.applyUpdate(doc, update)
  return doc
}

/**
 * A server and its clients for one test file: everything started through it is closed
 * and removed after each test.
 */
export function testWorkshops() {
  const started: TestServer[] = []
  const clients: Client[] = []
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy())
    for (const server of started.splice(0)) {
      await server.close()
      removeDir(server.dataDir)
    }
  })
  return {
    async start(env: Record<string, string> = {}): Promise<TestServer> {
      const server = await startTestServer(env)
      started.push(server)
      return server
    },
    connect(server: TestServer, workshopId: string, key: string): Client {
      const client = connect(server, workshopId, key)
      clients.push(client)
      return client
    },
  }
}
