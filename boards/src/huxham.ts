import { heading, type BoardDefinition } from '@sfs/shared'
import { noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import type { TextSpec, ZoneSpec } from './kit/shapes.ts'
import { mindmapActors } from './mindmap.ts'

/** Chris Huxham's typology as drawn by Sharon M. Wasco: each level adds to the one before. */
const LEVELS = [
  { name: 'Nätverkande', adds: 'Informationsdelning' },
  { name: 'Koordinering', adds: 'Förändring av aktivitet' },
  { name: 'Samverkan', adds: 'Delade resurser' },
  { name: 'Samarbete', adds: 'Öka varandras kapacitet' },
]
const QUESTIONS = [
  'Vilken/vilka typer av samverkan har ni erfarenhet av och hur har det sett ut?',
  'På vilken nivå skulle samverkan med dessa aktörer kunna vara lämplig initialt?',
  'Kan det se olika ut över tid och i så fall vad är det som avgör?',
  'Vilken nivå av samverkan skulle ni vilja se inom denna fråga och varför?',
]
const COLUMNS = [
  { key: 'nu', label: 'Nu', x: 420, color: 'light-blue' },
  { key: 'onskat', label: 'Önskat', x: 780, color: 'light-green' },
] as const
const ROW_H = 200
/** Level 4 at the top, level 1 at the bottom, as a ladder. */
const rowTop = (level: number) => 170 + (4 - level) * (ROW_H + 10)

function levelText(level: number): string {
  const contents = LEVELS.slice(0, level).map((l) => l.adds).join(' + ')
  const purpose = level === 1 ? 'till förmån för alla aktörer' : 'till förmån för alla aktörer, för att nå ett uppsatt mål'
  return `${level}. ${LEVELS[level - 1]!.name}\n${contents}\n(${purpose})`
}

const ladderZones: ZoneSpec[] = LEVELS.flatMap((_, i) =>
  COLUMNS.map((column) => ({
    key: `${column.key}-${i + 1}`,
    label: '',
    color: column.color,
    box: { x: column.x, y: rowTop(i + 1), w: 340, h: ROW_H },
    meta: { level: i + 1, column: column.key },
  })),
)
const questionZones: ZoneSpec[] = QUESTIONS.map((question, i) => ({
  key: `fraga-${i + 1}`,
  label: `${i + 1}. ${question}`,
  size: 's',
  color: 'light-violet',
  box: { x: 1150, y: 170 + i * (ROW_H + 10), w: 710, h: ROW_H },
  meta: { question: i + 1 },
}))
const texts: TextSpec[] = [
  { key: 'heading', text: 'Olika nivåer av samverkan', size: 'xl', box: { x: 60, y: 20, w: 1800 } },
  {
    key: 'prompt',
    text: 'Placera aktörerna från kontaktytan på den nivå samverkan har i dag (Nu) och den nivå ni önskar (Önskat).',
    size: 'm',
    color: 'grey',
    box: { x: 60, y: 80, w: 1800 },
  },
  ...COLUMNS.map((column): TextSpec => ({ key: `column-${column.key}`, text: column.label, size: 'l', box: { x: column.x, y: 125, w: 340 } })),
  ...LEVELS.map((_, i): TextSpec => ({ key: `level-${i + 1}`, text: levelText(i + 1), size: 's', box: { x: 60, y: rowTop(i + 1) + 10, w: 340 } })),
]

export interface ActorPlacement {
  actor: string
  now: number | null
  wanted: number | null
}

export interface HuxhamResult {
  actors: ActorPlacement[]
  questions: { number: number; text: string; notes: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

const levelName = (level: number | null) => (level === null ? '–' : `${level}. ${LEVELS[level - 1]!.name}`)

const PLACEMENT_SECTION = 'Samverkansnivå (nu → önskad)'

const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv')

export const huxham: BoardDefinition<HuxhamResult> = {
  kind: 'huxham',
  step: 3,
  formCells: true,
  reportPicture: true,
  zoneTitle: ({ meta, label }) =>
    typeof meta.level === 'number' && LEVELS[meta.level - 1]
      ? { group: COLUMNS.find((c) => c.key === meta.column)?.label ?? '', name: `${meta.level}. ${LEVELS[meta.level - 1]!.name}` }
      : { name: label },
  title: { sv: 'Olika nivåer av samverkan', en: 'Levels of collaboration' },
  instructions: {
    sv: 'Placera aktörskort på den nivå samverkan har nu och där ni vill ha den. Samtala om de fyra frågorna och skriv lappar i rutorna.',
    en: 'Place actor cards on the level collaboration is at now and where you want it. Discuss the four questions and write notes in their boxes.',
  },
  report: (result) => [
    {
      type: 'table',
      header: ['Aktör', 'Nivå nu', 'Önskad nivå'],
      rows: result.actors.map((a) => [[a.actor], [levelName(a.now)], [levelName(a.wanted)]]),
    },
    ...result.questions.flatMap((q) => [heading(q.text, 4), notesList(q.notes)]),
    ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
  ],
  rows: (result) => [
    // The placements first: in a spreadsheet they are the board's result.
    ...result.actors.map((a) => ({ section: PLACEMENT_SECTION, text: `${a.actor}: ${levelName(a.now)} → ${levelName(a.wanted)}`, author: '', votes: 0, createdAt: '' })),
    ...result.questions.flatMap((q) => noteRows(q.text, q.notes)),
    ...noteRows(UNPLACED, result.unplaced),
  ],
  palette: (records) => {
    const actors = mindmapActors(records)
    return actors.length ? [{ label: { sv: 'Aktörer från kontaktytan', en: 'Actors from the mind map' }, items: actors }] : []
  },
  template: (ctx) => boardTemplate(ctx, 'huxham', 'Samverkansnivåer', { zones: [...ladderZones, ...questionZones], texts }),
  extract: (records, pageId) => {
    const { zones, zoneInfo, unplaced } = notesByZone(records, pageId)
    // An actor card is a note on the ladder; the same actor may have one card in each column.
    const actors = new Map<string, ActorPlacement>()
    for (const zone of ladderZones) {
      const { level, column } = zone.meta as { level: number; column: 'nu' | 'onskat' }
      for (const card of zones.get(zone.key) ?? []) {
        if (!card.text) continue
        const key = normalise(card.text)
        const placement = actors.get(key) ?? { actor: card.text, now: null, wanted: null }
        if (column === 'nu') placement.now ??= level
        else placement.wanted ??= level
        actors.set(key, placement)
      }
    }
    return {
      actors: [...actors.values()].sort((a, b) => a.actor.localeCompare(b.actor, 'sv')),
      questions: questionZones.map((zone, i) => ({
        number: i + 1,
        text: (zoneInfo.get(zone.key)?.label || zone.label).replace(/^\d+\.\s*/, ''),
        notes: zones.get(zone.key) ?? [],
      })),
      unplaced,
    }
  },
}
