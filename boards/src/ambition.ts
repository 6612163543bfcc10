import { heading, paragraph, type BoardDefinition, type MarkerSpec } from '@sfs/shared'
import { noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import { markersOnPage, type PlacedMarker } from './kit/markers.ts'
import { median } from './kit/levels.ts'
import type { TextSpec, ZoneSpec } from './kit/shapes.ts'

/** The five levels; the summaries are our own short Swedish renderings of the method's. */
const LEVELS = [
  { name: 'Den reaktiva mottagaren', summary: 'Ärenden når socialtjänst eller polis bara via de vanliga kanalerna. Insatsen är akut och följs sällan upp.' },
  { name: 'Den förberedda krishanteraren', summary: 'Det finns särskilda rutiner. Första insatsen rymmer både lagföring och stöd, med akut boende och materiell hjälp.' },
  { name: 'Den holistiska lagspelaren', summary: 'Ärenden hanteras i samverkan. Interna och gemensamma rutiner mellan socialtjänst, polis och civilsamhälle är prövade och har brottsoffret i fokus.' },
  { name: 'Processägaren', summary: 'Gedigen kompetens om skydd och stöd på kort och lång sikt. Samverkan är självklar; boende och stöd planeras steg för steg.' },
  { name: 'Förebilden', summary: 'Lång erfarenhet. Metoderna utvecklas flexibelt och prestigelöst; ni rustar andra inom och utanför er egen verksamhet.' },
]
const COLORS = ['light-red', 'orange', 'yellow', 'light-green', 'green'] as const
const COLUMN_W = 352
const TOP = 150

const MARKERS: MarkerSpec[] = [
  { key: 'nu', label: { sv: 'Nu', en: 'Now' }, color: 'blue' },
  { key: 'onskat', label: { sv: 'Önskat', en: 'Wanted' }, color: 'violet' },
]

const levelZones: ZoneSpec[] = LEVELS.map((level, i) => ({
  key: `niva-${i + 1}`,
  label: `${i + 1}. ${level.name}`,
  size: 'm',
  color: COLORS[i]!,
  box: { x: 60 + i * (COLUMN_W + 10), y: TOP, w: COLUMN_W, h: 390 },
  meta: { level: i + 1 },
}))
/** Where new markers appear: off the scale, so nobody votes for a level before choosing one. */
const tray: ZoneSpec = {
  key: 'markorer',
  label: 'Nya markörer hamnar här. Dra din till den nivå som passar.',
  size: 's',
  color: 'grey',
  box: { x: 60, y: TOP + 400, w: 1800, h: 145 },
  meta: { tray: true },
}
const summaries: TextSpec[] = LEVELS.map((level, i) => ({
  key: `summary-${i + 1}`,
  text: level.summary,
  size: 's',
  color: 'grey',
  box: { x: 76 + i * (COLUMN_W + 10), y: TOP + 80, w: COLUMN_W - 32 },
}))
const noteZones: ZoneSpec[] = [
  { key: 'krav', label: 'Vad krävs för att ni ska nå dit?', size: 'm', color: 'light-blue', box: { x: 60, y: 700, w: 890, h: 340 } },
  { key: 'behov', label: 'Vad behöver ni?', size: 'm', color: 'light-violet', box: { x: 970, y: 700, w: 890, h: 340 } },
]

export interface AmbitionResult {
  levels: { level: number; name: string; now: number; wanted: number }[]
  median: { now: number | null; wanted: number | null }
  markers: PlacedMarker[]
  notes: { key: string; question: string; notes: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

export const ambition: BoardDefinition<AmbitionResult> = {
  kind: 'ambition',
  step: 7,
  title: { sv: 'Ambitionen: utvecklingsnivåer för enskilda ärenden', en: 'Ambition: development levels for individual cases' },
  instructions: {
    sv: 'Var befinner ni er? Var skulle ni vilja vara? Var och en placerar sin Nu-markör och sin Önskat-markör. Samtala sedan om vad som krävs och vad ni behöver.',
    en: 'Where are you? Where would you like to be? Everyone places a Now and a Wanted marker. Then discuss what it takes and what you need.',
  },
  markers: MARKERS,
  reportPicture: true,
  report: (result) => {
    const median = (value: number | null) => (value === null ? '–' : String(value).replace('.', ','))
    return [
      {
        type: 'table',
        header: ['Nivå', 'Nu', 'Önskat'],
        rows: result.levels.map((l) => [[`${l.level}. ${l.name}`], [String(l.now)], [String(l.wanted)]]),
      },
      paragraph(`nu ${median(result.median.now)}, önskat ${median(result.median.wanted)}`, 'Median'),
      ...result.notes.flatMap((q) => [heading(q.question, 4), notesList(q.notes)]),
      ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
    ]
  },
  rows: (result) => [...result.notes.flatMap((q) => noteRows(q.question, q.notes)), ...noteRows(UNPLACED, result.unplaced)],
  template: (ctx) =>
    boardTemplate(ctx, 'ambition', 'Ambitionen', {
      zones: [...levelZones, tray, ...noteZones],
      texts: [
        { key: 'heading', text: 'Ambitionen – utvecklingsnivåer för hantering av enskilda ärenden', size: 'xl', box: { x: 60, y: 20, w: 1800 } },
        { key: 'prompt', text: 'Var befinner ni er? Var skulle ni vilja vara? Placera din Nu-markör och din Önskat-markör på den nivå som passar.', size: 'm', color: 'grey', box: { x: 60, y: 95, w: 1800 } },
        ...summaries,
      ],
    }),
  extract: (records, pageId) => {
    const { zones, zoneInfo, unplaced } = notesByZone(records, pageId, (r) => r.type === 'note')
    const markers = markersOnPage(records, pageId)
    const levelsOf = (kind: string) => markers.filter((m) => m.kind === kind && m.level !== null).map((m) => m.level!)
    return {
      levels: LEVELS.map((level, i) => ({
        level: i + 1,
        name: zoneInfo.get(`niva-${i + 1}`)?.label.replace(/^\d+\.\s*/, '') || level.name,
        now: levelsOf('nu').filter((l) => l === i + 1).length,
        wanted: levelsOf('onskat').filter((l) => l === i + 1).length,
      })),
      median: { now: median(levelsOf('nu')), wanted: median(levelsOf('onskat')) },
      markers,
      notes: noteZones.map(({ key, label }) => ({ key, question: zoneInfo.get(key)?.label || label, notes: zones.get(key) ?? [] })),
      // Notes left on the level columns are kept too, with the unplaced ones.
      unplaced: [...unplaced, ...[...levelZones, tray].flatMap((z) => zones.get(z.key) ?? [])],
    }
  },
}

