/**
 * One row per note, for the municipality's spreadsheet. UTF-8 with a byte order mark so
 * Excel keeps å ä ö; `;` for Swedish Excel. A cell that a spreadsheet would read as a
 * formula (= + - @, tab, CR) is prefixed with ' so it stays text. Times are Swedish local
 * time (Europe/Stockholm).
 */
import type { WorkshopExport } from './workshop-report.ts'

export type Separator = ',' | ';'

const HEADER = ['Tavla', 'Del', 'Text', 'Författare', 'Röster', 'Skapad']

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function cell(value: string | number, separator: Separator): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value)
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Made on the first export: ICU's locale and time-zone data take 8 MB of memory from then on. */
let stockholm: Intl.DateTimeFormat | null = null

/** Swedish local time as a spreadsheet reads it ("2026-11-22 10:00"), whatever the server's own zone. */
export function swedishTime(iso: string): string {
  const time = Date.parse(iso)
  if (!Number.isFinite(time)) return ''
  stockholm ??= new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return stockholm.format(time)
}

export function renderCsv(workshop: WorkshopExport, separator: Separator): string {
  const lines = [HEADER.map((h) => cell(h, separator)).join(separator)]
  for (const board of workshop.boards) {
    for (const row of board.rows) {
      lines.push([board.title, row.section, row.text, row.author, row.votes, swedishTime(row.createdAt)].map((v) => cell(v, separator)).join(separator))
    }
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
