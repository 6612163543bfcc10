/** The workshop as versioned JSON (docs/export.schema.json), for other tools. */
import type { WorkshopExport } from './workshop-report.ts'

export const EXPORT_FORMAT = 'stad-for-stad/workshop-export'
export const EXPORT_VERSION = 1

export function renderJson(workshop: WorkshopExport, exportedAt = new Date()): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: exportedAt.toISOString(),
      workshop: { id: workshop.id, title: workshop.title, city: workshop.city, date: workshop.date, participants: workshop.participants },
      boards: workshop.boards.map((b) => ({ id: b.id, kind: b.kind, step: b.step, title: b.title, result: b.result, ...(b.earlierVotes.length ? { earlierVotes: b.earlierVotes } : {}) })),
    },
    null,
    2,
  )
}
