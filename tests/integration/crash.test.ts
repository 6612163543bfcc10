/**
 * The server process is killed (SIGKILL: nothing flushed, no shutdown) while clients write.
 * Whatever it broadcast before it died must be there when it comes back, and what the
 * clients wrote while it was down must merge back in.
 */
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, putRecord } from '@sfs/shared'
import { startOurs, type ServerProcess } from '../support/servers.ts'
import { connect, createWorkshop, firstBoard, noteOn, removeDir, sleep, tempDataDir, waitFor, type Client } from './helpers.ts'

const noteIds = (doc: Y.Doc) => new Set([...getRecordsMap(doc).keys()].filter((id) => id.startsWith('shape:')))

let server: ServerProcess | null = null
let dataDir = ''
const clients: Client[] = []
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy())
  await server?.stop()
  removeDir(dataDir)
})

/** A client that writes a small note every few milliseconds until stopped, online or not. */
function keepWriting(client: Client, name: string) {
  const board = firstBoard(client.doc)
  let n = 0
  const timer = setInterval(() => {
    n++
    client.doc.transact(() => putRecord(getRecordsMap(client.doc), noteOn(board, `shape:${name}-${n}`, `${name} ${n}`, n * 10, 0)))
  }, 3)
  return { stop: () => clearInterval(timer) }
}

it('keeps every update it broadcast before a SIGKILL, and takes back what clients wrote while it was down', async () => {
  dataDir = tempDataDir()
  server = await startOurs(dataDir)
  const port = Number(new URL(server.httpUrl).port)
  const at = { url: server.httpUrl }
  const w = await createWorkshop(at)
  const open = () => {
    const client = connect(at, w.id, w.participantKey)
    clients.push(client)
    return client
  }
  const observer = open()
  const writers = [open(), open()]
  await Promise.all([observer, ...writers].map((c) => c.synced))

  const writing = writers.map((writer, i) => keepWriting(writer, `w${i}`))
  await waitFor(() => noteIds(observer.doc).size > 50, 'notes reaching the observer')
  await server.kill()
  // The observer only reads: everything it holds, the server broadcast before it died.
  await waitFor(() => !observer.provider.wsconnected, 'the observer noticing')
  const broadcast = noteIds(observer.doc)
  // Kept from reconnecting until the restarted server has been checked on its own.
  for (const client of [observer, ...writers]) client.provider.disconnect()

  await sleep(200) // the writers go on offline
  writing.forEach((w) => w.stop())
  const written = new Set(writers.flatMap((writer) => [...noteIds(writer.doc)]))
  expect(written.size).toBeGreaterThan(broadcast.size)

  server = await startOurs(dataDir, {}, port)
  const fresh = open()
  await fresh.synced
  const afterRestart = noteIds(fresh.doc)
  expect([...broadcast].filter((id) => !afterRestart.has(id))).toEqual([])

  for (const writer of writers) writer.provider.connect()
  await waitFor(() => noteIds(fresh.doc).size === written.size, 'the writers merging back', 10_000)
  expect([...written].filter((id) => !noteIds(fresh.doc).has(id))).toEqual([])
  // And it is stored: the server sends nothing on before storing it, so a crash right now keeps every note.
  await server.kill()
  server = await startOurs(dataDir, {}, port)
  const last = open()
  await last.synced
  expect(noteIds(last.doc)).toEqual(written)
}, 60_000)
