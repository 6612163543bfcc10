/**
 * Group commit: writes land in a file at once, and each is reported durable after an
 * fsync that started after it. The fsync runs on libuv's thread pool, so the event loop
 * never waits for the disk, and writes made while one fsync is under way share the next.
 */
import { close, fsync, open } from 'node:fs'

export type Fsync = (fd: number, done: (err: Error | null) => void) => void

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

  /** `fsyncFile` is for tests, which count and hold the fsyncs. */
  constructor(file: string, fsyncFile: Fsync = fsync) {
    this.file = file
    this.fsyncFile = fsyncFile
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
    const batch = this.waiting!
    this.waiting = null
    this.inFlight = this.sync().then(batch.resolve, batch.reject)
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
    await new Promise<void>((resolve, reject) => this.fsyncFile(fd, (err) => (err ? reject(err) : resolve())))
  }
}
