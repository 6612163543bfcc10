import { getDisplayValues, type Editor, type TLGeoShape, type TLShape, type TLShapeId } from 'tldraw'
import { tidyLayout, type LayoutBox } from '@sfs/boards'
import { currentBoard } from './current-board.ts'
import { childrenOf, nodeKind, rootNode } from './graph-editing.ts'

/** Waits for typing to pause and drags to end before the map is laid out again. */
const SETTLE_MS = 150
/** Room between the board's heading and the map. */
const HEADING_GAP = 24
/** Room beside a node's longest word, so the word is never split across lines. */
const WORD_MARGIN = 24

/** The width a node needs so that its longest word fits on one line. */
function widthForWords(editor: Editor, node: TLGeoShape): number {
  const longest = editor
    .getShapeUtil(node)
    .getText(node)
    ?.split(/\s+/)
    .reduce((a, b) => (b.length > a.length ? b : a), '')
  if (!longest) return 0
  const dv = getDisplayValues(editor.getShapeUtil(node) as never, node) as { labelFontFamily: string; labelFontSize: number; labelLineHeight: number; labelPadding: number }
  const word = editor.textMeasure.measureText(longest, { fontStyle: 'normal', fontWeight: 'normal', fontFamily: dv.labelFontFamily, fontSize: dv.labelFontSize, lineHeight: dv.labelLineHeight, maxWidth: null, padding: '0px' })
  return Math.ceil((word.w + dv.labelPadding * 2 + WORD_MARGIN) * node.props.scale)
}

/** Widens a node its writer is typing in when a word would no longer fit. */
function widenForWords(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('shape', (before, after, source) => {
    if (source !== 'user' || !nodeKind(after) || after.type !== 'geo') return after
    const node = after as TLGeoShape
    if (node.props.richText === (before as TLGeoShape).props.richText) return after
    const needed = widthForWords(editor, node)
    return needed > node.props.w ? ({ ...node, props: { ...node.props, w: needed } } as TLShape) : after
  })
}

/**
 * Keeps a mind map tidy (see tidyLayout): after a person adds, removes, moves or types in a
 * node, their client lays the tree out again and moves the nodes that need it. The layout
 * follows from the tree, the nodes' sizes and their order, so every client that does it
 * puts each node in the same place.
 */
export function keepMindmapTidy(editor: Editor): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined

  const tidy = () => {
    timer = undefined
    if (editor.isIn('select.translating') || editor.isIn('select.resizing')) {
      timer = setTimeout(tidy, SETTLE_MS)
      return
    }
    const spec = currentBoard(editor)?.graph
    const root = spec && rootNode(editor, spec)
    if (!root) return
    const boxes = new Map<string, LayoutBox>()
    const children = new Map<string, string[]>()
    for (const shape of editor.getCurrentPageShapes()) {
      if (!nodeKind(shape)) continue
      const bounds = editor.getShapePageBounds(shape.id)
      if (!bounds) continue
      boxes.set(shape.id, { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h })
      children.set(shape.id, childrenOf(editor, shape.id))
    }
    // The board's heading and instructions, above the centre, stay readable.
    const rootTop = editor.getShapePageBounds(root.id)!.y
    const above = editor
      .getCurrentPageShapes()
      .filter((s) => (s.meta as { template?: unknown }).template === true && !nodeKind(s))
      .map((s) => editor.getShapePageBounds(s.id)!.maxY)
      .filter((bottom) => bottom <= rootTop)
    const pageId = editor.getCurrentPageId()
    const moves = [...tidyLayout(root.id, boxes, children, above.length ? Math.max(...above) + HEADING_GAP : -Infinity)]
      .map(([id, to]) => ({ shape: editor.getShape(id as TLShapeId)!, from: boxes.get(id)!, to }))
      .filter(({ shape, from, to }) => shape.parentId === pageId && (Math.abs(from.x - to.x) > 0.5 || Math.abs(from.y - to.y) > 0.5))
      .map(({ shape, to }) => ({ id: shape.id, type: shape.type, x: to.x, y: to.y }))
    if (moves.length > 0) editor.run(() => editor.updateShapes(moves), { history: 'ignore' })
  }

  const stopWidening = widenForWords(editor)
  const stop = editor.store.listen(
    ({ changes }) => {
      if (!currentBoard(editor)?.graph) return
      const touched = [...Object.values(changes.added), ...Object.values(changes.removed), ...Object.values(changes.updated).map(([, after]) => after)]
      const structural = touched.some((r) => r.typeName === 'binding' || (r.typeName === 'shape' && (nodeKind(r) || (r.meta as { edge?: unknown }).edge === true)))
      if (structural && !timer) timer = setTimeout(tidy, SETTLE_MS)
    },
    { source: 'user', scope: 'document' },
  )
  return () => {
    stop()
    stopWidening()
    clearTimeout(timer)
  }
}
