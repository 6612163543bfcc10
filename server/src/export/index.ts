/** Turns a workshop into a downloadable file in the asked format. */
import type * as Y from 'yjs'
import { fileSafeName } from '@sfs/shared'
import { collectExport } from './workshop-report.ts'
import { renderCsv, type Separator } from './csv.ts'
import { renderMarkdown } from './markdown.ts'
import { renderJson } from './json.ts'
import { PictureRefused, type ReportPicture } from './pictures.ts'

export const EXPORT_FORMATS = ['json', 'csv', 'md', 'docx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

export interface ExportFile {
  body: Buffer
  contentType: string
  filename: string
}

/** "Kärngruppen steg 2" on 2026-11-22 → "Kärngruppen-steg-2-2026-11-22". */
export function exportBasename(title: string, date: string): string {
  return `${fileSafeName(title)}-${date}`
}

export interface ExportOptions {
  boardId?: string
  separator?: Separator
  writers?: number
  /** When the server first saw each record (record-times.ts). */
  times?: ReadonlyMap<string, string>
  /** Pictures of boards by id, for the Word report. */
  pictures?: ReadonlyMap<string, ReportPicture>
}

export async function exportWorkshop(doc: Y.Doc, id: string, format: ExportFormat, opts: ExportOptions): Promise<ExportFile | null> {
  const workshop = collectExport(doc, id, opts.boardId, opts.writers, opts.times)
  if (!workshop) return null
  for (const board of opts.pictures?.keys() ?? []) {
    if (!workshop.boards.some((b) => b.id === board)) throw new PictureRefused(`a picture of ${board}, which is not a board in this report`)
  }
  const single = opts.boardId ? `-${fileSafeName(workshop.boards[0]!.title)}` : ''
  const filename = `${exportBasename(workshop.title, workshop.date)}${single}.${format}`
  const body =
    format === 'csv'
      ? Buffer.from(renderCsv(workshop, opts.separator ?? ','), 'utf8')
      : format === 'md'
        ? Buffer.from(renderMarkdown(workshop), 'utf8')
        : format === 'json'
          ? Buffer.from(renderJson(workshop), 'utf8')
          : // docx is large and rarely needed: loaded on the first Word export, not at start.
            await (await import('./docx.ts')).renderDocx(workshop, opts.pictures)
  return { body, contentType: TYPES[format], filename }
}
