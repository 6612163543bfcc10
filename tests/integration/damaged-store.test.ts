import { spawn } from 'node:child_process'
import { closeSync, copyFileSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { getRecordsMap, putRecord } from '@sfs/shared'
import { DamagedStoreError } from '@sfs/server'
import { createWorkshop, firstBoard, noteOn, removeDir, startTestServer, tempDataDir, waitFor, connect, storedDoc } from './helpers.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(removeDir))

/** A data directory with a real database of a few workshops with notes, the server stopped. */
async function storeWithWorkshops(): Promise<string> {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  const s = await startTestServer({}, { dataDir })
  for (let i = 0; i < 4; i++) {
    const w = await createWorkshop(s, { title: `Arbetspass ${i}`, boards: ['swot', 'mindmap', 'huxham'] })
    const client = connect(s, w.id, w.participantKey)
    await client.synced
    client.doc.transact(() => {
      for (let n = 0; n < 30; n++) putRecord(getRecordsMap(client.doc), noteOn(firstBoard(client.doc), `shape:n${n}`, `Lapp ${n} ${'text '.repeat(20)}`, n * 10, n * 10))
    })
    await waitFor(async () => getRecordsMap(await storedDoc(s, w.id)).has('shape:n29'), 'stored')
    client.destroy()
  }
  await s.close()
  return dataDir
}

/** A copy of the data directory, damaged by `damage(file)`. */
function damagedCopy(dataDir: string, damage: (file: string) => void): string {
  const copy = tempDataDir()
  dirs.push(copy)
  const file = join(copy, 'workshops.sqlite')
  copyFileSync(join(dataDir, 'workshops.sqlite'), file)
  damage(file)
  return copy
}

const PAGE = 4096
/** Deterministic bytes, so that a failure can be replayed. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  return bytes
}

const DAMAGES: Record<string, (file: string) => void> = {
  'a bad header': (file) => {
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.from('This is not SQLite'), 0, 18, 0)
    closeSync(fd)
  },
  'a truncated file': (file) => truncateSync(file, Math.floor(statSync(file).size / 2 / PAGE) * PAGE + 100),
  'random pages': (file) => {
    const fd = openSync(file, 'r+')
    const pages = Math.floor(statSync(file).size / PAGE)
    for (let page = 1; page < pages; page += 3) writeSync(fd, noise(PAGE, page), 0, PAGE, page * PAGE)
    closeSync(fd)
  },
  'an empty file': (file) => writeFileSync(file, ''),
}

describe('a damaged database', () => {
  it('each kind of damage stops the server at start with a clear message, and the file is not written to', async () => {
    const dataDir = await storeWithWorkshops()
    for (const [kind, damage] of Object.entries(DAMAGES)) {
      const copy = damagedCopy(dataDir, damage)
      const before = readFileSync(join(copy, 'workshops.sqlite'))
      const started = startTestServer({}, { dataDir: copy })
      await expect(started, kind).rejects.toBeInstanceOf(DamagedStoreError)
      await expect(started, kind).rejects.toThrow(/damaged.*npm run restore/s)
      expect(readFileSync(join(copy, 'workshops.sqlite')).equals(before), `${kind}: the damaged file is left as it was`).toBe(true)
    }
    // The undamaged original still opens, with its workshops.
    const s = await startTestServer({}, { dataDir })
    expect(await s.storage.list()).toHaveLength(4)
    await s.close()
  })

  it('npm start on a damaged database prints what to do, without a stack trace, and exits', async () => {
    const copy = damagedCopy(await storeWithWorkshops(), DAMAGES['a bad header']!)
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: repoRoot, env: { ...process.env, DATA_DIR: copy, PORT: '0', HOST: '127.0.0.1', CLIENT_DIR: '/nonexistent' } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const code = await new Promise<number | null>((done) => child.on('exit', done))
    expect(code).toBe(1)
    expect(output).toContain('could not start')
    expect(output).toContain('is damaged')
    expect(output).toContain('npm run restore')
    expect(output).not.toMatch(/^\s+at /m)
  }, 30_000)
})
