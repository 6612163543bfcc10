/**
 * Our server as its own process (from its source, as the tests run before any build), holding one workshop, with stock
 * clients on it: for tests that kill, stop, restart or back up the process itself.
 * Everything is stopped and removed after each test.
 */
import { afterEach } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, putRecord } from '@sfs/shared'
import { startOurs, type ServerProcess } from '../support/servers.ts'
import { connect, createWorkshop, firstBoard, noteOn, removeDir, tempDataDir, type Client } from './helpers.ts'

export const noteIds = (doc: Y.Doc) => new Set([...getRecordsMap(doc).keys()].filter((id) => id.startsWith('shape:')))

/** A client that writes a small note every `everyMs` until stopped, online or not. */
export function keepWriting(client: Client, name: string, everyMs = 3) {
  const board = firstBoard(client.doc)
  let n = 0
  const timer = setInterval(() => {
    n++
    client.doc.transact(() => putRecord(getRecordsMap(client.doc), noteOn(board, `shape:${name}-${n}`, `${name} ${n}`, n * 10, 0)))
  }, everyMs)
  return { stop: () => clearInterval(timer), written: () => n }
}

export function serverProcesses() {
  let server: ServerProcess | null = null
  const dirs: string[] = []
  const clients: Client[] = []
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy())
    await server?.stop()
    server = null
    dirs.splice(0).forEach(removeDir)
  })
  return {
    /** A directory removed after the test. */
    tempDir(): string {
      const dir = tempDataDir()
      dirs.push(dir)
      return dir
    },
    /** Starts the server on a new data directory, with one workshop, and a way to open clients on it. */
    async start(title = 'Arbetspass') {
      const dataDir = this.tempDir()
      server = await startOurs(dataDir)
      const port = Number(new URL(server.httpUrl).port)
      const at = { url: server.httpUrl }
      const workshop = await createWorkshop(at, { title })
      return {
        dataDir,
        workshop,
        process: () => server!,
        open(): Client {
          const client = connect(at, workshop.id, workshop.participantKey)
          clients.push(client)
          return client
        },
        /** SIGTERM, as systemd or an upgrade stops it. */
        async stop() {
          await server?.stop()
          server = null
        },
        /** SIGKILL: nothing flushed, as in a crash. */
        async kill() {
          await server?.kill()
          server = null
        },
        /** Starts it again on the same port and data, so clients reconnect to it by themselves. */
        async restart() {
          server = await startOurs(dataDir, {}, port)
        },
      }
    },
  }
}
