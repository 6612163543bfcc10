/** Starts real servers on free ports and connects stock y-websocket clients to them. */
import { mkdtempSync, rmSync } from 'node:fs'
import { crc32, deflateSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { configFromEnv, createLogger, startServer, type RunningServer, type StartOptions } from '@sfs/server'
import { getRecordsMap, putRecord, readAllRecords, readRecord, richTextToPlain, type JsonRecord, type Person } from '@sfs/shared'
import { note as fixtureNote } from '@sfs/boards/fixtures'
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

/** The first board (page) of a synced workshop document. */
export function firstBoard(doc: Y.Doc): string {
  const page = readAllRecords(doc).find((r) => r.typeName === 'page')
  if (!page) throw new Error('the document has no board yet')
  return page.id
}

/** A note as tldraw stores it, on `board`. */
export function noteOn(board: string, id: string, text: string, x = 100, y = 100): JsonRecord {
  return fixtureNote(text, x, y, board, { id })
}

let inZone = 0

/** Puts a note with its centre in the middle of a zone of the board of `kind` (each a pixel further, so none is hidden under another). */
export function noteIn(doc: Y.Doc, kind: string, zone: string, text: string, meta: Record<string, unknown> = {}): JsonRecord {
  const records = readAllRecords(doc)
  const page = records.find((r) => r.typeName === 'page' && (r.meta as { boardKind?: string }).boardKind === kind)
  const area = page && records.find((r) => r.parentId === page.id && (r.meta as { zone?: string }).zone === zone)
  if (!page || !area) throw new Error(`no zone ${zone} on a ${kind} board`)
  const { w, h } = area.props as { w: number; h: number }
  const n = ++inZone
  const record: JsonRecord = { ...noteOn(page.id, `shape:in-zone-${n}`, text, Number(area.x) + w / 2 - 100 + n, Number(area.y) + h / 2 - 100), meta }
  doc.transact(() => putRecord(getRecordsMap(doc), record))
  return record
}

/** A note on the document's first board. */
export function note(doc: Y.Doc, id: string, text: string, x = 100, y = 100): JsonRecord {
  return noteOn(firstBoard(doc), id, text, x, y)
}

/** The plain text of a note, or undefined when the document does not hold it. */
export function noteText(doc: Y.Doc, id: string): string | undefined {
  const record = readRecord(getRecordsMap(doc), id)
  const props = record?.props as { richText?: unknown } | undefined
  return props?.richText ? richTextToPlain(props.richText as never) : undefined
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  synced: Promise<void>
  destroy(): void
}

/** A stock y-websocket client, as any third-party tool would connect. */
export function connect(server: { url: string }, workshopId: string, key: string, doc = new Y.Doc(), token?: string): Client {
  const provider = stockProvider(server.url.replace('http', 'ws') + '/sync', workshopId, doc, { key, token, maxBackoffTime: 200 })
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

/**
 * Connects a stock client with `key` (and a person's `token`), lets it make one change, and
 * resolves with the close code the server answered with (0 if it kept the connection open for `graceMs`).
 */
export async function attempt(server: { url: string }, workshopId: string, key: string, change: (doc: Y.Doc) => void, graceMs = 1000, token?: string): Promise<number> {
  const client = connect(server, workshopId, key, new Y.Doc(), token)
  try {
    await client.synced
    const closed = new Promise<number>((resolve) => {
      client.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1))
      setTimeout(() => resolve(0), graceMs)
    })
    change(client.doc)
    return await closed
  } finally {
    client.destroy()
  }
}

/** Remembers whether `seen` was ever true of any of the documents, checked after every change they get. */
export function watchFor(docs: Y.Doc[], seen: (doc: Y.Doc) => boolean): { ever(): boolean; stop(): void } {
  let ever = false
  const check = (doc: Y.Doc) => () => {
    if (seen(doc)) ever = true
  }
  const handlers = docs.map((doc) => [doc, check(doc)] as const)
  for (const [doc, handler] of handlers) doc.on('afterTransaction', handler)
  return {
    ever: () => ever,
    stop: () => handlers.forEach(([doc, handler]) => doc.off('afterTransaction', handler)),
  }
}

/** A new person in the workshop: their user id and personal token, as a browser gets them on first join. */
export async function joinAsPerson(server: { url: string }, workshopId: string, key: string): Promise<Person> {
  const response = await fetch(`${server.url}/api/workshops/${workshopId}/people`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } })
  if (response.status !== 201) throw new Error(`people: ${response.status} ${await response.text()}`)
  return (await response.json()) as Person
}

/** A sync update message, framed as y-websocket frames it, around raw update bytes. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1 messages each raw socket has received: the server sends one on joining, and one more for each resync it asks for. */
const step1Received = new WeakMap<WebSocket, number>()
const STEP1_EVENT = 'sfs:sync-step1'

/** A raw WebSocket to the sync endpoint, for sending what no well-behaved client would. */
export function rawSocket(server: { url: string }, workshopId: string, key: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${workshopId}?key=${key}`)
  step1Received.set(socket, 0)
  socket.on('message', (data: Buffer) => {
    if (data[0] !== 0 || data[1] !== 0) return
    step1Received.set(socket, (step1Received.get(socket) ?? 0) + 1)
    socket.emit(STEP1_EVENT)
  })
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}

/**
 * Sends one message on a raw socket and resolves with what the server did within `waitMs`:
 * the close code; 4409 (out of step) also when it dropped an update that builds on data it
 * lacks and asked for that data instead (a second sync step 1); 0 when it kept quiet.
 */
export async function outcomeOf(socket: WebSocket, message: Uint8Array, waitMs: number): Promise<number> {
  const closed = closeOf(socket).then((c) => c.code)
  let onStep1 = () => {}
  // The join's own step 1 may still be on its way: a resync is the second.
  const resynced = new Promise<number>((resolve) => {
    onStep1 = () => {
      if ((step1Received.get(socket) ?? 0) >= 2) resolve(4409)
    }
    socket.on(STEP1_EVENT, onStep1)
  })
  socket.send(message)
  let timer: NodeJS.Timeout | undefined
  const quiet = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), waitMs)))
  try {
    return await Promise.race([closed, resynced, quiet])
  } finally {
    socket.off(STEP1_EVENT, onStep1)
    clearTimeout(timer)
  }
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
    connect(server: TestServer, workshopId: string, key: string, token?: string): Client {
      const client = connect(server, workshopId, key, new Y.Doc(), token)
      clients.push(client)
      return client
    },
  }
}

/** A whole, valid PNG of one colour (RGBA), as a browser would send it. */
export function pngOf(width: number, height: number, rgba: [number, number, number, number] = [0, 0, 0, 0]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgba).flat())])
  const pixels = Buffer.concat(Array.from({ length: height }, () => row))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))])
}
