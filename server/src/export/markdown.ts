/** The report as Markdown. Every piece of user text is escaped: it renders as the text it is. */
import type { Block, ListItem } from '@sfs/shared'
import type { WorkshopExport } from './workshop-report.ts'

/**
 * Characters that make Markdown or HTML anywhere in a line: emphasis, code, links, raw HTML,
 * table cells, strikethrough, GitHub's math, and the backslash itself. An `&` only where it
 * would start an entity.
 */
const INLINE = /[\\`*_[\]<|~$]|&(?=#?[A-Za-z0-9]+;)/g

/**
 * What makes a block at the start of a line: a heading, a quote, a list item, a thematic
 * break or setext underline, an ordered list's number. Leading spaces (an indented code
 * block) are dropped.
 */
function escapeLineStart(line: string): string {
  return line
    .replace(/^\s+/, '')
    .replace(/^([#>=+-])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2')
}

/**
 * User text as Markdown that renders as the text it is, and still reads as plain text: only
 * what would make Markdown or HTML is escaped, so dates, parentheses and hyphens stay as
 * typed. Line breaks stay inside the block they belong to: `lineBreak` is what one becomes
 * there. The default, a Markdown hard break, keeps a paragraph together; a list item also
 * needs its indentation; a table cell, whose row is one line, takes "; ".
 */
export function escapeMarkdown(text: string, lineBreak = '\\\n'): string {
  return text
    .split(/(?:\r?\n)+/)
    .map((line) => escapeLineStart(line.replace(INLINE, '\\$&')))
    .join(lineBreak)
}

function listLines(items: ListItem[], depth = 0): string[] {
  const indent = '  '.repeat(depth)
  return items.flatMap((item) => [`${indent}- ${escapeMarkdown(item.text, `\\\n${indent}  `)}`, ...listLines(item.children ?? [], depth + 1)])
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text, ' ')}`
    case 'paragraph':
      return block.label ? `**${escapeMarkdown(block.label)}:** ${escapeMarkdown(block.text)}` : escapeMarkdown(block.text)
    case 'list':
      return listLines(block.items).join('\n')
    case 'table': {
      const row = (cells: string[]) => `| ${cells.join(' | ')} |`
      return [
        row(block.header.map((text) => escapeMarkdown(text, ' '))),
        row(block.header.map(() => '---')),
        // One note per line in the method's tables; in a Markdown cell, which is one line, they are separated by "; ".
        ...block.rows.map((cells) => row(cells.map((lines) => lines.map((line) => escapeMarkdown(line, ' ')).join('; ') || ' '))),
      ].join('\n')
    }
  }
}

export function renderMarkdown(workshop: WorkshopExport): string {
  const parts = [
    `# ${escapeMarkdown(workshop.title, ' ')}`,
    [`**Stad:** ${escapeMarkdown(workshop.city || '–')}  `, `**Datum:** ${escapeMarkdown(workshop.date)}  `, `**Deltagare (personer som har skrivit):** ${workshop.participants}`].join('\n'),
    ...workshop.boards.flatMap((board) => [`## ${escapeMarkdown(board.title, ' ')}`, ...board.blocks.map(renderBlock)]),
  ]
  return parts.join('\n\n') + '\n'
}
