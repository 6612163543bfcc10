/**
 * Run by idle-memory.test.ts as `node --expose-gc --import tsx tests/support/idle-memory.ts`:
 * a server in this process, a workshop of 1,000 notes loaded and left three times, and the
 * heap after each step. Prints one JSON line.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { createWorkshop, sleep, stockProvider, whenSynced } from './clients.ts'
import { configFromEnv, createLogger, startServer } from '@sfs/server'
import { getRecordsMap, putRecord, readAllRecords, type CreatedWorkshop } from '@sfs/shared'
import { note } from '@sfs/boards/fixtures'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

async function heapMB(): Promise<number> {
  // Several passes: some memory is only freed once finalizers have run.
  for (let i = 0; i < 4; i++) {
    gc!()
    await sleep(20)
  }
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 100) / 100
}

const dataDir = mkdtempSync(join(tmpdir(), 'sfs-idle-'))
let unloads = 0
const server = await startServer(configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, UNLOAD_AFTER_MS: '50', CLIENT_DIR: '/nonexistent' }), {
  log: createLogger('debug', (line) => line.includes('"room.unloaded"') && unloads++),
})

const create = () => createWorkshop(server, { title: 'Minne', city: 'Malmö', boards: ['swot'] })

/** Connects, optionally writes notes, and returns a way to leave. */
async function visit(w: CreatedWorkshop, notes = 0): Promise<() => void> {
  const doc = new Y.Doc()
  const provider = stockProvider(`${server.url.replace('http', 'ws')}/sync`, w.id, doc, { key: w.participantKey })
  await whenSynced(provider)
  const board = readAllRecords(doc).find((r) => r.typeName === 'page')?.id ?? ''
  for (let i = 0; i < notes; i++) doc.transact(() => putRecord(getRecordsMap(doc), note(`Lapp ${i} `.repeat(8), (i % 40) * 220, Math.floor(i / 40) * 220, board, { id: `shape:n${i}` })))
  return () => {
    provider.destroy()
    doc.destroy()
  }
}

/** Keeps the workshop loaded with a bare connection that holds no copy of its own. */
async function holdOpen(w: CreatedWorkshop): Promise<() => void> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${w.id}?key=${w.participantKey}`)
  // The server's first message (its SyncStep1) comes once the workshop is loaded.
  await new Promise((r) => socket.once('message', r))
  return () => socket.close()
}

/** Leaves and waits until the server has unloaded the workshop. */
async function leave(goodbye: () => void): Promise<void> {
  const before = unloads
  goodbye()
  while (unloads === before) await sleep(20)
}

// Warm up every code path once, so that the baseline holds what stays loaded anyway.
const warm = await create()
await leave(await visit(warm, 20))
const baseline = await heapMB()

const w = await create()
await leave(await visit(w, 1000))
const cycles: { loaded: number; idle: number }[] = []
for (let cycle = 0; cycle < 3; cycle++) {
  const goodbye = await holdOpen(w)
  const loaded = await heapMB()
  await leave(goodbye)
  cycles.push({ loaded, idle: await heapMB() })
}

await server.close()
rmSync(dataDir, { recursive: true, force: true })
process.stdout.write(JSON.stringify({ baseline, cycles }) + '\n', () => process.exit(0))
