import type { BoardDefinition } from '@sfs/shared'
import { notesOnPage, type NoteResult } from './kit/records.ts'
import { boardTemplate } from './kit/template.ts'

export interface BlankResult {
  notes: NoteResult[]
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
  extract: (records, pageId) => ({ notes: notesOnPage(records, pageId) }),
}
