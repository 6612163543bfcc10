import Database from 'better-sqlite3'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { DocumentGoneError, type RecordStamp, type SealedNote, type SnapshotInfo, type SnapshotReason, type Storage, type WorkshopRow } from './types.ts'
import { workshopFromRow, type WorkshopSqlRow } from './rows.ts'
import { GroupCommit, type Fsync } from './group-commit.ts'
import { Checkpointer } from './checkpointer.ts'

/**
 * Rows that belong to a workshop are only written while its row exists: a write that
 * interleaves with a deletion leaves nothing behind, whichever comes first.
 */
const WORKSHOP_EXISTS = 'EXISTS (SELECT 1 FROM workshops WHERE id = ?)'

function refusedWhenGone<T extends Database.RunResult>(result: T, workshopId: string): T {
  if (result.changes === 0) throw new DocumentGoneError(workshopId)
  return result
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  facilitator_key_hash TEXT NOT NULL,
  participant_key TEXT NOT NULL,
  viewer_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_activity_at TEXT NOT NULL,
  keep_until TEXT
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc_id, seq);
CREATE TABLE IF NOT EXISTS people (
  workshop_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workshop_id, user_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS people_by_token ON people (workshop_id, token_hash);
CREATE TABLE IF NOT EXISTS client_owners (
  workshop_id TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (workshop_id, client_id)
);
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workshop_id TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_workshop ON snapshots (workshop_id, id);
CREATE TABLE IF NOT EXISTS votes (
  workshop_id TEXT NOT NULL,
  board_id TEXT NOT NULL,
  voter TEXT NOT NULL,
  note_id TEXT NOT NULL,
  dots INTEGER NOT NULL,
  PRIMARY KEY (workshop_id, board_id, voter, note_id)
);
CREATE TABLE IF NOT EXISTS sealed_notes (
  workshop_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  board_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (workshop_id, note_id)
);
CREATE TABLE IF NOT EXISTS record_times (
  workshop_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (workshop_id, record_id)
);
`

/** The store's file is damaged: the server must not start on it, nor write to it. */
export class DamagedStoreError extends Error {
  override name = 'DamagedStoreError'
  constructor(file: string, what: string) {
    super(
      `The workshop database ${file} is damaged (${what}). The server did not start and has not written to it.\n` +
        'Restore the latest backup with `npm run restore -- BACKUP_FILE` (see the README, "Backups"), then start again.\n' +
        'Keep a copy of the damaged file: some workshops may still be recovered from it.',
    )
  }
}

/**
 * Opens the database and checks it before anything is served from it. A file that exists
 * but is empty is damage too: SQLite would silently start a new, empty database on it.
 */
function openChecked(file: string): Database.Database {
  if (file === ':memory:') return new Database(file)
  if (existsSync(file) && statSync(file).size === 0) throw new DamagedStoreError(file, 'the file is empty')
  let db: Database.Database | null = null
  try {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(String(check))
    return db
  } catch (err) {
    db?.close()
    const why = err instanceof Error ? err.message : String(err)
    throw new DamagedStoreError(file, why.split('\n')[0]!.slice(0, 200))
  }
}

/** Columns added after the first release: a database made by an older version gets them on start. */
function addMissingColumns(db: Database.Database): void {
  const columns = new Set((db.pragma('table_info(workshops)') as { name: string }[]).map((c) => c.name))
  if (!columns.has('keep_until')) db.exec('ALTER TABLE workshops ADD COLUMN keep_until TEXT')
}


/**
 * When a write counts as stored, so that an update may be broadcast:
 * - `written`: committed to SQLite's write-ahead log, so it survives a crash of the server
 *   process; the fsync that makes it survive a power cut follows within 50 ms, off the event loop.
 * - `flushed`: only after that fsync too.
 * Either way the clients keep their own copy and resend whatever the server lacks.
 */
export type Durability = 'written' | 'flushed'

/**
 * In `written` mode an fsync starts at most this often: writes made meanwhile share it. Under
 * the bench's load (200 writes a second) that is 18 fsyncs a second instead of 160, for the
 * same latency; a power cut can take at most this much more of what the clients still hold.
 */
const WRITTEN_FSYNC_GAP_MS = 50
/** Workshops whose record-time count is kept in memory before the counts are forgotten and redone. */
const MAX_COUNTED_WORKSHOPS = 1000

export interface SqliteOptions {
  durability?: Durability
  /** Told when work in the background fails: an fsync (in `written` mode; in `flushed` mode the write fails) or a checkpoint. */
  onBackgroundError?(err: unknown): void
  /** How often the write-ahead log is moved into the database file. */
  checkpointEveryMs?: number
  /** Replaces the file system's fsync, for tests of when writes count as stored. */
  fsync?: Fsync
}

/**
 * The embedded default store. Commits only write the WAL (synchronous=NORMAL); GroupCommit
 * fsyncs it off the event loop, and the Checkpointer moves it into the database file once a second,
 * so the server waits for the disk only for a moment, once a second (see Checkpointer).
 */
export class SqliteStorage implements Storage {
  private db: Database.Database
  private stmts
  private commits: GroupCommit | null
  private checkpointer: Checkpointer | null
  private watchedFlush: Promise<void> | null = null
  /**
   * How many record times each workshop holds, counted once and then kept up to date: every
   * note created checks the bound, and counting the rows each time costs as many as there are.
   */
  private readonly recordTimeCounts = new Map<string, number>()
  private readonly options: SqliteOptions
  private readonly file: string
  readonly appendAtOnce?: (docId: string, update: Uint8Array) => void

  constructor(file: string, options: SqliteOptions = {}) {
    this.file = file
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.options = options
    this.db = openChecked(file)
    this.db.pragma('synchronous = NORMAL')
    // better-sqlite3 builds SQLite with a 16 MB page cache; SQLite's own 2 MB holds what appends and
    // loads touch, and the rest stays in the OS's file cache instead of the server's memory.
    this.db.pragma('cache_size = -2000')
    this.db.pragma('secure_delete = ON')
    this.db.exec(SCHEMA)
    addMissingColumns(this.db)
    const inFile = file !== ':memory:'
    this.commits = inFile ? new GroupCommit(`${file}-wal`, { fsyncFile: options.fsync, gapMs: this.options.durability === 'flushed' ? 0 : WRITTEN_FSYNC_GAP_MS }) : null
    if (inFile) this.db.pragma('wal_autocheckpoint = 0')
    this.checkpointer = this.commits
      ? new Checkpointer(this.db, {
          everyMs: options.checkpointEveryMs ?? 1000,
          logDurable: () => this.commits!.durable(),
          onError: (err) => options.onBackgroundError?.(err),
        })
      : null
    if (options.durability !== 'flushed') {
      this.appendAtOnce = (docId, update) => {
        this.stmts.append.run(docId, update)
        void this.stored()
      }
    }
    this.stmts = {
      load: this.db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE doc_id = ? ORDER BY seq'),
      append: this.db.prepare<[string, Uint8Array]>('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
      deleteDoc: this.db.prepare<[string]>('DELETE FROM updates WHERE doc_id = ?'),
      listDocs: this.db.prepare<[], { doc_id: string }>('SELECT DISTINCT doc_id FROM updates'),
      insertWorkshop: this.db.prepare(
        `INSERT INTO workshops (id, facilitator_key_hash, participant_key, viewer_key, created_at, last_activity_at, keep_until)
         VALUES (@id, @facilitatorKeyHash, @participantKey, @viewerKey, @createdAt, @lastActivityAt, @keepUntil)`,
      ),
      getWorkshop: this.db.prepare<[string], WorkshopSqlRow>('SELECT * FROM workshops WHERE id = ?'),
      touchWorkshop: this.db.prepare<[string, string]>('UPDATE workshops SET last_activity_at = ? WHERE id = ?'),
      deleteWorkshop: this.db.prepare<[string]>('DELETE FROM workshops WHERE id = ?'),
      setKeepUntil: this.db.prepare<[string | null, string]>('UPDATE workshops SET keep_until = ? WHERE id = ?'),
      expired: this.db.prepare<[string, string], { id: string }>(
        'SELECT id FROM workshops WHERE last_activity_at < ? AND (keep_until IS NULL OR keep_until < ?) ORDER BY last_activity_at',
      ),
      setDots: this.db.prepare<[string, string, string, string, number, string]>(
        `INSERT INTO votes (workshop_id, board_id, voter, note_id, dots) SELECT ?, ?, ?, ?, ? WHERE ${WORKSHOP_EXISTS}
         ON CONFLICT (workshop_id, board_id, voter, note_id) DO UPDATE SET dots = excluded.dots`,
      ),
      removeDots: this.db.prepare<[string, string, string, string]>('DELETE FROM votes WHERE workshop_id = ? AND board_id = ? AND voter = ? AND note_id = ?'),
      ballot: this.db.prepare<[string, string, string], { note_id: string; dots: number }>(
        'SELECT note_id, dots FROM votes WHERE workshop_id = ? AND board_id = ? AND voter = ?',
      ),
      tally: this.db.prepare<[string, string], { note_id: string; dots: number }>(
        'SELECT note_id, SUM(dots) AS dots FROM votes WHERE workshop_id = ? AND board_id = ? GROUP BY note_id',
      ),
      voteProgress: this.db.prepare<[string, string], { voters: number; placed: number }>(
        'SELECT COUNT(DISTINCT voter) AS voters, COALESCE(SUM(dots), 0) AS placed FROM votes WHERE workshop_id = ? AND board_id = ? AND dots > 0',
      ),
      allBallots: this.db.prepare<[string], { board_id: string; voter: string; note_id: string; dots: number }>(
        'SELECT board_id, voter, note_id, dots FROM votes WHERE workshop_id = ? ORDER BY board_id, voter, note_id',
      ),
      clearBoardVotes: this.db.prepare<[string, string]>('DELETE FROM votes WHERE workshop_id = ? AND board_id = ?'),
      clearWorkshopVotes: this.db.prepare<[string]>('DELETE FROM votes WHERE workshop_id = ?'),
      setParticipantKey: this.db.prepare<[string, string]>('UPDATE workshops SET participant_key = ? WHERE id = ?'),
      setViewerKey: this.db.prepare<[string, string]>('UPDATE workshops SET viewer_key = ? WHERE id = ?'),
      createPerson: this.db.prepare<[string, string, string, string, string]>(`INSERT INTO people (workshop_id, user_id, token_hash, created_at) SELECT ?, ?, ?, ? WHERE ${WORKSHOP_EXISTS}`),
      personByToken: this.db.prepare<[string, string], { user_id: string }>('SELECT user_id FROM people WHERE workshop_id = ? AND token_hash = ?'),
      countPeople: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM people WHERE workshop_id = ?'),
      deletePeople: this.db.prepare<[string]>('DELETE FROM people WHERE workshop_id = ?'),
      clientOwners: this.db.prepare<[string], { client_id: number; owner: string }>('SELECT client_id, owner FROM client_owners WHERE workshop_id = ?'),
      claimClient: this.db.prepare<[string, number, string]>('INSERT OR IGNORE INTO client_owners (workshop_id, client_id, owner) VALUES (?, ?, ?)'),
      deleteClientOwners: this.db.prepare<[string]>('DELETE FROM client_owners WHERE workshop_id = ?'),
      insertSnapshot: this.db.prepare<[string, string, string, Uint8Array, string]>(`INSERT INTO snapshots (workshop_id, taken_at, reason, data) SELECT ?, ?, ?, ? WHERE ${WORKSHOP_EXISTS}`),
      pruneSnapshots: this.db.prepare<[string, string, number]>(
        'DELETE FROM snapshots WHERE workshop_id = ? AND id NOT IN (SELECT id FROM snapshots WHERE workshop_id = ? ORDER BY id DESC LIMIT ?)',
      ),
      listSnapshots: this.db.prepare<[string], { id: number; taken_at: string; reason: SnapshotReason }>('SELECT id, taken_at, reason FROM snapshots WHERE workshop_id = ? ORDER BY id DESC'),
      loadSnapshot: this.db.prepare<[string, number], { data: Buffer }>('SELECT data FROM snapshots WHERE workshop_id = ? AND id = ?'),
      deleteSnapshots: this.db.prepare<[string]>('DELETE FROM snapshots WHERE workshop_id = ?'),
      sealNote: this.db.prepare<[string, string, string, string, string, string]>(
        `INSERT INTO sealed_notes (workshop_id, note_id, board_id, owner, record) SELECT ?, ?, ?, ?, ? WHERE ${WORKSHOP_EXISTS}
         ON CONFLICT (workshop_id, note_id) DO UPDATE SET board_id = excluded.board_id, owner = excluded.owner, record = excluded.record`,
      ),
      unsealNote: this.db.prepare<[string, string]>('DELETE FROM sealed_notes WHERE workshop_id = ? AND note_id = ?'),
      sealedOfWorkshop: this.db.prepare<[string], { board_id: string; note_id: string; owner: string; record: string }>(
        'SELECT board_id, note_id, owner, record FROM sealed_notes WHERE workshop_id = ? ORDER BY board_id, note_id',
      ),
      sealedOfBoard: this.db.prepare<[string, string], { board_id: string; note_id: string; owner: string; record: string }>(
        'SELECT board_id, note_id, owner, record FROM sealed_notes WHERE workshop_id = ? AND board_id = ? ORDER BY note_id',
      ),
      deleteSealedOfWorkshop: this.db.prepare<[string]>('DELETE FROM sealed_notes WHERE workshop_id = ?'),
      deleteSealedOfBoard: this.db.prepare<[string, string]>('DELETE FROM sealed_notes WHERE workshop_id = ? AND board_id = ?'),
      countRecordTimes: this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM record_times WHERE workshop_id = ?'),
      hasWorkshop: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM workshops WHERE id = ?'),
      stampRecord: this.db.prepare<[string, string, string]>('INSERT OR IGNORE INTO record_times (workshop_id, record_id, first_seen) VALUES (?, ?, ?)'),
      recordTimes: this.db.prepare<[string], { record_id: string; first_seen: string }>('SELECT record_id, first_seen FROM record_times WHERE workshop_id = ?'),
      deleteRecordTimes: this.db.prepare<[string]>('DELETE FROM record_times WHERE workshop_id = ?'),
    }
  }

  async load(docId: string): Promise<Uint8Array[]> {
    return this.stmts.load.all(docId).map((row) => new Uint8Array(row.data))
  }

  /** Resolves when what was just written counts as stored (see Durability). */
  private stored(): Promise<void> {
    this.checkpointer?.noteWrite()
    const flushed = this.commits?.durable()
    if (!flushed || this.options.durability === 'flushed') return flushed ?? Promise.resolve()
    // Writes made meanwhile share one fsync: its failure is reported once.
    if (flushed !== this.watchedFlush) {
      this.watchedFlush = flushed
      flushed.catch((err) => this.options.onBackgroundError?.(err))
    }
    return Promise.resolve()
  }

  // The writers are async so that an SQLite error reaches the caller as a rejection.
  async append(docId: string, update: Uint8Array): Promise<void> {
    this.stmts.append.run(docId, update)
    await this.stored()
  }

  async compact(docId: string, snapshot: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.deleteDoc.run(docId)
      this.stmts.append.run(docId, snapshot)
    })()
    await this.stored()
  }

  async delete(docId: string): Promise<void> {
    this.stmts.deleteDoc.run(docId)
    await this.stored()
  }

  async list(): Promise<string[]> {
    return this.stmts.listDocs.all().map((row) => row.doc_id)
  }

  async createWorkshop(row: WorkshopRow): Promise<void> {
    this.stmts.insertWorkshop.run(row)
    await this.stored()
  }

  async getWorkshop(id: string): Promise<WorkshopRow | null> {
    const row = this.stmts.getWorkshop.get(id)
    return row ? workshopFromRow(row) : null
  }

  async setKeepUntil(id: string, keepUntil: string | null): Promise<void> {
    this.stmts.setKeepUntil.run(keepUntil, id)
    await this.stored()
  }

  async expiredWorkshops(idleSince: string, now: string): Promise<string[]> {
    return this.stmts.expired.all(idleSince, now).map((row) => row.id)
  }

  async touchWorkshop(id: string, at: string): Promise<void> {
    this.stmts.touchWorkshop.run(at, id)
    this.checkpointer?.noteWrite()
  }

  async deleteWorkshop(id: string): Promise<void> {
    this.stmts.deleteWorkshop.run(id)
    this.recordTimeCounts.delete(id)
    await this.stored()
  }

  async setDots(workshopId: string, boardId: string, voter: string, noteId: string, count: number): Promise<void> {
    if (count > 0) refusedWhenGone(this.stmts.setDots.run(workshopId, boardId, voter, noteId, count, workshopId), workshopId)
    else this.stmts.removeDots.run(workshopId, boardId, voter, noteId)
    await this.stored()
  }

  async ballot(workshopId: string, boardId: string, voter: string): Promise<Record<string, number>> {
    return Object.fromEntries(this.stmts.ballot.all(workshopId, boardId, voter).map((r) => [r.note_id, r.dots]))
  }

  async tally(workshopId: string, boardId: string): Promise<Record<string, number>> {
    return Object.fromEntries(this.stmts.tally.all(workshopId, boardId).map((r) => [r.note_id, r.dots]))
  }

  async voteProgress(workshopId: string, boardId: string): Promise<{ voters: number; placed: number }> {
    const { voters, placed } = this.stmts.voteProgress.get(workshopId, boardId)!
    return { voters, placed }
  }

  async allBallots(workshopId: string): Promise<{ boardId: string; voter: string; noteId: string; dots: number }[]> {
    return this.stmts.allBallots.all(workshopId).map((r) => ({ boardId: r.board_id, voter: r.voter, noteId: r.note_id, dots: r.dots }))
  }

  async clearVotes(workshopId: string, boardId?: string): Promise<void> {
    if (boardId) this.stmts.clearBoardVotes.run(workshopId, boardId)
    else this.stmts.clearWorkshopVotes.run(workshopId)
    await this.stored()
  }

  async setKeys(id: string, keys: { participantKey?: string; viewerKey?: string }): Promise<void> {
    this.db.transaction(() => {
      if (keys.participantKey) this.stmts.setParticipantKey.run(keys.participantKey, id)
      if (keys.viewerKey) this.stmts.setViewerKey.run(keys.viewerKey, id)
    })()
    await this.stored()
  }

  async diskBytes(): Promise<number> {
    if (this.file === ':memory:') return 0
    let total = 0
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(this.file + suffix).size
      } catch {
        // No write-ahead log yet.
      }
    }
    return total
  }

  async saveSnapshot(workshopId: string, taken: Omit<SnapshotInfo, 'id'>, data: Uint8Array, keep: number): Promise<SnapshotInfo> {
    const id = this.db.transaction(() => {
      const { lastInsertRowid } = refusedWhenGone(this.stmts.insertSnapshot.run(workshopId, taken.takenAt, taken.reason, data, workshopId), workshopId)
      this.stmts.pruneSnapshots.run(workshopId, workshopId, keep)
      return Number(lastInsertRowid)
    })()
    await this.stored()
    return { id, ...taken }
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    return this.stmts.listSnapshots.all(workshopId).map((row) => ({ id: row.id, takenAt: row.taken_at, reason: row.reason }))
  }

  async loadSnapshot(workshopId: string, id: number): Promise<Uint8Array | null> {
    const row = this.stmts.loadSnapshot.get(workshopId, id)
    return row ? new Uint8Array(row.data) : null
  }

  async sealNote(workshopId: string, note: SealedNote): Promise<void> {
    refusedWhenGone(this.stmts.sealNote.run(workshopId, note.noteId, note.boardId, note.owner, note.record, workshopId), workshopId)
    await this.stored()
  }

  async unsealNote(workshopId: string, noteId: string): Promise<void> {
    this.stmts.unsealNote.run(workshopId, noteId)
    await this.stored()
  }

  async sealedNotes(workshopId: string, boardId?: string): Promise<SealedNote[]> {
    const rows = boardId ? this.stmts.sealedOfBoard.all(workshopId, boardId) : this.stmts.sealedOfWorkshop.all(workshopId)
    return rows.map((r) => ({ boardId: r.board_id, noteId: r.note_id, owner: r.owner, record: r.record }))
  }

  async deleteSealed(workshopId: string, boardId?: string): Promise<void> {
    if (boardId) this.stmts.deleteSealedOfBoard.run(workshopId, boardId)
    else this.stmts.deleteSealedOfWorkshop.run(workshopId)
    await this.stored()
  }

  async stampRecords(workshopId: string, stamps: readonly RecordStamp[], limit: number): Promise<number> {
    const stamp = this.db.transaction(() => {
      if (!this.stmts.hasWorkshop.get(workshopId)) throw new DocumentGoneError(workshopId)
      const held = this.recordTimeCounts.get(workshopId) ?? this.stmts.countRecordTimes.get(workshopId)!.n
      let stored = 0
      for (const [id, at] of stamps) {
        if (held + stored >= limit) break
        stored += this.stmts.stampRecord.run(workshopId, id, at).changes
      }
      return { held: held + stored, stored }
    })
    const { held, stored } = stamp()
    // Forgetting every count now and then keeps the map as small as the workshops in use: a count is cheap to redo.
    if (this.recordTimeCounts.size >= MAX_COUNTED_WORKSHOPS && !this.recordTimeCounts.has(workshopId)) this.recordTimeCounts.clear()
    this.recordTimeCounts.set(workshopId, held)
    await this.stored()
    return stored
  }

  async recordTimes(workshopId: string): Promise<Map<string, string>> {
    return new Map(this.stmts.recordTimes.all(workshopId).map((r) => [r.record_id, r.first_seen]))
  }

  async deleteRecordTimes(workshopId: string): Promise<void> {
    this.stmts.deleteRecordTimes.run(workshopId)
    this.recordTimeCounts.delete(workshopId)
    await this.stored()
  }

  async deleteSnapshots(workshopId: string): Promise<void> {
    this.stmts.deleteSnapshots.run(workshopId)
    await this.stored()
  }

  async createPerson(workshopId: string, userId: string, tokenHash: string, createdAt: string): Promise<void> {
    refusedWhenGone(this.stmts.createPerson.run(workshopId, userId, tokenHash, createdAt, workshopId), workshopId)
    await this.stored()
  }

  async personByToken(workshopId: string, tokenHash: string): Promise<string | null> {
    return this.stmts.personByToken.get(workshopId, tokenHash)?.user_id ?? null
  }

  async countPeople(workshopId: string): Promise<number> {
    return this.stmts.countPeople.get(workshopId)?.n ?? 0
  }

  async clientOwners(workshopId: string): Promise<Map<number, string>> {
    return new Map(this.stmts.clientOwners.all(workshopId).map((row) => [row.client_id, row.owner]))
  }

  async claimClients(workshopId: string, clients: number[], owner: string): Promise<void> {
    this.db.transaction(() => {
      // A claim already made is ignored, so no change cannot tell a gone workshop apart.
      if (!this.stmts.getWorkshop.get(workshopId)) throw new DocumentGoneError(workshopId)
      for (const client of clients) this.stmts.claimClient.run(workshopId, client, owner)
    })()
    await this.stored()
  }

  async deletePeople(workshopId: string): Promise<void> {
    this.db.transaction(() => {
      this.stmts.deletePeople.run(workshopId)
      this.stmts.deleteClientOwners.run(workshopId)
    })()
    await this.stored()
  }

  /**
   * secure_delete has zeroed the freed pages, but the write-ahead log still holds every
   * page as it was written: move it into the database file and truncate it. Another
   * process reading the file (a backup) holds the log for a moment, so this retries.
   */
  async scrub(): Promise<void> {
    if (this.file === ':memory:') return
    await this.commits?.durable()
    for (let attempt = 0; ; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[]
      if (result && result.busy === 0 && result.log === 0) return
      if (attempt >= 50) throw new Error('the write-ahead log could not be truncated: another connection holds it')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async close(): Promise<void> {
    await this.checkpointer?.close()
    await this.commits?.close()
    this.db.close()
  }
}
