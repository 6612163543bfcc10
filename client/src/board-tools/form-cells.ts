import type { Editor, TLShape } from 'tldraw'
import type { JsonRecord } from '@sfs/shared'
import { isWriting } from '@sfs/boards'
import { currentBoard } from './current-board.ts'
import { moveKeepingZones } from './zone-of-writing.ts'

/** Space between two answers in a cell, and below a cell's question. */
const GAP = 12
/** Space kept free below the last answer, so the cell's edge never touches the text. */
const PADDING = 24
/** Arranging waits this long after the last keystroke or move, so typing stays smooth. */
const SETTLE_MS = 120

export type GrowCell = (boardId: string, zone: string, height: number) => Promise<unknown>

interface Box {
  x: number
  y: number
  w: number
  h: number
}

const zoneKeyOf = (shape: TLShape): string | null => {
  const zone = (shape.meta as { zone?: unknown }).zone
  return typeof zone === 'string' ? zone : null
}
const isTemplate = (shape: TLShape) => (shape.meta as { template?: unknown }).template === true

/** Where answers may start in a cell: below its question, which is drawn at its top. */
function contentTop(editor: Editor, cell: TLShape, bounds: Box): number {
  const geometry = editor.getShapeGeometry(cell) as { children?: { isLabel: boolean; isEmptyLabel: boolean; bounds: { maxY: number } }[] }
  const label = geometry.children?.find((child) => child.isLabel && !child.isEmptyLabel)
  return bounds.y + (label ? label.bounds.maxY : 0) + GAP
}

/**
 * Answers in the cell, top to bottom: each one placed at its own height or, when that would
 * cover the question or an answer above it, just below. Returns where each one goes.
 */
export function stackAnswers(answers: readonly { id: string; box: Box }[], top: number): Map<string, number> {
  const ordered = [...answers].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x || (a.id < b.id ? -1 : 1))
  const placed: Box[] = []
  const ys = new Map<string, number>()
  for (const { id, box } of ordered) {
    let y = Math.max(box.y, top)
    for (let moved = true; moved; ) {
      moved = false
      for (const above of placed) {
        const besides = box.x >= above.x + above.w || box.x + box.w <= above.x
        if (!besides && y < above.y + above.h + GAP && y + box.h + GAP > above.y) {
          y = above.y + above.h + GAP
          moved = true
        }
      }
    }
    placed.push({ ...box, y })
    ys.set(id, y)
  }
  return ys
}

/**
 * On a form board (A3 templates), answers in a cell never cover each other or the question,
 * and never run out of their cell: after a person's own change, the answers of that cell are
 * stacked, and a cell whose answers reach past its bottom asks the server to grow, with its
 * row. Only the writer's client arranges, so each change is arranged once.
 */
export function keepAnswersInCells(editor: Editor, grow: GrowCell): () => void {
  const pending = new Set<string>()
  const asked = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const arrange = (key: string) => {
    const pageId = editor.getCurrentPageId()
    const shapes = editor.getCurrentPageShapes()
    const cell = shapes.find((s) => isTemplate(s) && zoneKeyOf(s) === key)
    const bounds = cell && editor.getShapePageBounds(cell.id)
    if (!cell || !bounds) return
    const answers = shapes
      .filter((s) => s.parentId === pageId && !isTemplate(s) && zoneKeyOf(s) === key && isWriting(s as unknown as JsonRecord))
      .map((s) => ({ shape: s, box: editor.getShapePageBounds(s.id)! }))
      .filter((a) => a.box)
    const ys = stackAnswers(
      answers.map((a) => ({ id: a.shape.id, box: a.box })),
      contentTop(editor, cell, bounds),
    )
    const moves = answers.filter((a) => Math.abs(ys.get(a.shape.id)! - a.box.y) > 0.5).map((a) => ({ id: a.shape.id, type: a.shape.type, y: a.shape.y + ys.get(a.shape.id)! - a.box.y }))
    if (moves.length > 0) moveKeepingZones(editor, moves)

    if (bounds.h >= (asked.get(key) ?? Infinity)) asked.delete(key)
    const bottom = Math.max(...answers.map((a) => ys.get(a.shape.id)! + a.box.h))
    const needed = Math.ceil(bottom + PADDING - bounds.y)
    if (answers.length === 0 || needed <= bounds.h || needed <= (asked.get(key) ?? 0)) return
    asked.set(key, needed)
    grow(pageId, key, needed).catch(() => asked.delete(key))
  }

  const settle = () => {
    timer = undefined
    if (editor.isIn('select.translating') || editor.isIn('select.resizing')) {
      timer = setTimeout(settle, SETTLE_MS)
      return
    }
    const keys = [...pending]
    pending.clear()
    keys.forEach(arrange)
  }

  const stop = editor.store.listen(
    ({ changes }) => {
      if (!currentBoard(editor)?.formCells) return
      const touched = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, after]) => after)]
      for (const record of touched) {
        if (record.typeName !== 'shape' || isTemplate(record) || !isWriting(record as unknown as JsonRecord)) continue
        const key = zoneKeyOf(record)
        if (key) pending.add(key)
      }
      if (pending.size > 0 && !timer) timer = setTimeout(settle, SETTLE_MS)
    },
    { source: 'user', scope: 'document' },
  )
  return () => {
    stop()
    clearTimeout(timer)
  }
}
