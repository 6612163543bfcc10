import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SqliteStorage } from './sqlite.ts'

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'sfs-sqlite-'))
const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })

describe('a database made by an earlier version', () => {
  it('a database made before retention existed gets its column on start, and keeps its workshops', async () => {
    const dir = tempDataDir()
    const file = join(dir, 'workshops.sqlite')
    const old = new Database(file)
    old.exec(`CREATE TABLE workshops (id TEXT PRIMARY KEY, facilitator_key_hash TEXT NOT NULL, participant_key TEXT NOT NULL, viewer_key TEXT NOT NULL, created_at TEXT NOT NULL, last_activity_at TEXT NOT NULL)`)
    old.prepare('INSERT INTO workshops VALUES (?, ?, ?, ?, ?, ?)').run('w1', 'h', 'p', 'v', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')
    old.close()
    const storage = new SqliteStorage(file)
    try {
      expect(await storage.getWorkshop('w1')).toMatchObject({ id: 'w1', keepUntil: null })
      await storage.setKeepUntil('w1', '2030-01-01T00:00:00.000Z')
      expect(await storage.expiredWorkshops('2026-01-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')).toEqual([])
      expect(await storage.expiredWorkshops('2026-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z')).toEqual(['w1'])
    } finally {
      await storage.close()
      removeDir(dir)
    }
  })
})
