/** The `workshops` table's columns, the same in SQLite and PostgreSQL, and the row they make. */
import type { WorkshopRow } from './types.ts'

export interface WorkshopSqlRow {
  id: string
  facilitator_key_hash: string
  participant_key: string
  viewer_key: string
  created_at: string
  last_activity_at: string
  keep_until: string | null
}

export function workshopFromRow(row: WorkshopSqlRow): WorkshopRow {
  return {
    id: row.id,
    facilitatorKeyHash: row.facilitator_key_hash,
    participantKey: row.participant_key,
    viewerKey: row.viewer_key,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    keepUntil: row.keep_until,
  }
}
