import { heading, type BoardDefinition, type JsonRecord, type TemplateContext } from '@sfs/shared'
import { noteLines, noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate, extensionIndexes, nextRow } from './kit/template.ts'
import { fieldText, isWriting, notesByZone, type PlacedNote } from './kit/zones.ts'
import { textShape, zoneShape, type TextSpec, type ZoneSpec } from './kit/shapes.ts'

const SECTIONS = [
  {
    title: 'Vår stad och problemet med människohandel och prostitution',
    questions: [
      'Vilka problem ser ni kring er som kan relatera till människohandel och prostitution?',
      'Var finns de?',
      'Vad är det som orsakar dessa?',
      'Vem har kontaktyta med problematiken?',
      'Vilka unika möjligheter ser ni kring er och hur kan ni använda dessa?',
      'Om ni inte gör någonting resulterar det i…',
    ],
  },
  {
    title: 'Kartläggningen',
    questions: [
      'Vad har ni hört?',
      'Vad säger det er?',
      'Vilka reflektioner gör ni?',
      'Hur kan ni, resterande aktörer, komplettera bilden?',
      'Vilka slutsatser kan dras och vilka luckor finns kvar?',
      'Vad kan ni behöva göra nu för att förstärka bilden? Finns det något särskilt fokusområde?',
    ],
  },
  {
    title: 'Verktyg och resurser',
    questions: [
      'Vad var nytt, vad var viktigt?',
      'Vad är relevant för vem?',
      'Saknas något?',
      'Vilka behov till vidare utbildning finns i gruppen?',
      'Hur kan relevant information göras tillgänglig för rätt personer och organisationer?',
    ],
  },
]
const LEFT = 60
const WIDTH = 2260
const SECTION_H = 360
const ZONE_H = 280
const sectionTop = (i: number) => 110 + i * SECTION_H

const TABLE_TOP = sectionTop(3)
const COLUMNS = [
  { key: 'bransch', label: 'Bransch / sektor', w: 340 },
  { key: 'bidrag', label: 'Möjligt bidrag / påverkan genom branschen', w: 640 },
  { key: 'hinder', label: 'Hinder (saker som hindrar ert bidrag)', w: 630 },
  { key: 'verktyg', label: 'Verktyg (saker som möjliggör ert bidrag)', w: 630 },
] as const
const ROW_H = 230
const FIRST_ROW_Y = TABLE_TOP + 150
const SECTORS = ['Offentliga', 'Idéburna', 'Näringslivet']

const questionZones: ZoneSpec[] = SECTIONS.flatMap((section, s) => {
  const w = (WIDTH - (section.questions.length - 1) * 10) / section.questions.length
  return section.questions.map((question, q) => ({
    key: `${s + 1}-${q + 1}`,
    label: `${q + 1}. ${question}`,
    size: 's',
    color: (['light-blue', 'light-violet', 'light-green'] as const)[s]!,
    box: { x: LEFT + q * (w + 10), y: sectionTop(s) + 60, w, h: ZONE_H },
    meta: { section: s + 1, question: q + 1 },
  }))
})

function rowZones(row: number, y: number): ZoneSpec[] {
  let x = LEFT
  return COLUMNS.map((column) => {
    const zone: ZoneSpec = { key: `rad-${row}-${column.key}`, label: '', color: column.key === 'bransch' ? 'grey' : 'yellow', box: { x, y, w: column.w, h: ROW_H }, meta: { row, column: column.key } }
    x += column.w + 10
    return zone
  })
}

/** The sector's name, typed into the first cell (editable by anyone, so not template). */
function sectorName(pageId: string, row: number, name: string, y: number, index: string): JsonRecord {
  const text = textShape(pageId, { key: `sector-${row}`, text: name, size: 'l', box: { x: LEFT + 20, y: y + 80, w: 300 } }, index)
  return { ...text, id: `${text.id}-name`, isLocked: false, meta: { prefill: true } }
}

function addRow(ctx: TemplateContext, records: JsonRecord[]): JsonRecord[] {
  const { row, y } = nextRow(records, ctx.pageId, 'row', FIRST_ROW_Y)
  const next = extensionIndexes(records, ctx.pageId)
  return rowZones(row, y).map((zone) => zoneShape(ctx.pageId, zone, next()))
}

