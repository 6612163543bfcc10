/** Turns a workshop into a downloadable file in the asked format. */
import type * as Y from 'yjs'
import { fileSafeName } from '@sfs/shared'
import { collectExport } from './workshop-report.ts'
import { renderCsv, type Separator } from './csv.ts'
import { renderMarkdown } from './markdown.ts'
import { renderJson } from './json.ts'

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

export async function exportWorkshop(doc: Y.Doc, id: string, format: ExportFormat, opts: { boardId?: string; separator?: Separator; writers?: number }): Promise<ExportFile | null> {
  const workshop = collectExport(doc, id, opts.boardId, opts.writers)
  if (!workshop) return null
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
            await (await import('./docx.ts')).renderDocx(workshop)
  return { body, contentType: TYPES[format], filename }
}
