/**
 * Sends this device's private notes to the server as they are written, to be held until the
 * reveal (server/src/sealed-notes.ts): a device that is closed or asleep at the reveal loses
 * nothing. What could not be sent (offline, server away) is sent again, and everything kept
 * is sent once more when the session starts.
 */
import type { TLRecord } from 'tldraw'
import { ApiRequestError } from '../api.ts'

export interface SealApi {
  /** `leaving`: the page is being put away or closed, so the browser should finish the request after it is gone. */
  seal(boardId: string, record: TLRecord, leaving: boolean): Promise<void>
  unseal(boardId: string, noteId: string, leaving: boolean): Promise<void>
}

/** Waits this long after the last keystroke before sending a note. */
const SETTLE_MS = 600
const RETRY_MS = 5000

interface Pending {
  boardId: string
  /** Null: deleted on this device before the reveal. */
  record: TLRecord | null
}

export class Sealing {
  private readonly pending = new Map<string, Pending>()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Rounds of sending under way: a flush starts its own round rather than wait behind one. */
  private rounds = 0
  private closed = false

  constructor(private readonly api: SealApi) {}

  /** A private note as it now is on this device. */
  written(record: TLRecord): void {
    const boardId = (record as { parentId?: unknown }).parentId
    // Held per board: a note inside a frame stays on the device until the reveal, as before.
    if (typeof boardId !== 'string' || !boardId.startsWith('page:')) return
    this.pending.set(record.id, { boardId, record })
    this.settle()
  }

  deleted(record: TLRecord): void {
    const boardId = (record as { parentId?: unknown }).parentId
    if (typeof boardId !== 'string' || !boardId.startsWith('page:')) return
    this.pending.set(record.id, { boardId, record: null })
    this.settle()
  }

  /** Sends what is waiting now: the device is being closed or put away, and may not run again before the reveal. */
  flush(): void {
    if (this.closed || this.pending.size === 0) return
    clearTimeout(this.timer)
    this.timer = undefined
    void this.send(true)
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
  }

  /** Counted from the last change, so that what is sent is the note as typed, not its first letters. */
  private settle(): void {
    if (this.closed) return
    clearTimeout(this.timer)
    this.timer = undefined
    this.schedule(SETTLE_MS)
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.send()
    }, ms)
  }

  /**
   * Sends every waiting note at once: when the page is closing, only requests already started
   * are sure to leave. Sending a note twice is harmless (the server keeps the latest).
   */
  private async send(leaving = false): Promise<void> {
    if (this.closed || (this.rounds > 0 && !leaving)) return
    this.rounds++
    let retry = false
    try {
      const delivered = await Promise.all([...this.pending].map(([id, pending]) => this.deliver(id, pending, leaving)))
      retry = delivered.includes(false)
    } finally {
      this.rounds--
    }
    if (this.pending.size > 0 && this.rounds === 0) this.schedule(retry ? RETRY_MS : SETTLE_MS)
  }

  /** False when it should be tried again later. */
  private async deliver(id: string, pending: Pending, leaving: boolean): Promise<boolean> {
    try {
      if (pending.record) await this.api.seal(pending.boardId, pending.record, leaving)
      else await this.api.unseal(pending.boardId, id, leaving)
    } catch (err) {
      // Refused for good (revealed already, not private any more, not a note of theirs): nothing to resend.
      const final = err instanceof ApiRequestError && err.status >= 400 && err.status < 500 && err.status !== 429
      if (!final) return false
    }
    if (this.pending.get(id) === pending) this.pending.delete(id)
    return true
  }
}
