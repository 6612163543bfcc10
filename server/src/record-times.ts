/**
 * The server's time for each record a workshop gains: the exports show when a note reached the
 * server, in Swedish time, instead of the clock of the device that wrote it.
 */
import type { Logger } from './log.ts'
import { errorFields } from './log.ts'
import { DocumentGoneError, type RecordTimeStore } from './storage/types.ts'

/**
 * Times kept per workshop: far more records than a workshop holds, yet a script that creates
 * and deletes records without end cannot grow the table without end. Past it, exports show
 * the device's time, as before.
 */
export const MAX_RECORD_TIMES = 20_000

export function stampRecords(store: RecordTimeStore, workshopId: string, recordIds: string[], log: Logger, now = new Date()): void {
  store.stampRecords(workshopId, recordIds, now.toISOString(), MAX_RECORD_TIMES).catch((err) => {
    // A workshop deleted meanwhile needs no times.
    if (!(err instanceof DocumentGoneError)) log.warn('storage.record_times_failed', { workshop: workshopId, ...errorFields(err) })
  })
}
