/** `npm run backup` on a server people are writing to, and `npm run restore` of that backup. */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, putRecord } from '@sfs/shared'
import { startOurs, type ServerProcess } from '../support/servers.ts'
import { connect, createWorkshop, firstBoard, noteOn, removeDir, tempDataDir, waitFor, type Client } from './helpers.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
const noteIds = (doc: Y.Doc) => new Set([...getRecordsMap(doc).keys()].filter((id) => id.startsWith('shape:')))

let server: ServerProcess | null = null
const dirs: string[] = []
const clients: Client[] = []
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy())
  await server?.stop()
  dirs.splice(0).forEach(removeDir)
})

/** Runs one of the npm scripts' commands, as `npm run <script> -- <file>` would, and what it printed. */
function run(script: 'backup' | 'restore', file: string, dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `server/src/cli/${script}.ts`, file], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  return new Promise((done) => child.on('exit', (code) => done({ code, output })))
}

it('a backup taken while people write holds every note acknowledged before it; restored, the server opens with them', async () => {
  const dataDir = tempDataDir()
  const backups = tempDataDir()
  dirs.push(dataDir, backups)
  server = await startOurs(dataDir)
  const port = Number(new URL(server.httpUrl).port)
  const at = { url: server.httpUrl }
  const w = await createWorkshop(at, { title: 'Säkerhetskopia' })
  const open = () => {
    const client = connect(at, w.id, w.participantKey)
    clients.push(client)
    return client
  }
  const [writer, observer] = [open(), open()]
  await Promise.all([writer.synced, observer.synced])
  const board = firstBoard(writer.doc)
  let n = 0
  const writing = setInterval(() => {
    n++
    writer.doc.transact(() => putRecord(getRecordsMap(writer.doc), noteOn(board, `shape:n${n}`, `Lapp ${n}`, n * 10, 0)))
  }, 5)
  try {
    await waitFor(() => noteIds(observer.doc).size > 30, 'notes reaching the observer')
    // What the observer holds, the server stored before it sent it on.
    const acknowledged = noteIds(observer.doc)
    const file = join(backups, 'kopia.sqlite')
    const made = await run('backup', file, dataDir)
    expect(made.output).toContain('Backed up 1 workshops')
    expect(made.code).toBe(0)
    expect((await run('backup', file, dataDir)).output).toContain('exists already')

    const refused = await run('restore', file, dataDir)
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('Stop it first')
    clearInterval(writing)
    await server.stop()
    server = null

    const restored = await run('restore', file, dataDir)
    expect(restored.code).toBe(0)
    expect(restored.output).toContain('Restored 1 workshops')
    expect(readdirSync(dataDir).some((name) => name.startsWith('workshops.sqlite.before-restore-'))).toBe(true)

    for (const client of [writer, observer]) client.provider.disconnect()
    server = await startOurs(dataDir, {}, port)
    const fresh = open()
    await fresh.synced
    const back = noteIds(fresh.doc)
    expect([...acknowledged].filter((id) => !back.has(id))).toEqual([])
  } finally {
    clearInterval(writing)
  }
}, 60_000)

it('a backup of a directory without data, or a restore of a file that is not a backup, says so and changes nothing', async () => {
  const empty = tempDataDir()
  const other = tempDataDir()
  dirs.push(empty, other)
  const none = await run('backup', join(other, 'x.sqlite'), empty)
  expect(none.code).toBe(1)
  expect(none.output).toContain('There is no database')
  const notBackup = join(repoRoot, 'package.json')
  const wrong = await run('restore', notBackup, empty)
  expect(wrong.code).toBe(1)
  expect(wrong.output).toContain('not a readable workshop database')
  expect(existsSync(join(empty, 'workshops.sqlite'))).toBe(false)
}, 30_000)
