import { expect, it } from 'vitest'
import { richTextToPlain } from './rich-text.ts'

it('turns tldraw rich text into plain text with one line per paragraph', () => {
  const doc = {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Trygghet ' }, { type: 'text', text: 'och tillit' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Åtgärd' }, { type: 'hardBreak' }, { type: 'text', text: 'två' }] },
    ],
  }
  expect(richTextToPlain(doc)).toBe('Trygghet och tillit\nÅtgärd\ntvå')
  expect(richTextToPlain(null)).toBe('')
  expect(richTextToPlain({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('')
})
