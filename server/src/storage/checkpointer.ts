/**
 * Moves SQLite's write-ahead log into the database file from a worker thread. Left to
 * itself, SQLite does this inside a commit every thousand pages, on the event loop: 10 to
 * 20 ms in which no message is handled. A PASSIVE checkpoint never blocks the writer.
 */
import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'

// Plain CommonJS, so the worker runs the same under tsx, vitest and node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) })
  }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.postMessage({ closed: true })
})
`

export class Checkpointer {
  private readonly worker: Worker
  private readonly closed: Promise<void>

  constructor(file: string, everyMs: number, onError: (err: Error) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs } })
    this.worker.unref()
    this.closed = new Promise((resolve) => {
      this.worker.on('message', (message: { error?: string; closed?: boolean }) => {
        if (message.error) onError(new Error(`checkpoint failed: ${message.error}`))
        if (message.closed) resolve()
      })
      this.worker.on('error', (err) => {
        onError(err)
        resolve()
      })
      this.worker.on('exit', () => resolve())
    })
  }

  /** Stops after the checkpoint under way, if any, and closes the worker's connection. */
  async close(): Promise<void> {
    this.worker.postMessage('close')
    await this.closed
    await this.worker.terminate()
  }
}
