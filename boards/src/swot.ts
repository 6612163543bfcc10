import { heading, type BoardDefinition } from '@sfs/shared'
import { noteLines, noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import type { ZoneSpec } from './kit/shapes.ts'

const W = 880
const H = 420
const QUADRANTS: ZoneSpec[] = [
  { key: 'styrkor', label: 'Styrkor (interna)', color: 'green', box: { x: 60, y: 170, w: W, h: H } },
  { key: 'svagheter', label: 'Svagheter (interna)', color: 'light-red', box: { x: 980, y: 170, w: W, h: H } },
  { key: 'mojligheter', label: 'Möjligheter (externa)', color: 'light-blue', box: { x: 60, y: 620, w: W, h: H } },
  { key: 'hot', label: 'Hot (externa)', color: 'orange', box: { x: 980, y: 620, w: W, h: H } },
]

export interface SwotResult {
  quadrants: { key: string; label: string; notes: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

export const swot: BoardDefinition<SwotResult> = {
  kind: 'swot',
  step: 6,
  title: { sv: 'SWOT', en: 'SWOT' },
  instructions: {
    sv: 'Smågrupper om 2–4 skriver lappar i de fyra rutorna, presenterar för varandra, letar gemensamma nämnare och markerar de viktigaste insikterna.',
    en: 'Groups of 2–4 write notes in the four quadrants, present them to each other, look for common ground and mark the most important insights.',
  },
  template: (ctx) =>
    boardTemplate(ctx, 'swot', 'SWOT', {
      zones: QUADRANTS,
      texts: [
        { key: 'heading', text: 'SWOT – det lokala arbetet mot människohandel och prostitution', size: 'xl', box: { x: 60, y: 30, w: 1800 } },
        {
          key: 'instructions',
          text: 'En tanke per lapp. Interna: det ni själva råder över. Externa: det som händer omkring er.',
          size: 'm',
          color: 'grey',
          box: { x: 60, y: 110, w: 1800 },
        },
      ],
    }),
  report: (result) => {
    const [s, w, o, t] = result.quadrants
    return [
      { type: 'table', header: [s!.label, w!.label], rows: [[noteLines(s!.notes), noteLines(w!.notes)], [[o!.label], [t!.label]], [noteLines(o!.notes), noteLines(t!.notes)]] },
      ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
    ]
  },
  rows: (result) => [...result.quadrants.flatMap((q) => noteRows(q.label, q.notes)), ...noteRows(UNPLACED, result.unplaced)],
  extract: (records, pageId) => {
    const { zones, zoneInfo, unplaced } = notesByZone(records, pageId)
    return {
      quadrants: QUADRANTS.map(({ key, label }) => ({ key, label: zoneInfo.get(key)?.label || label, notes: zones.get(key) ?? [] })),
      unplaced,
    }
  },
}
