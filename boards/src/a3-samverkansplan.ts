import { heading, paragraph, type BoardDefinition, type JsonRecord, type TemplateContext } from '@sfs/shared'
import { NO_ANSWERS, noteLines, noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate, extensionIndexes, nextRow } from './kit/template.ts'
import { fieldNotes, fieldText, isWriting, notesByZone, type PlacedNote } from './kit/zones.ts'
import { zoneShape, type TextSpec, type ZoneSpec } from './kit/shapes.ts'

const LEFT = 60
const YEARS = [1, 2, 3] as const
const COLUMNS = [
  { key: 'delmal', label: 'SMARTA delmål', w: 420 },
  { key: 'mal', label: 'Mål per år (valfritt), t.ex. ”år 1: 5, år 2: 7, år 3: 10”', w: 270 },
  ...YEARS.map((year) => ({ key: `ar${year}`, label: `Aktiviteter och insatser – År ${year}`, w: 330 })),
]
const TABLE_TOP = 470
const FIRST_ROW_Y = TABLE_TOP + 90
const ROW_H = 230
const INITIAL_GOALS = 3
const MARKETING = [
  'Vem behöver veta om arbetet?',
  'Vad är viktigt för dem?',
  'Hur kommunicerar ni på ett sätt som når denna målgrupp?',
  'Tonalitet?',
  'Vem kan hjälpa er?',
]
const MARKETING_X = 1830
const MARKETING_W = 520

function goalRow(goal: number, y: number): ZoneSpec[] {
  let x = LEFT
  return COLUMNS.map((column) => {
    const zone: ZoneSpec = {
      key: `${column.key}-${goal}`,
      label: column.key === 'delmal' ? `Delmål ${goal}` : '',
      size: 's',
      color: column.key === 'delmal' ? 'light-blue' : column.key === 'mal' ? 'grey' : 'light-green',
      box: { x, y, w: column.w, h: ROW_H },
      meta: { goal, column: column.key },
    }
    x += column.w + 10
    return zone
  })
}

/** A new delmål: its row of goal, targets and one activity cell per year. */
function addGoal(ctx: TemplateContext, records: JsonRecord[]): JsonRecord[] {
  const { row: goal, y } = nextRow(records, ctx.pageId, 'goal', FIRST_ROW_Y)
  const next = extensionIndexes(records, ctx.pageId)
  return goalRow(goal, y).map((zone) => zoneShape(ctx.pageId, zone, next()))
}

/** "år 1: 5, år 2: 7" → { 1: '5', 2: '7' } */
export function parseYearlyTargets(text: string): Record<number, string> {
  const targets: Record<number, string> = {}
  for (const match of text.matchAll(/år\s*(\d)\s*[:=]\s*([^,;\n]+)/gi)) targets[Number(match[1])] = match[2]!.trim()
  return targets
}

