import type { Editor, TLPageId } from 'tldraw'
import type { BoardSection, PartState } from '@sfs/shared'
import { currentBoard } from './current-board.ts'

/** At this zoom the smallest template text (a question, 18 px) shows at 16 px: readable on any screen. */
export const READABLE_ZOOM = 0.9
/** Room above a part's zones for its heading. */
const HEADROOM = 60
/** Screen pixels kept free around a frame. */
const INSET = 16

interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface Frame {
  section: BoardSection
  box: Box
}

export interface PlacedZone {
  key: string
  meta: Record<string, unknown>
  bounds: Box
}

const union = (a: Box, b: Box): Box => {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y }
}

/**
 * What is shown of each part, in reading order: as many of its zones at a time (row by row,
 * left to right) as fit on a screen of `view` size at a readable zoom; a wide part on a small
 * screen takes several frames, on the projector often one.
 */
export function readableFrames(sections: readonly BoardSection[], zones: readonly PlacedZone[], view: { w: number; h: number }, zoom = READABLE_ZOOM): Frame[] {
  const fits = (box: Box) => box.w * zoom <= view.w && (box.h + HEADROOM) * zoom <= view.h
  const frames: Frame[] = []
  for (const section of sections) {
    const own = zones.filter((zone) => section.has(zone)).sort((a, b) => Math.round(a.bounds.y) - Math.round(b.bounds.y) || a.bounds.x - b.bounds.x)
    let box: Box | null = null
    for (const zone of own) {
      const grown: Box = box ? union(box, zone.bounds) : zone.bounds
      if (box && !fits(grown)) {
        frames.push({ section, box })
        box = zone.bounds
      } else box = grown
    }
    if (box) frames.push({ section, box })
  }
  return frames.map(({ section, box }) => ({ section, box: { ...box, y: box.y - HEADROOM, h: box.h + HEADROOM } }))
}

/** The frames of the open board for this screen, read from the zones as they are now (cells grow). */
export function framesOnScreen(editor: Editor, sections: readonly BoardSection[]): Frame[] {
  const zones = editor
    .getCurrentPageShapes()
    .filter((s) => (s.meta as { template?: unknown }).template === true && typeof (s.meta as { zone?: unknown }).zone === 'string')
    .map((s) => ({ key: String((s.meta as { zone: string }).zone), meta: s.meta as Record<string, unknown>, bounds: editor.getShapePageBounds(s.id)! }))
  const view = editor.getViewportScreenBounds()
  return readableFrames(sections, zones, { w: view.w - 2 * INSET, h: view.h - 2 * INSET })
}

export function showFrame(editor: Editor, frame: Frame): void {
  editor.zoomToBounds(frame.box, { inset: INSET, animation: { duration: 250 } })
}

/**
 * The facilitator showed everyone a part: this device goes to its board and shows it, the
 * projector whole, a participant its first frame (they step on from there).
 */
export function showPartHere(editor: Editor, part: PartState, whole: boolean): void {
  if (editor.getInstanceState().followingUserId) editor.stopFollowingUser()
  const frame = () => {
    const sections = currentBoard(editor)?.sections?.filter((s) => s.key === part.section)
    const frames = sections ? framesOnScreen(editor, sections) : []
    if (frames.length === 0) return
    const box = whole ? frames.map((f) => f.box).reduce(union) : frames[0]!.box
    showFrame(editor, { section: frames[0]!.section, box })
  }
  if (editor.getCurrentPageId() === part.boardId) return frame()
  if (!editor.getPage(part.boardId as TLPageId)) return
  editor.setCurrentPage(part.boardId as TLPageId)
  // After the board's own fit on opening.
  setTimeout(frame, 50)
}
