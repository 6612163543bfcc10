import { heading, type BoardDefinition, type JsonRecord, type TemplateContext } from '@sfs/shared'
import { noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate, extensionIndexes, templateShapes, templateText } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import { zoneShape, type TextSpec, type ZoneSpec } from './kit/shapes.ts'

const QUESTIONS = [
  'Fråga 1: Vad behöver du för att känna dig fri och trygg att bidra med dina tankar och idéer?',
  'Fråga 2: Vad skulle kunna komma i vägen för att du ska kunna delta fullt ut?',
]
const ROW_TOP = [110, 590]
const ZONE_H = 380

function rowZones(question: number, top: number): ZoneSpec[] {
  const y = top + 70
  return [
    { key: `a-${question}`, label: 'Grupp A', color: 'light-violet', box: { x: 60, y, w: 680, h: ZONE_H }, meta: { question, group: 'A' } },
    { key: `likheter-${question}`, label: 'Likheter', color: 'yellow', box: { x: 760, y, w: 400, h: ZONE_H }, meta: { question, group: null } },
    { key: `b-${question}`, label: 'Grupp B', color: 'light-blue', box: { x: 1180, y, w: 680, h: ZONE_H }, meta: { question, group: 'B' } },
  ]
}

export interface BraveSpaceResult {
  /** Per question: notes per group (keyed by letter, A, B, …) and the similarities. */
  questions: { number: number; text: string; groups: Record<string, PlacedNote[]>; similarities: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Another group: a zone per question, to the right of the row's last zone. */
function addGroup(ctx: TemplateContext, records: JsonRecord[]): JsonRecord[] {
  const zones = templateShapes(records, ctx.pageId).filter((s) => typeof s.meta.question === 'number')
  const taken = new Set(zones.map((z) => z.meta.group))
  const letter = [...LETTERS].find((l) => !taken.has(l))
  if (!letter) return []
  const next = extensionIndexes(records, ctx.pageId)
  return QUESTIONS.map((_, i) => {
    const row = zones.filter((z) => z.meta.question === i + 1)
    const right = Math.max(...row.map((z) => Number(z.x) + Number((z.props as { w: number }).w)))
    const y = Number(row[0]?.y ?? ROW_TOP[i]! + 70)
    const zone: ZoneSpec = { key: `${letter.toLowerCase()}-${i + 1}`, label: `Grupp ${letter}`, color: 'light-green', box: { x: right + 20, y, w: 680, h: ZONE_H }, meta: { question: i + 1, group: letter } }
    return zoneShape(ctx.pageId, zone, next())
  })
}

export const braveSpace: BoardDefinition<BraveSpaceResult> = {
  kind: 'brave-space',
  step: 1,
  title: { sv: 'Hur skapar vi en modig miljö?', en: 'How do we create a brave space?' },
  instructions: {
    sv: 'Alla skriver först egna lappar till båda frågorna i sin grupp. Sedan letar grupperna efter likheter och samtalar om hur ni bygger en kultur av dem.',
    en: 'Everyone first writes their own notes for both questions in their group. Then the groups look for similarities and discuss how to build a culture from them.',
  },
  anonymous: true,
  zoneTitle: ({ meta, label }) => (typeof meta.question === 'number' ? { group: QUESTIONS[meta.question - 1] ?? '', name: label } : { name: label }),
  report: (result) => [
    ...result.questions.flatMap((q) => [
      heading(q.text),
      ...Object.entries(q.groups).flatMap(([group, notes]) => [heading(`Grupp ${group}`, 4), notesList(notes)]),
      heading('Likheter', 4),
      notesList(q.similarities),
    ]),
    ...(result.unplaced.length ? [heading(UNPLACED), notesList(result.unplaced)] : []),
  ],
  rows: (result) => [
    ...result.questions.flatMap((q) => [
      ...Object.entries(q.groups).flatMap(([group, notes]) => noteRows(`Fråga ${q.number} – Grupp ${group}`, notes)),
      ...noteRows(`Fråga ${q.number} – Likheter`, q.similarities),
    ]),
    ...noteRows(UNPLACED, result.unplaced),
  ],
  extensions: [{ key: 'group', label: { sv: 'Lägg till grupp', en: 'Add a group' }, allowed: 'facilitator', add: addGroup }],
  template: (ctx) =>
    boardTemplate(ctx, 'brave-space', 'Modig miljö', {
      zones: QUESTIONS.flatMap((_, i) => rowZones(i + 1, ROW_TOP[i]!)),
      texts: [
        { key: 'heading', text: 'Hur skapar vi en modig miljö?', size: 'xl', box: { x: 60, y: 20, w: 1800 } },
        ...QUESTIONS.map((text, i): TextSpec => ({ key: `q${i + 1}`, text, size: 'l', box: { x: 60, y: ROW_TOP[i]!, w: 1800 } })),
      ],
    }),
  extract: (records, pageId) => {
    const { zones, zoneInfo, unplaced } = notesByZone(records, pageId)
    return {
      questions: QUESTIONS.map((fallback, i) => {
        const n = i + 1
        const groups: Record<string, PlacedNote[]> = {}
        const groupZones = [...zoneInfo.values()].filter((z) => z.meta.question === n && typeof z.meta.group === 'string')
        for (const zone of groupZones.sort((a, b) => String(a.meta.group).localeCompare(String(b.meta.group)))) {
          groups[String(zone.meta.group)] = zones.get(zone.key) ?? []
        }
        return {
          number: n,
          text: templateText(records, pageId, `q${n}`) || fallback,
          groups,
          similarities: zones.get(`likheter-${n}`) ?? [],
        }
      }),
      unplaced,
    }
  },
}
