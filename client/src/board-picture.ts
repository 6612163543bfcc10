/**
 * A board as a picture (SVG or PNG), with each note's vote count drawn on it as on the
 * screen: tldraw's export has the shapes only, and the counts are drawn over them.
 */
import { getSvgAsImage, type Editor } from 'tldraw'

const PADDING = 24
/** The widest picture of a board, in pixels: sharp on a projector, yet small enough to mail (an A3 board at 2× was 9232 px wide). */
const MAX_PICTURE_WIDTH = 2400

/** Badges in page coordinates: tldraw's SVG has the page's coordinates in its viewBox. */
function voteBadges(editor: Editor): string {
  return editor
    .getCurrentPageShapes()
    .filter((s) => s.type === 'note' && Number((s.meta as { votes?: unknown }).votes) > 0)
    .map((s) => {
      const bounds = editor.getShapePageBounds(s.id)!
      const votes = Math.floor(Number((s.meta as { votes: number }).votes))
      return `<g data-votes="${votes}"><circle cx="${bounds.maxX - 8}" cy="${bounds.minY + 8}" r="26" fill="#0b5cad" stroke="#fff" stroke-width="3"/><text x="${bounds.maxX - 8}" y="${bounds.minY + 8}" text-anchor="middle" dominant-baseline="central" font-family="sans-serif" font-weight="800" font-size="28" fill="#fff">${votes}</text></g>`
    })
    .join('')
}

export async function boardPicture(editor: Editor, format: 'png' | 'svg'): Promise<Blob | null> {
  const ids = [...editor.getCurrentPageShapeIds()]
  const width = (editor.getCurrentPageBounds()?.w ?? 0) + 2 * PADDING
  const scale = format === 'svg' ? 1 : Math.min(2, (MAX_PICTURE_WIDTH - 2) / Math.max(1, width))
  const result = await editor.getSvgString(ids, { background: true, padding: PADDING, scale })
  if (!result) return null
  const svg = result.svg.replace(/<\/svg>\s*$/, `${voteBadges(editor)}</svg>`)
  if (format === 'svg') return new Blob([svg], { type: 'image/svg+xml' })
  return getSvgAsImage(svg, { type: 'png', width: result.width, height: result.height, pixelRatio: 1 })
}
