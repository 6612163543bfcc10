/** tldraw rich text (TipTap JSON) from plain text: one paragraph per line. */
export function richText(text: string) {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  }
}
