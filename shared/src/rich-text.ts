/** Plain text from tldraw's rich text (TipTap/ProseMirror JSON), with one line per block. */
export function richTextToPlain(node: unknown): string {
  if (typeof node === 'string') return node
  if (typeof node !== 'object' || node === null) return ''
  const n = node as { type?: unknown; text?: unknown; content?: unknown }
  if (typeof n.text === 'string') return n.text
  if (n.type === 'hardBreak') return '\n'
  if (!Array.isArray(n.content)) return ''
  const parts = n.content.map(richTextToPlain)
  const isContainer = n.type === 'doc' || n.type === 'bulletList' || n.type === 'orderedList' || n.type === 'listItem'
  return parts.join(isContainer ? '\n' : '')
}
