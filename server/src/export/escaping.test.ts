import { describe, expect, it } from 'vitest'
import { neutraliseFormula, renderCsv, swedishTime } from './csv.ts'
import { escapeMarkdown, renderMarkdown } from './markdown.ts'
import { exportBasename } from './index.ts'

describe('CSV cells', () => {
  it('gives times in Swedish local time, summer and winter alike', () => {
    expect(swedishTime('2026-11-22T09:00:00.000Z')).toBe('2026-11-22 10:00')
    expect(swedishTime('2026-06-22T09:00:00.000Z')).toBe('2026-06-22 11:00')
    expect(swedishTime('')).toBe('')
  })

  it('neutralises anything a spreadsheet would run as a formula', () => {
    for (const dangerous of ['=HYPERLINK("http://x","y")', '+1+1', '-2', '@SUM(A1)', '\tindent', '\rreturn']) {
      expect(neutraliseFormula(dangerous)).toBe(`'${dangerous}`)
    }
    expect(neutraliseFormula('Trygghet')).toBe('Trygghet')
  })

  it('quotes separators, quotes and line breaks, and starts with a byte order mark', () => {
    const csv = renderCsv(
      {
        id: 'x',
        title: 't',
        city: '',
        date: '2026-11-22',
        participants: 0,
        boards: [{ id: 'page:1', kind: 'blank', step: null, title: 'Tavla; ett', result: {}, blocks: [], earlierVotes: [], rows: [{ section: '', text: 'a "b"\nc', author: '', votes: 2, createdAt: '' }] }],
      },
      ';',
    )
    expect(csv.startsWith('\uFEFFTavla;Del;Text;')).toBe(true)
    expect(csv).toContain('"Tavla; ett";;"a ""b""\nc";;2;')
  })
})

describe('Markdown text', () => {
  it('escapes what would make Markdown or HTML, so user text renders as itself', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('\\<script>alert(1)\\</script>')
    expect(escapeMarkdown('**fet** [länk](javascript:x) | cell ~~bort~~ `kod` $x$ &amp;')).toBe('\\*\\*fet\\*\\* \\[länk\\](javascript:x) \\| cell \\~\\~bort\\~\\~ \\`kod\\` \\$x\\$ \\&amp;')
    // What starts a block is escaped at the start of every line, also after a line break.
    expect(escapeMarkdown('# rubrik\n> citat\n- punkt\n+ punkt\n1. ett\n2) två\n    kod\n===\n---', '\n')).toBe(
      ['\\# rubrik', '\\> citat', '\\- punkt', '\\+ punkt', '1\\. ett', '2\\) två', 'kod', '\\===', '\\---'].join('\n'),
    )
    // No raw HTML can start anywhere: every < is escaped.
    expect(escapeMarkdown('a <b>fet</b> <img src=x onerror=alert(1)>')).not.toMatch(/(^|[^\\])</)
  })

  it('reads as plain text: dates, parentheses, hyphens, dots and ampersands stay as typed', () => {
    expect(escapeMarkdown('2026-11-24: Hemlösa (målgrupp) möter t.ex. Hotell & Taxi – 3 st.')).toBe('2026-11-24: Hemlösa (målgrupp) möter t.ex. Hotell & Taxi – 3 st.')
  })

  it('breaks lines with Markdown itself; a table cell lists its notes with semicolons, no HTML', () => {
    expect(escapeMarkdown('rad ett\nrad två')).toBe('rad ett\\\nrad två')
    expect(escapeMarkdown('rad ett\n\nrad två', '\\\n    ')).toBe('rad ett\\\n    rad två')
    const md = renderMarkdown({
      id: 'x',
      title: 'T',
      city: '',
      date: '2026-11-24',
      participants: 1,
      boards: [
        {
          id: 'page:1',
          kind: 'blank',
          step: null,
          title: 'Tavla',
          result: {},
          rows: [],
          earlierVotes: [],
          blocks: [
            { type: 'list', items: [{ text: 'Fattigdom\noch skulder', children: [{ text: 'Hyra\nper natt' }] }] },
            { type: 'table', header: ['Styrkor', 'Svagheter'], rows: [[['Engagerade kollegor', 'Polisen (2 röster)'], ['Lite tid\nför samverkan']]] },
          ],
        },
      ],
    })
    expect(md).toContain('- Fattigdom\\\n  och skulder\n  - Hyra\\\n    per natt')
    expect(md).toContain('| Engagerade kollegor; Polisen (2 röster) | Lite tid för samverkan |')
    expect(md).toContain('**Datum:** 2026-11-24')
    expect(md).not.toContain('<br>')
  })
})

it('names downloads after the workshop and its date, keeping å ä ö', () => {
  expect(exportBasename('Kärngruppen: steg 2/3', '2026-11-22')).toBe('Kärngruppen-steg-2-3-2026-11-22')
  expect(exportBasename('***', '2026-11-22')).toBe('arbetspass-2026-11-22')
})
