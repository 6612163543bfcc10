import type { BoardDefinition } from '@sfs/shared'
import { boardTemplate, templateText } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import type { TextSpec, ZoneSpec } from './kit/shapes.ts'

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
  questions: { number: number; text: string; groups: { A: PlacedNote[]; B: PlacedNote[] }; similarities: PlacedNote[] }[]
  unplaced: PlacedNote[]
}

export const braveSpace: BoardDefinition<BraveSpaceResult> = {
  kind: 'brave-space',
  step: 1,
  title: { sv: 'Hur skapar vi en modig miljö?', en: 'How do we create a brave space?' },
  instructions: {
    sv: 'Alla skriver först egna lappar till båda frågorna i sin grupp. Sedan letar grupperna efter likheter och samtalar om hur ni bygger en kultur av dem.',
    en: 'Everyone first writes their own notes for both questions in their group. Then the groups look for similarities and discuss how to build a culture from them.',
  },
  template: (ctx) =>
    boardTemplate(ctx, 'brave-space', 'Modig miljö', {
      zones: QUESTIONS.flatMap((_, i) => rowZones(i + 1, ROW_TOP[i]!)),
      texts: [
        { key: 'heading', text: 'Hur skapar vi en modig miljö?', size: 'xl', box: { x: 60, y: 20, w: 1800 } },
        ...QUESTIONS.map((text, i): TextSpec => ({ key: `q${i + 1}`, text, size: 'l', box: { x: 60, y: ROW_TOP[i]!, w: 1800 } })),
      ],
    }),
  extract: (records, pageId) => {
    const { zones, unplaced } = notesByZone(records, pageId)
    return {
      questions: QUESTIONS.map((fallback, i) => {
        const n = i + 1
        return {
          number: n,
          text: templateText(records, pageId, `q${n}`) || fallback,
          groups: { A: zones.get(`a-${n}`) ?? [], B: zones.get(`b-${n}`) ?? [] },
          similarities: zones.get(`likheter-${n}`) ?? [],
        }
      }),
      unplaced,
    }
  },
}
