/** `npm run backup` on a server people are writing to, and `npm run restore` of that backup. */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { startOurs } from '../support/servers.ts'
import { waitFor } from './helpers.ts'
import { keepWriting, noteIds, serverProcesses } from './server-process.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
const processes = serverProcesses()

/** Runs one of the npm scripts' commands, as `npm run <script> -- <file>` would, and what it printed. */
function run(script: 'backup' | 'restore', file: string, dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `server/src/cli/${script}.ts`, file], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  return new Promise((done) => child.on('exit', (code) => done({ code, output })))
}

it('a backup taken while people write holds every note acknowledged before it; restored, the server opens with them', async () => {
  const running = await processes.start('Säkerhetskopia')
  const backups = processes.tempDir()
  const [writer, observer] = [running.open(), running.open()]
  await Promise.all([writer.synced, observer.synced])
  const writing = keepWriting(writer, 'w', 5)
  try {
    await waitFor(() => noteIds(observer.doc).size > 30, 'notes reaching the observer')
    // What the observer holds, the server stored before it sent it on.
    const acknowledged = noteIds(observer.doc)
    const file = join(backups, 'kopia.sqlite')
    const made = await run('backup', file, running.dataDir)
    expect(made.output).toContain('Backed up 1 workshops')
    expect(made.code).toBe(0)
    expect((await run('backup', file, running.dataDir)).output).toContain('exists already')

    // Nor can a second server be started on the same data.
    await expect(startOurs(running.dataDir)).rejects.toThrow(/Another server \(process \d+\) is using/)
    const refused = await run('restore', file, running.dataDir)
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('Stop it first')
    writing.stop()
    await running.stop()

    const restored = await run('restore', file, running.dataDir)
    expect(restored.code).toBe(0)
    expect(restored.output).toContain('Restored 1 workshops')
    expect(readdirSync(running.dataDir).some((name) => name.startsWith('workshops.sqlite.before-restore-'))).toBe(true)

    for (const client of [writer, observer]) client.provider.disconnect()
    await running.restart()
    const fresh = running.open()
    await fresh.synced
    const back = noteIds(fresh.doc)
    expect([...acknowledged].filter((id) => !back.has(id))).toEqual([])
  } finally {
    writing.stop()
  }
}, 60_000)

it('a backup of a directory without data, or a restore of a file that is not a backup, says so and changes nothing', async () => {
  const empty = processes.tempDir()
  const other = processes.tempDir()
  const none = await run('backup', join(other, 'x.sqlite'), empty)
  expect(none.code).toBe(1)
  expect(none.output).toContain('There is no database')
  const notBackup = join(repoRoot, 'package.json')
  const wrong = await run('restore', notBackup, empty)
  expect(wrong.code).toBe(1)
  expect(wrong.output).toContain('not a readable workshop database')
  expect(existsSync(join(empty, 'workshops.sqlite'))).toBe(false)
}, 30_000)
