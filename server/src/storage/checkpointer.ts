/**
 * Moves SQLite's write-ahead log into the database file, a little at a time, on the event
 * loop and without a thread of its own (a worker thread with its own SQLite costs about
 * 17 MB of resident memory).
 *
 * Left to itself, SQLite checkpoints inside a commit every thousand pages and fsyncs the log
 * and the file while doing so: 10 to 20 ms in which no message is handled. Here a round runs
 * once a second, when something was written, and first has the log fsynced on libuv's thread
 * pool; SQLite's own checkpoint then finds a second's pages to copy and a log already on disk,
 * so its fsyncs have little to wait for (about a millisecond on the project's VM). SQLite
 * keeps its own order (log on disk, copy, file on disk, only then may the log start over).
 */
import type Database from 'better-sqlite3'

export interface CheckpointerOptions {
  everyMs: number
  /** Resolves once everything written to the log so far is on disk. */
  logDurable(): Promise<void>
  onError(err: Error): void
}

export class Checkpointer {
  private readonly db: Database.Database
  private readonly options: CheckpointerOptions
  private readonly timer: NodeJS.Timeout
  private round: Promise<void> | null = null
  private written = false
  private closed = false

  constructor(db: Database.Database, options: CheckpointerOptions) {
    this.db = db
    this.options = options
    this.timer = setInterval(() => this.start(), options.everyMs)
    this.timer.unref()
  }

  /** Something was committed since the last round: the next one has work to do. */
  noteWrite(): void {
    this.written = true
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.round
  }

  private start(): void {
    if (this.round || this.closed || !this.written) return
    this.written = false
    this.round = this.checkpoint().finally(() => {
      this.round = null
    })
  }

  private async checkpoint(): Promise<void> {
    try {
      await this.options.logDurable()
      if (!this.closed) this.db.pragma('wal_checkpoint(PASSIVE)')
    } catch (err) {
      this.written = true
      this.options.onError(new Error(`checkpoint failed: ${err instanceof Error ? err.message : String(err)}`))
    }
  }
}
