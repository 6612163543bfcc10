/**
 * A board as a picture (SVG or PNG), with each note's vote count drawn on it as on the
 * screen: tldraw's export has the shapes only, and the counts are drawn over them.
 */
import { getSvgAsImage, type Editor, type TLPageId } from 'tldraw'

const PADDING = 24
/** The widest picture of a board, in pixels: sharp on a projector, yet small enough to mail (an A3 board at 2× was 9232 px wide). */
const MAX_PICTURE_WIDTH = 2400
/** Pictures for the Word report: printed 16 cm wide, sharp at 250 dots to the inch. */
export const REPORT_PICTURE_WIDTH = 1600

/** Badges in page coordinates: tldraw's SVG has the page's coordinates in its viewBox. */
function voteBadges(editor: Editor, pageId: TLPageId): string {
  return [...editor.getPageShapeIds(pageId)]
    .map((id) => editor.getShape(id)!)
    .filter((s) => s.type === 'note' && Number((s.meta as { votes?: unknown }).votes) > 0)
    .map((s) => {
      const bounds = editor.getShapePageBounds(s.id)!
      const votes = Math.floor(Number((s.meta as { votes: number }).votes))
      return `<g data-votes="${votes}"><circle cx="${bounds.maxX - 8}" cy="${bounds.minY + 8}" r="26" fill="#0b5cad" stroke="#fff" stroke-width="3"/><text x="${bounds.maxX - 8}" y="${bounds.minY + 8}" text-anchor="middle" dominant-baseline="central" font-family="sans-serif" font-weight="800" font-size="28" fill="#fff">${votes}</text></g>`
    })
    .join('')
}

/** A board (the one on screen unless `pageId` says another) as a picture, at most `maxWidth` pixels wide as PNG. */
export async function boardPicture(editor: Editor, format: 'png' | 'svg', pageId: TLPageId = editor.getCurrentPageId(), maxWidth = MAX_PICTURE_WIDTH): Promise<Blob | null> {
  // tldraw draws shapes of any page: its export does not need the page on screen, nor the view to move.
  const ids = [...editor.getPageShapeIds(pageId)]
  if (ids.length === 0) return null
  const width = (editor.getShapesPageBounds(ids)?.w ?? 0) + 2 * PADDING
  const scale = format === 'svg' ? 1 : Math.min(2, (maxWidth - 2) / Math.max(1, width))
  const result = await editor.getSvgString(ids, { background: true, padding: PADDING, scale })
  if (!result) return null
  const svg = result.svg.replace(/<\/svg>\s*$/, `${voteBadges(editor, pageId)}</svg>`)
  if (format === 'svg') return new Blob([svg], { type: 'image/svg+xml' })
  return getSvgAsImage(svg, { type: 'png', width: result.width, height: result.height, pixelRatio: 1 })
}
