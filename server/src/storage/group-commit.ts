/**
 * Group commit: writes land in a file at once, and each is reported durable after an
 * fsync that started after it. The fsync runs on libuv's thread pool, so the event loop
 * never waits for the disk, and writes made while one fsync is under way, or while the gap
 * before the next has not passed, share the next.
 */
import { close, fsync, open } from 'node:fs'

export type Fsync = (fd: number, done: (err: Error | null) => void) => void

/** Time as GroupCommit sees it; tests replace it to check the gap without real waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

interface Waiting {
  promise: Promise<void>
  resolve(): void
  reject(err: unknown): void
}

function deferred(): Waiting {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export class GroupCommit {
  private fd: Promise<number> | null = null
  private inFlight: Promise<void> | null = null
  private waiting: Waiting | null = null
  private readonly file: string
  private readonly fsyncFile: Fsync
  private readonly gapMs: number
  private readonly clock: Clock
  private lastStart = -Infinity

  /**
   * `gapMs`: the least time from one fsync's start to the next; writes made meanwhile wait and
   * share it. `fsyncFile` and `clock` are for tests, which count and hold the fsyncs.
   */
  constructor(file: string, options: { gapMs?: number; fsyncFile?: Fsync; clock?: Clock } = {}) {
    this.file = file
    this.gapMs = options.gapMs ?? 0
    this.fsyncFile = options.fsyncFile ?? fsync
    this.clock = options.clock ?? realClock
  }

  /** Resolves once everything written to the file before this call is on disk. */
  durable(): Promise<void> {
    this.waiting ??= deferred()
    const stored = this.waiting.promise
    if (!this.inFlight) this.syncWaiting()
    return stored
  }

  /** Waits for the fsyncs under way, then lets go of the file. */
  async close(): Promise<void> {
    while (this.inFlight) await this.inFlight
    const fd = await this.fd?.catch(() => null)
    this.fd = null
    if (fd != null) await new Promise<void>((resolve) => close(fd, () => resolve()))
  }

  private syncWaiting(): void {
    const wait = this.lastStart + this.gapMs - this.clock.now()
    this.inFlight = (wait > 0 ? this.clock.sleep(wait) : Promise.resolve()).then(() => {
      // Taken when the fsync starts, so that everything written until then shares it.
      const batch = this.waiting!
      this.waiting = null
      return this.sync().then(batch.resolve, batch.reject)
    })
    void this.inFlight.then(() => {
      this.inFlight = null
      if (this.waiting) this.syncWaiting()
    })
  }

  private async sync(): Promise<void> {
    // Opened on first use: SQLite creates its WAL file with the first write.
    this.fd ??= new Promise<number>((resolve, reject) => open(this.file, 'r+', (err, fd) => (err ? reject(err) : resolve(fd))))
    const fd = await this.fd.catch((err) => {
      this.fd = null
      throw err
    })
    // The gap runs from the fsync's real start, after the file is open.
    this.lastStart = this.clock.now()
    await new Promise<void>((resolve, reject) => this.fsyncFile(fd, (err) => (err ? reject(err) : resolve())))
  }
}