export interface UtgangspunktResult {
  sections: { number: number; title: string; questions: { number: number; text: string; notes: PlacedNote[] }[] }[]
  /** Section 4: one row per bransch or sector. */
  sectors: { row: number; name: string; contribution: PlacedNote[]; obstacles: PlacedNote[]; tools: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

export const a3Utgangspunkt: BoardDefinition<UtgangspunktResult> = {
  kind: 'a3-utgangspunkt',
  step: 6,
  paper: 'A3-landscape',
  formCells: true,
  zoneTitle: ({ meta, label }) => {
    if (typeof meta.row === 'number') return { group: `Bransch / sektor – rad ${meta.row}`, name: COLUMNS.find((c) => c.key === meta.column)?.label ?? label }
    if (typeof meta.section === 'number' && SECTIONS[meta.section - 1]) return { group: `${meta.section}. ${SECTIONS[meta.section - 1]!.title}`, name: label }
    return { name: label }
  },
  sections: [
    ...SECTIONS.map((section, s) => ({ key: `del-${s + 1}`, label: { sv: `${s + 1}. ${section.title}`, en: `Part ${s + 1}` }, has: ({ meta }: { meta: Record<string, unknown> }) => meta.section === s + 1 })),
    { key: 'del-4', label: { sv: '4. Nätverksarbete och branschmedvetenhet', en: 'Part 4: networks and industries' }, has: ({ meta }) => typeof meta.row === 'number' },
  ],
  title: { sv: 'Mall – En gemensam utgångspunkt', en: 'Template – A common starting point' },
  instructions: {
    sv: 'Gå igenom de fyra delarna tillsammans och skriv svaren i rutorna. I del 4 får varje bransch eller sektor en rad; alla kan lägga till rader.',
    en: 'Work through the four parts together and write the answers in the boxes. In part 4 each industry or sector gets a row; anyone can add rows.',
  },
  report: (result) => [
    ...result.sections.flatMap((section) => [
      heading(`${section.number}. ${section.title}`),
      ...section.questions.flatMap((q) => [heading(`${q.number}. ${q.text}`, 4), notesList(q.notes)]),
    ]),
    heading('4. Nätverksarbete och branschmedvetenhet'),
    {
      type: 'table',
      header: ['Bransch / sektor', 'Möjligt bidrag / påverkan', 'Hinder', 'Verktyg'],
      rows: result.sectors.map((s) => [[s.name || '–'], noteLines(s.contribution), noteLines(s.obstacles), noteLines(s.tools)]),
    },
    ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
  ],
  rows: (result) => [
    ...result.sections.flatMap((section) => section.questions.flatMap((q) => noteRows(`${section.number}.${q.number} ${q.text}`, q.notes))),
    ...result.sectors.flatMap((s) => [
      ...noteRows(`4. ${s.name || `Rad ${s.row}`} – Möjligt bidrag / påverkan`, s.contribution),
      ...noteRows(`4. ${s.name || `Rad ${s.row}`} – Hinder`, s.obstacles),
      ...noteRows(`4. ${s.name || `Rad ${s.row}`} – Verktyg`, s.tools),
    ]),
    ...noteRows(UNPLACED, result.unplaced),
  ],
  extensions: [{ key: 'rad', label: { sv: 'Rad för bransch', en: 'Row for an industry' }, allowed: 'participant', add: addRow }],
  template: (ctx) => {
    const texts: TextSpec[] = [
      { key: 'heading', text: 'Mall – En gemensam utgångspunkt', size: 'xl', box: { x: LEFT, y: 20, w: WIDTH } },
      ...SECTIONS.map((section, s): TextSpec => ({ key: `section-${s + 1}`, text: `${s + 1}. ${section.title}`, size: 'l', box: { x: LEFT, y: sectionTop(s), w: WIDTH } })),
      { key: 'section-4', text: '4. Nätverksarbete och branschmedvetenhet', size: 'l', box: { x: LEFT, y: TABLE_TOP, w: WIDTH } },
      {
        key: 'section-4-prompt',
        text: 'Hur kan er bransch komma i kontakt med, eller bidra negativt till, problemet – medvetet eller omedvetet? Vad kan den bidra med?',
        size: 's',
        color: 'grey',
        box: { x: LEFT, y: TABLE_TOP + 50, w: WIDTH },
      },
      ...COLUMNS.map((column, i): TextSpec => ({
        key: `column-${column.key}`,
        text: column.label,
        size: 's',
        box: { x: LEFT + COLUMNS.slice(0, i).reduce((sum, c) => sum + c.w + 10, 0), y: FIRST_ROW_Y - 45, w: column.w },
      })),
    ]
    const rows = SECTORS.flatMap((_, i) => rowZones(i + 1, FIRST_ROW_Y + i * (ROW_H + 10)))
    return boardTemplate(ctx, 'a3-utgangspunkt', 'En gemensam utgångspunkt', {
      zones: [...questionZones, ...rows],
      texts,
      extra: (pageId, next) => SECTORS.map((name, i) => sectorName(pageId, i + 1, name, FIRST_ROW_Y + i * (ROW_H + 10), next())),
    })
  },
  extract: (records, pageId) => {
    const zoned = notesByZone(records, pageId, isWriting)
    const { zones, zoneInfo } = zoned
    const rowNumbers = [...new Set([...zoneInfo.values()].map((z) => z.meta.row).filter((r): r is number => typeof r === 'number'))].sort((a, b) => a - b)
    return {
      sections: SECTIONS.map((section, s) => ({
        number: s + 1,
        title: section.title,
        questions: section.questions.map((question, q) => ({
          number: q + 1,
          text: (zoneInfo.get(`${s + 1}-${q + 1}`)?.label || question).replace(/^\d+\.\s*/, ''),
          notes: zones.get(`${s + 1}-${q + 1}`) ?? [],
        })),
      })),
      sectors: rowNumbers.map((row) => ({
        row,
        name: fieldText(zoned, `rad-${row}-bransch`),
        contribution: zones.get(`rad-${row}-bidrag`) ?? [],
        obstacles: zones.get(`rad-${row}-hinder`) ?? [],
        tools: zones.get(`rad-${row}-verktyg`) ?? [],
      })),
      unplaced: zoned.unplaced,
    }
  },
}
