import type { BoardDefinition } from '@sfs/shared'
import { boardTemplate } from './kit/template.ts'
import { notesByZone, type PlacedNote } from './kit/zones.ts'
import { noteRows, notesList } from './kit/report.ts'

export interface BlankResult {
  notes: PlacedNote[]
}

/** A free canvas: no template beyond its page; its result is every post-it on it. */
export const blank: BoardDefinition<BlankResult> = {
  kind: 'blank',
  step: null,
  title: { sv: 'Tom tavla', en: 'Blank board' },
  instructions: {
    sv: 'En fri yta för lappar, skisser och anteckningar.',
    en: 'A free canvas for notes, sketches and annotations.',
  },
  template: (ctx) => boardTemplate(ctx, 'blank', 'Tom tavla', {}),
  extract: (records, pageId) => ({ notes: notesByZone(records, pageId).unplaced }),
  report: (result) => [notesList(result.notes)],
  rows: (result) => noteRows('', result.notes),
}
