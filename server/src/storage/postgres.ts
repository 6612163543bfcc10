/**
 * The store for installations that run several cities on one database their IT department
 * already operates (DATABASE_URL). The same promises as SQLite: an update resolves only once
 * committed, compaction is atomic, deleting leaves no row behind. The server creates and
 * upgrades its tables itself on start.
 */
import pg from 'pg'
import * as Y from 'yjs'
import { DocumentGoneError, type RecordStamp, type SealedNote, type SharedDocumentStore, type SnapshotInfo, type SnapshotReason, type Storage, type WorkshopRow } from './types.ts'
import { workshopFromRow, type WorkshopSqlRow } from './rows.ts'

/** Bumped with each change below; a database at a lower version is upgraded step by step on start. */
const SCHEMA_STEPS: readonly string[] = [
  `CREATE TABLE workshops (
    id TEXT PRIMARY KEY,
    facilitator_key_hash TEXT NOT NULL,
    participant_key TEXT NOT NULL,
    viewer_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    keep_until TEXT
  );
  CREATE TABLE updates (
    doc_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (doc_id, seq)
  );
  CREATE TABLE people (
    workshop_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (workshop_id, user_id)
  );
  CREATE UNIQUE INDEX people_by_token ON people (workshop_id, token_hash);
  CREATE TABLE client_owners (
    workshop_id TEXT NOT NULL,
    client_id BIGINT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (workshop_id, client_id)
  );
  CREATE TABLE snapshots (
    id BIGSERIAL PRIMARY KEY,
    workshop_id TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    data BYTEA NOT NULL
  );
  CREATE INDEX snapshots_by_workshop ON snapshots (workshop_id, id);
  CREATE TABLE votes (
    workshop_id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    voter TEXT NOT NULL,
    note_id TEXT NOT NULL,
    dots INTEGER NOT NULL,
    PRIMARY KEY (workshop_id, board_id, voter, note_id)
  );`,
  `CREATE TABLE sealed_notes (
    workshop_id TEXT NOT NULL,
    note_id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (workshop_id, note_id)
  );`,
  `CREATE TABLE record_times (
    workshop_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (workshop_id, record_id)
  );`,
]

const TABLES = ['workshops', 'updates', 'people', 'client_owners', 'snapshots', 'votes', 'sealed_notes', 'record_times'] as const

/** One key for all instances' schema upgrades, so that two starting at once do not both run them. */
const SCHEMA_LOCK = 0x5f5f_5346
/** Held by a server instance that does not share its workshops through Redis: no other instance may use these tables. */
const INSTANCE_LOCK = "hashtext('stad-for-stad instance ' || current_schema())"


/** Updates one transaction appends at most. */
const MAX_APPEND_BATCH = 500

interface PendingAppend {
  update: Uint8Array
  resolve(): void
  reject(err: unknown): void
}

const bytes = (value: Buffer) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)

export class PostgresStorage implements Storage, SharedDocumentStore {
  /** Per document, the appends waiting for the transaction after the one under way. */
  private readonly appendQueues = new Map<string, PendingAppend[]>()

  private constructor(
    private readonly pool: pg.Pool,
    /** The connection that holds the instance lock, when this store was opened `exclusive`. */
    private readonly holder: pg.PoolClient | null,
  ) {}

