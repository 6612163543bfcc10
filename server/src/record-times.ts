/**
 * The server's time for each record a workshop gains: the exports show when a note reached the
 * server, in Swedish time, instead of the clock of the device that wrote it.
 */
import { MAX_RECORD_TIMES } from '@sfs/shared'
import type { Logger } from './log.ts'
import { errorFields } from './log.ts'
import { DocumentGoneError, type RecordStamp, type RecordTimeStore } from './storage/types.ts'

/**
 * Times are taken when a record arrives and stored after the turn's updates have been sent on:
 * a new note reaches the others without waiting for its bookkeeping, and the notes of one turn
 * share one transaction.
 */
export class RecordStamper {
  private pending = new Map<string, RecordStamp[]>()
  private scheduled: NodeJS.Immediate | null = null

  constructor(
    private readonly store: RecordTimeStore,
    private readonly log: Logger,
  ) {}

  stamp(workshopId: string, recordIds: readonly string[], now = new Date()): void {
    const at = now.toISOString()
    let stamps = this.pending.get(workshopId)
    if (!stamps) this.pending.set(workshopId, (stamps = []))
    // More than a workshop may keep would be refused when stored: not held either.
    for (const id of recordIds) if (stamps.length < MAX_RECORD_TIMES) stamps.push([id, at])
    this.scheduled ??= setImmediate(() => void this.flush())
  }

  /** Stores what is waiting; also called before the store closes. */
  async flush(): Promise<void> {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    const batch = this.pending
    this.pending = new Map()
    await Promise.all(
      [...batch].map(([workshopId, stamps]) =>
        this.store.stampRecords(workshopId, stamps, MAX_RECORD_TIMES).catch((err) => {
          // A workshop deleted meanwhile needs no times.
          if (!(err instanceof DocumentGoneError)) this.log.warn('storage.record_times_failed', { workshop: workshopId, ...errorFields(err) })
        }),
      ),
    )
  }
}
