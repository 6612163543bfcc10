/** The report as Markdown. Every piece of user text is escaped: it renders as the text it is. */
import type { Block, ListItem } from '@sfs/shared'
import type { WorkshopExport } from './workshop-report.ts'

/**
 * Escapes Markdown syntax and HTML, and keeps line breaks inside the block they belong to:
 * `lineBreak` is what a line break becomes there. The default, a Markdown hard break, keeps
 * a paragraph together; a list item also needs its indentation; a table cell, whose row is
 * one line, can only take `<br>` (GitHub Markdown's way of breaking a line in a cell).
 */
export function escapeMarkdown(text: string, lineBreak = '\\\n'): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/(\r?\n)+/g, lineBreak)
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
        ...block.rows.map((cells) => row(cells.map((lines) => lines.map((line) => escapeMarkdown(line, '<br>')).join('<br>') || ' '))),
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