  /**
   * Connects, and creates or upgrades the tables. `schema` places them in a PostgreSQL schema
   * of their own. `exclusive` refuses to open tables another running server uses: without
   * Redis between them, two instances would each keep a workshop in memory and split it.
   */
  static async open(connectionString: string, options: { schema?: string | null; exclusive?: boolean } = {}): Promise<PostgresStorage> {
    const schema = options.schema
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`)
    const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
    // An idle client's connection error must not crash the server; the next query reports it.
    pool.on('error', () => {})
    try {
      const client = await pool.connect()
      try {
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version')
        const current = rows[0]?.version ?? 0
        if (current > SCHEMA_STEPS.length) throw new Error(`The database was set up by a newer version of Stad för stad (schema ${current}; this version knows ${SCHEMA_STEPS.length}).`)
        for (const step of SCHEMA_STEPS.slice(current)) await client.query(step)
        if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES ($1)', [SCHEMA_STEPS.length])
        else await client.query('UPDATE schema_version SET version = $1', [SCHEMA_STEPS.length])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    } catch (err) {
      await pool.end()
      throw err
    }
    if (!options.exclusive) return new PostgresStorage(pool, null)
    const holder = await pool.connect()
    const { rows } = await holder.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${INSTANCE_LOCK}) AS ok`)
    if (!rows[0]?.ok) {
      holder.release()
      await pool.end()
      throw new Error('Another server uses these tables in PostgreSQL. Several instances of one installation share workshops through Redis: set REDIS_URL on every instance (docs/deploy.md), or stop the other one, or give this one its own DATABASE_SCHEMA.')
    }
    return new PostgresStorage(pool, holder)
  }

  private async transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await run(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  /**
   * Keeps the workshop's row from being deleted until the transaction ends, or says it is
   * already gone: a row written for a workshop then never outlives its deletion.
   */
  private async holdWorkshop(client: pg.PoolClient, workshopId: string): Promise<boolean> {
    const { rowCount } = await client.query('SELECT 1 FROM workshops WHERE id = $1 FOR KEY SHARE', [workshopId])
    return rowCount === 1
  }

  private whileWorkshopExists<T>(workshopId: string, write: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      if (!(await this.holdWorkshop(client, workshopId))) throw new DocumentGoneError(workshopId)
      return write(client)
    })
  }

  /** Serializes writers of one document, so that no row commits after one with a higher sequence number. */
  private lockDoc(client: pg.PoolClient, docId: string) {
    return client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [docId])
  }

  async load(docId: string): Promise<Uint8Array[]> {
    return (await this.loadSince(docId, 0)).updates
  }

  async loadSince(docId: string, after: number): Promise<{ updates: Uint8Array[]; seq: number }> {
    const { rows } = await this.pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq', [docId, after])
    return { updates: rows.map((row) => bytes(row.data)), seq: rows.length > 0 ? Number(rows.at(-1)!.seq) : after }
  }

  /**
   * Appends that arrive while a document's previous ones are being committed go together in
   * the next transaction: one lock and one commit for many updates, in the order they came.
   * Refused with DocumentGoneError once the workshop's row is deleted, so that an instance
   * that has not yet heard of the deletion leaves nothing behind.
   */
  append(docId: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      let queue = this.appendQueues.get(docId)
      if (!queue) {
        queue = []
        this.appendQueues.set(docId, queue)
        void this.drainAppends(docId, queue)
      }
      queue.push({ update, resolve, reject })
    })
  }

  private async drainAppends(docId: string, queue: PendingAppend[]): Promise<void> {
    // Let the appends of this turn of the event loop join the first batch.
    await Promise.resolve()
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_APPEND_BATCH)
      try {
        const inserted = await this.transaction(async (client) => {
          await this.lockDoc(client, docId)
          const { rowCount } = await client.query(
            `INSERT INTO updates (doc_id, seq, data)
             SELECT $1, (SELECT COALESCE(MAX(seq), 0) FROM updates WHERE doc_id = $1) + u.ord, u.data
             FROM unnest($2::bytea[]) WITH ORDINALITY AS u(data, ord)
             WHERE EXISTS (SELECT 1 FROM workshops WHERE id = $1)`,
            [docId, batch.map((pending) => Buffer.from(pending.update))],
          )
          return rowCount === batch.length
        })
        if (!inserted) throw new DocumentGoneError(docId)
        for (const pending of batch) pending.resolve()
      } catch (err) {
        for (const pending of batch) pending.reject(err)
      }
    }
    this.appendQueues.delete(docId)
  }

  /**
   * Another instance may have stored updates that the snapshot's writer has not received yet:
   * they are merged into it under the document's lock, so compaction never drops one.
   */
  async compact(docId: string, snapshot: Uint8Array): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockDoc(client, docId)
      if (!(await this.holdWorkshop(client, docId))) return
      const { rows } = await client.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = $1 ORDER BY seq', [docId])
      if (rows.length === 0) return
      const doc = new Y.Doc()
      try {
        Y.applyUpdate(doc, snapshot)
        for (const row of rows) Y.applyUpdate(doc, bytes(row.data))
        const merged = Y.encodeStateAsUpdate(doc)
        await client.query('DELETE FROM updates WHERE doc_id = $1', [docId])
        // The snapshot takes the last sequence number, so numbers only ever grow.
        await client.query('INSERT INTO updates (doc_id, seq, data) VALUES ($1, $2, $3)', [docId, rows.at(-1)!.seq, Buffer.from(merged)])
      } finally {
        doc.destroy()
      }
    })
  }

  async delete(docId: string): Promise<void> {
    await this.pool.query('DELETE FROM updates WHERE doc_id = $1', [docId])
  }

  async list(): Promise<string[]> {
    const { rows } = await this.pool.query<{ doc_id: string }>('SELECT DISTINCT doc_id FROM updates ORDER BY doc_id')
    return rows.map((row) => row.doc_id)
  }

  async createWorkshop(row: WorkshopRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO workshops (id, facilitator_key_hash, participant_key, viewer_key, created_at, last_activity_at, keep_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.facilitatorKeyHash, row.participantKey, row.viewerKey, row.createdAt, row.lastActivityAt, row.keepUntil],
    )
  }

  async getWorkshop(id: string): Promise<WorkshopRow | null> {
    const { rows } = await this.pool.query<WorkshopSqlRow>('SELECT * FROM workshops WHERE id = $1', [id])
    return rows[0] ? workshopFromRow(rows[0]) : null
  }

  async touchWorkshop(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE workshops SET last_activity_at = $1 WHERE id = $2', [at, id])
  }

  async deleteWorkshop(id: string): Promise<void> {
    await this.transaction(async (client) => {
      // Waits for an append in flight, which then lands before the document's rows are deleted.
      await this.lockDoc(client, id)
      await client.query('DELETE FROM workshops WHERE id = $1', [id])
    })
  }

  async setKeys(id: string, keys: { participantKey?: string; viewerKey?: string }): Promise<void> {
    await this.pool.query('UPDATE workshops SET participant_key = COALESCE($1, participant_key), viewer_key = COALESCE($2, viewer_key) WHERE id = $3', [
      keys.participantKey ?? null,
      keys.viewerKey ?? null,
      id,
    ])
  }

  async setKeepUntil(id: string, keepUntil: string | null): Promise<void> {
    await this.pool.query('UPDATE workshops SET keep_until = $1 WHERE id = $2', [keepUntil, id])
  }

  async expiredWorkshops(idleSince: string, now: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM workshops WHERE last_activity_at < $1 AND (keep_until IS NULL OR keep_until < $2) ORDER BY last_activity_at',
      [idleSince, now],
    )
    return rows.map((row) => row.id)
  }

  async diskBytes(): Promise<number> {
    const { rows } = await this.pool.query<{ bytes: string }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
       WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)`,
      [TABLES],
    )
    return Number(rows[0]?.bytes ?? 0)
  }

  async setDots(workshopId: string, boardId: string, voter: string, noteId: string, count: number): Promise<void> {
    if (count > 0) {
      await this.whileWorkshopExists(workshopId, (client) =>
        client.query(
          `INSERT INTO votes (workshop_id, board_id, voter, note_id, dots) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (workshop_id, board_id, voter, note_id) DO UPDATE SET dots = excluded.dots`,
          [workshopId, boardId, voter, noteId, count],
        ),
      )
    } else {
      await this.pool.query('DELETE FROM votes WHERE workshop_id = $1 AND board_id = $2 AND voter = $3 AND note_id = $4', [workshopId, boardId, voter, noteId])
    }
  }

  async ballot(workshopId: string, boardId: string, voter: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ note_id: string; dots: number }>('SELECT note_id, dots FROM votes WHERE workshop_id = $1 AND board_id = $2 AND voter = $3', [workshopId, boardId, voter])
    return Object.fromEntries(rows.map((r) => [r.note_id, r.dots]))
  }

  async tally(workshopId: string, boardId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ note_id: string; dots: string }>('SELECT note_id, SUM(dots) AS dots FROM votes WHERE workshop_id = $1 AND board_id = $2 GROUP BY note_id', [workshopId, boardId])
    return Object.fromEntries(rows.map((r) => [r.note_id, Number(r.dots)]))
  }

  async voteProgress(workshopId: string, boardId: string): Promise<{ voters: number; placed: number }> {
    const { rows } = await this.pool.query<{ voters: string; placed: string }>(
      'SELECT COUNT(DISTINCT voter) AS voters, COALESCE(SUM(dots), 0) AS placed FROM votes WHERE workshop_id = $1 AND board_id = $2 AND dots > 0',
      [workshopId, boardId],
    )
    return { voters: Number(rows[0]?.voters ?? 0), placed: Number(rows[0]?.placed ?? 0) }
  }

  async allBallots(workshopId: string): Promise<{ boardId: string; voter: string; noteId: string; dots: number }[]> {
    const { rows } = await this.pool.query<{ board_id: string; voter: string; note_id: string; dots: number }>(
      'SELECT board_id, voter, note_id, dots FROM votes WHERE workshop_id = $1 ORDER BY board_id, voter, note_id',
      [workshopId],
    )
    return rows.map((r) => ({ boardId: r.board_id, voter: r.voter, noteId: r.note_id, dots: r.dots }))
  }

  async clearVotes(workshopId: string, boardId?: string): Promise<void> {
    if (boardId) await this.pool.query('DELETE FROM votes WHERE workshop_id = $1 AND board_id = $2', [workshopId, boardId])
    else await this.pool.query('DELETE FROM votes WHERE workshop_id = $1', [workshopId])
  }

  async createPerson(workshopId: string, userId: string, tokenHash: string, createdAt: string): Promise<void> {
    await this.whileWorkshopExists(workshopId, (client) =>
      client.query('INSERT INTO people (workshop_id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [workshopId, userId, tokenHash, createdAt]),
    )
  }

  async personByToken(workshopId: string, tokenHash: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ user_id: string }>('SELECT user_id FROM people WHERE workshop_id = $1 AND token_hash = $2', [workshopId, tokenHash])
    return rows[0]?.user_id ?? null
  }

  async countPeople(workshopId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM people WHERE workshop_id = $1', [workshopId])
    return Number(rows[0]?.n ?? 0)
  }

  async clientOwners(workshopId: string): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ client_id: string; owner: string }>('SELECT client_id, owner FROM client_owners WHERE workshop_id = $1', [workshopId])
    return new Map(rows.map((row) => [Number(row.client_id), row.owner]))
  }

  async claimClients(workshopId: string, clients: number[], owner: string): Promise<void> {
    if (clients.length === 0) return
    await this.whileWorkshopExists(workshopId, (client) =>
      client.query('INSERT INTO client_owners (workshop_id, client_id, owner) SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING', [workshopId, clients, owner]),
    )
  }

  async deletePeople(workshopId: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('DELETE FROM people WHERE workshop_id = $1', [workshopId])
      await client.query('DELETE FROM client_owners WHERE workshop_id = $1', [workshopId])
    })
  }

  async saveSnapshot(workshopId: string, taken: Omit<SnapshotInfo, 'id'>, data: Uint8Array, keep: number): Promise<SnapshotInfo> {
    const id = await this.whileWorkshopExists(workshopId, async (client) => {
      const { rows } = await client.query<{ id: string }>('INSERT INTO snapshots (workshop_id, taken_at, reason, data) VALUES ($1, $2, $3, $4) RETURNING id', [
        workshopId,
        taken.takenAt,
        taken.reason,
        Buffer.from(data),
      ])
      await client.query('DELETE FROM snapshots WHERE workshop_id = $1 AND id NOT IN (SELECT id FROM snapshots WHERE workshop_id = $1 ORDER BY id DESC LIMIT $2)', [workshopId, keep])
      return Number(rows[0]!.id)
    })
    return { id, ...taken }
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    const { rows } = await this.pool.query<{ id: string; taken_at: string; reason: SnapshotReason }>('SELECT id, taken_at, reason FROM snapshots WHERE workshop_id = $1 ORDER BY id DESC', [workshopId])
    return rows.map((row) => ({ id: Number(row.id), takenAt: row.taken_at, reason: row.reason }))
  }

  async loadSnapshot(workshopId: string, id: number): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM snapshots WHERE workshop_id = $1 AND id = $2', [workshopId, id])
    return rows[0] ? bytes(rows[0].data) : null
  }

  async deleteSnapshots(workshopId: string): Promise<void> {
    await this.pool.query('DELETE FROM snapshots WHERE workshop_id = $1', [workshopId])
  }

  async sealNote(workshopId: string, note: SealedNote): Promise<void> {
    await this.whileWorkshopExists(workshopId, (client) =>
      client.query(
        `INSERT INTO sealed_notes (workshop_id, note_id, board_id, owner, record) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workshop_id, note_id) DO UPDATE SET board_id = excluded.board_id, owner = excluded.owner, record = excluded.record`,
        [workshopId, note.noteId, note.boardId, note.owner, note.record],
      ),
    )
  }

  async unsealNote(workshopId: string, noteId: string): Promise<void> {
    await this.pool.query('DELETE FROM sealed_notes WHERE workshop_id = $1 AND note_id = $2', [workshopId, noteId])
  }

  async sealedNotes(workshopId: string, boardId?: string): Promise<SealedNote[]> {
    const { rows } = await this.pool.query<{ board_id: string; note_id: string; owner: string; record: string }>(
      boardId
        ? 'SELECT board_id, note_id, owner, record FROM sealed_notes WHERE workshop_id = $1 AND board_id = $2 ORDER BY note_id'
        : 'SELECT board_id, note_id, owner, record FROM sealed_notes WHERE workshop_id = $1 ORDER BY board_id, note_id',
      boardId ? [workshopId, boardId] : [workshopId],
    )
    return rows.map((r) => ({ boardId: r.board_id, noteId: r.note_id, owner: r.owner, record: r.record }))
  }

  async stampRecords(workshopId: string, stamps: readonly RecordStamp[], limit: number): Promise<number> {
    if (stamps.length === 0) return 0
    const first = stamps.slice(0, limit)
    const result = await this.whileWorkshopExists(workshopId, (client) =>
      client.query(
        `INSERT INTO record_times (workshop_id, record_id, first_seen)
         SELECT $1, s.id, s.at FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(id, at, n)
         WHERE NOT EXISTS (SELECT 1 FROM record_times r WHERE r.workshop_id = $1 AND r.record_id = s.id)
         ORDER BY s.n
         LIMIT GREATEST(0, $4 - (SELECT count(*) FROM record_times WHERE workshop_id = $1))
         ON CONFLICT (workshop_id, record_id) DO NOTHING`,
        [workshopId, first.map(([id]) => id), first.map(([, at]) => at), limit],
      ),
    )
    return result.rowCount ?? 0
  }

  async recordTimes(workshopId: string): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ record_id: string; first_seen: string }>('SELECT record_id, first_seen FROM record_times WHERE workshop_id = $1', [workshopId])
    return new Map(rows.map((r) => [r.record_id, r.first_seen]))
  }

  async deleteRecordTimes(workshopId: string): Promise<void> {
    await this.pool.query('DELETE FROM record_times WHERE workshop_id = $1', [workshopId])
  }

  async deleteSealed(workshopId: string, boardId?: string): Promise<void> {
    if (boardId) await this.pool.query('DELETE FROM sealed_notes WHERE workshop_id = $1 AND board_id = $2', [workshopId, boardId])
    else await this.pool.query('DELETE FROM sealed_notes WHERE workshop_id = $1', [workshopId])
  }

  /**
   * Deleted rows are gone for every query at once; VACUUM then frees their space for reuse.
   * The bytes of dead rows can stay in PostgreSQL's data and WAL files until overwritten:
   * on a shared database, encrypted storage is what keeps them unreadable (the README says so).
   */
  async scrub(): Promise<void> {
    for (const table of TABLES) await this.pool.query(`VACUUM ${table}`)
  }

  async close(): Promise<void> {
    // Releasing the connection ends the session, and with it the instance lock.
    this.holder?.release(true)
    await this.pool.end()
  }
}
