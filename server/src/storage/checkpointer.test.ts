import { expect, it } from 'vitest'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
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
