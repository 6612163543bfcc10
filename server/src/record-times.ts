/**
 * The server's time for each record a workshop gains: the exports show when a note reached the
 * server, in Swedish time, instead of the clock of the device that wrote it.
 */
import { MAX_RECORD_TIMES } from '@sfs/shared'
import type { Logger } from './log.ts'
import { errorFields } from './log.ts'
import { DocumentGoneError, type RecordTimeStore } from './storage/types.ts'

export function stampRecords(store: RecordTimeStore, workshopId: string, recordIds: string[], log: Logger, now = new Date()): void {
  const at = now.toISOString()
  store.stampRecords(workshopId, recordIds.map((id) => [id, at] as const), MAX_RECORD_TIMES).catch((err) => {
    // A workshop deleted meanwhile needs no times.
    if (!(err instanceof DocumentGoneError)) log.warn('storage.record_times_failed', { workshop: workshopId, ...errorFields(err) })
  })
}
