import { expect, it } from 'vitest'
import { copyFileSync, fsyncSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SqliteStorage } from './sqlite.ts'

/** Rows of a document in the database file alone, as if its write-ahead log were lost. */
function rowsInFileAlone(file: string, copy: string): number {
  copyFileSync(file, copy)
  const db = new Database(copy)
  try {
    return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM updates WHERE doc_id = 'doc'").get()!.n
  } catch {
    return 0 // not even the table has reached the file yet
  } finally {
    db.close()
    rmSync(`${copy}-wal`, { force: true })
    rmSync(`${copy}-shm`, { force: true })
  }
}

it('moves the write-ahead log into the database file in the background', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfs-checkpoint-'))
  const file = join(dir, 'workshops.sqlite')
  const store = new SqliteStorage(file, { checkpointEveryMs: 50 })
  try {
    for (let i = 0; i < 100; i++) await store.append('doc', new Uint8Array([i]))
    const deadline = Date.now() + 5000
    while (rowsInFileAlone(file, join(dir, 'copy.sqlite')) < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    expect(rowsInFileAlone(file, join(dir, 'copy.sqlite'))).toBe(100)
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

it('copies the log into the file only after its fsync, which runs off the event loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfs-checkpoint-'))
  const file = join(dir, 'workshops.sqlite')
  const held: (() => void)[] = []
  let holding = true
  const fsync = (fd: number, done: (err: Error | null) => void) => {
    const run = () => {
      fsyncSync(fd)
      done(null)
    }
    if (holding) held.push(run)
    else run()
  }
  const store = new SqliteStorage(file, { checkpointEveryMs: 20, fsync })
  try {
    for (let i = 0; i < 100; i++) await store.append('doc', new Uint8Array([i]))
    await new Promise((r) => setTimeout(r, 200))
    expect(held.length).toBeGreaterThan(0)
    expect(rowsInFileAlone(file, join(dir, 'copy.sqlite'))).toBe(0)
    holding = false
    for (const release of held.splice(0)) release()
    const deadline = Date.now() + 5000
    while (rowsInFileAlone(file, join(dir, 'copy.sqlite')) < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    expect(rowsInFileAlone(file, join(dir, 'copy.sqlite'))).toBe(100)
  } finally {
    holding = false
    for (const release of held.splice(0)) release()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
