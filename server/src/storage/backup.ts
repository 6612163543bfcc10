/**
 * Backups of the embedded store. A backup is SQLite's online backup of the live database: a
 * consistent copy taken while the server runs and people write. A restore puts one back while
 * the server is stopped, and keeps the database it replaces beside it.
 */
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readFileSync, renameSync, copyFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const DATABASE_FILE = 'workshops.sqlite'
/** Written by a running server, so that a restore does not pull the database from under it. */
export const LOCK_FILE = 'server.pid'

export class BackupError extends Error {
  override name = 'BackupError'
}

/** What a database holds, to say so after a backup or restore, and to tell a database from another file. */
function describe(file: string): { workshops: number } {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(String(check))
    const row = db.prepare('SELECT COUNT(*) AS n FROM workshops').get() as { n: number }
    return { workshops: row.n }
  } catch (err) {
    throw new BackupError(`${file} is not a readable workshop database (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).`)
  } finally {
    db?.close()
  }
}

export async function backup(dataDir: string, target: string): Promise<{ workshops: number; bytes: number }> {
  const source = join(dataDir, DATABASE_FILE)
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}: check DATA_DIR.`)
  if (existsSync(target)) throw new BackupError(`${target} exists already: choose a new file name, so no backup is overwritten.`)
  mkdirSync(dirname(target), { recursive: true })
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(target)
  } finally {
    db.close()
  }
  return { ...describe(target), bytes: statSync(target).size }
}

/** The pid in the lock file, if that process is alive. */
export function runningServer(dataDir: string): number | null {
  const lock = join(dataDir, LOCK_FILE)
  if (!existsSync(lock)) return null
  const pid = Number(readFileSync(lock, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null
  }
}

export function writeLock(dataDir: string): () => void {
  const lock = join(dataDir, LOCK_FILE)
  writeFileSync(lock, String(process.pid))
  return () => rmSync(lock, { force: true })
}

export function restore(dataDir: string, backupFile: string): { workshops: number; keptAside: string | null } {
  const pid = runningServer(dataDir)
  if (pid !== null) throw new BackupError(`The server is running (process ${pid}) on ${dataDir}. Stop it first, then restore.`)
  if (!existsSync(backupFile)) throw new BackupError(`There is no file ${backupFile}.`)
  const { workshops } = describe(backupFile)
  mkdirSync(dataDir, { recursive: true })
  const live = join(dataDir, DATABASE_FILE)
  let keptAside: string | null = null
  if (existsSync(live)) {
    keptAside = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(live, keptAside)
    for (const suffix of ['-wal', '-shm']) if (existsSync(live + suffix)) renameSync(live + suffix, keptAside + suffix)
  }
  copyFileSync(backupFile, live)
  return { workshops, keptAside }
}