export interface SamverkansplanResult {
  vision: PlacedNote[]
  goals: {
    number: number
    goal: string
    targets: string
    targetsByYear: Record<number, string>
    activities: Record<1 | 2 | 3, PlacedNote[]>
    /** The texts `goal` and `targets` are joined from, with who wrote each and when. */
    fields: { goal: PlacedNote[]; targets: PlacedNote[] }
  }[]
  marketing: { number: number; question: string; notes: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

export const a3Samverkansplan: BoardDefinition<SamverkansplanResult> = {
  kind: 'a3-samverkansplan',
  step: 6,
  paper: 'A3-landscape',
  formCells: true,
  zoneTitle: ({ meta, label }) =>
    typeof meta.goal === 'number' ? { group: `Delmål ${meta.goal}`, name: COLUMNS.find((c) => c.key === meta.column)?.label ?? label } : { name: label },
  sections: [
    { key: 'vision', label: { sv: 'Vision och övergripande mål', en: 'Vision and overall goals' }, has: ({ key }) => key === 'vision' },
    { key: 'delmal', label: { sv: 'Delmål och aktiviteter år 1–3', en: 'Goals and activities, years 1–3' }, has: ({ meta }) => typeof meta.goal === 'number' },
    { key: 'marknad', label: { sv: 'Marknadsföring', en: 'Marketing' }, has: ({ meta }) => typeof meta.question === 'number' },
  ],
  title: { sv: 'Mall – Lokal samverkansplan', en: 'Template – Local collaboration plan' },
  instructions: {
    sv: 'Från helheten till det konkreta: formulera visionen, sätt SMARTA delmål och fördela aktiviteter och insatser på år 1–3. Alla kan lägga till delmål.',
    en: 'From the big picture to the concrete: state the vision, set SMART goals and spread activities over years 1–3. Anyone can add a goal.',
  },
  report: (result) => [
    heading('Lokal vision'),
    ...(result.vision.length ? result.vision.map((n) => paragraph(n.text)) : [paragraph(NO_ANSWERS)]),
    heading('SMARTA delmål och aktiviteter'),
    // The method's grid: a row per delmål, its targets, and its activities year by year.
    {
      type: 'table',
      header: ['Delmål', 'Mål per år', ...YEARS.map((year) => `År ${year}`)],
      rows: result.goals.map((g) => [[g.goal ? `Delmål ${g.number}: ${g.goal}` : `Delmål ${g.number}`], g.targets ? g.targets.split('\n') : [], ...YEARS.map((year) => noteLines(g.activities[year]))]),
    },
    heading('Marknadsföring'),
    ...result.marketing.flatMap((q) => [heading(`${q.number}. ${q.question}`, 4), notesList(q.notes)]),
    ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
  ],
  rows: (result) => [
    ...noteRows('Lokal vision', result.vision),
    ...result.goals.flatMap((g) => [
      ...noteRows(`Delmål ${g.number}`, g.fields.goal),
      ...noteRows(`Delmål ${g.number} – mål per år`, g.fields.targets),
      ...YEARS.flatMap((year) => noteRows(`Delmål ${g.number} – År ${year}`, g.activities[year])),
    ]),
    ...result.marketing.flatMap((q) => noteRows(`Marknadsföring – ${q.question}`, q.notes)),
    ...noteRows(UNPLACED, result.unplaced),
  ],
  extensions: [{ key: 'delmal', label: { sv: 'Delmål', en: 'Goal' }, allowed: 'participant', add: addGoal }],
  template: (ctx) => {
    const marketingH = (1500 - 160 - 4 * 10) / MARKETING.length
    const zones: ZoneSpec[] = [
      { key: 'vision', label: 'Lokal vision och övergripande mål', size: 'm', color: 'yellow', box: { x: LEFT, y: 100, w: 1740, h: 330 } },
      ...Array.from({ length: INITIAL_GOALS }, (_, i) => goalRow(i + 1, FIRST_ROW_Y + i * (ROW_H + 10))).flat(),
      ...MARKETING.map((question, i): ZoneSpec => ({
        key: `marknad-${i + 1}`,
        label: `${i + 1}. ${question}`,
        size: 's',
        color: 'light-violet',
        box: { x: MARKETING_X, y: 160 + i * (marketingH + 10), w: MARKETING_W, h: marketingH },
        meta: { question: i + 1 },
      })),
    ]
    const texts: TextSpec[] = [
      { key: 'heading', text: 'Mall – Lokal samverkansplan', size: 'xl', box: { x: LEFT, y: 20, w: 1740 } },
      { key: 'marketing', text: 'Marknadsföring', size: 'l', box: { x: MARKETING_X, y: 100, w: MARKETING_W } },
      ...COLUMNS.map((column, i): TextSpec => ({
        key: `column-${column.key}`,
        text: column.label,
        size: 's',
        box: { x: LEFT + COLUMNS.slice(0, i).reduce((sum, c) => sum + c.w + 10, 0), y: TABLE_TOP, w: column.w },
      })),
    ]
    return boardTemplate(ctx, 'a3-samverkansplan', 'Lokal samverkansplan', { zones, texts })
  },
  extract: (records, pageId) => {
    const zoned = notesByZone(records, pageId, isWriting)
    const { zones, zoneInfo } = zoned
    const goals = [...new Set([...zoneInfo.values()].map((z) => z.meta.goal).filter((g): g is number => typeof g === 'number'))].sort((a, b) => a - b)
    return {
      vision: zones.get('vision') ?? [],
      goals: goals.map((goal) => {
        const targets = fieldText(zoned, `mal-${goal}`)
        return {
          number: goal,
          goal: fieldText(zoned, `delmal-${goal}`),
          targets,
          targetsByYear: parseYearlyTargets(targets),
          activities: { 1: zones.get(`ar1-${goal}`) ?? [], 2: zones.get(`ar2-${goal}`) ?? [], 3: zones.get(`ar3-${goal}`) ?? [] },
          fields: { goal: fieldNotes(zoned, `delmal-${goal}`), targets: fieldNotes(zoned, `mal-${goal}`) },
        }
      }),
      marketing: MARKETING.map((question, i) => ({
        number: i + 1,
        question: (zoneInfo.get(`marknad-${i + 1}`)?.label || question).replace(/^\d+\.\s*/, ''),
        notes: zones.get(`marknad-${i + 1}`) ?? [],
      })),
      unplaced: zoned.unplaced,
    }
  },
}
