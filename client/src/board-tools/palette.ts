import { createShapeId, toRichText, type Editor, type TLShape } from 'tldraw'
import type { BoardDefinition, GraphSpec, PaletteGroup } from '@sfs/shared'
import { addChild, nodeKind, parentOf, rootNode } from './graph-editing.ts'
import { spotInView } from './current-board.ts'

/** What a suggestion of `kind` does to the graph, from the selected node (or the centre). */
type Placement =
  | { action: 'under'; parent: TLShape }
  /** The node between is missing (an aktör chosen on a målgrupp): make it, then the suggestion under it. */
  | { action: 'between'; parent: TLShape; betweenKind: string }
  | { action: 'none' }

/**
 * Where a suggestion goes so that the method's hierarchy holds: under the selected node when
 * its children are of that kind; beside it when it is of that kind itself; with a new node
 * between when one level is missing; under the centre when that fits.
 */
function placeSuggestion(editor: Editor, spec: GraphSpec, kind: string | undefined): Placement {
  const root = rootNode(editor, spec)
  const selected = editor.getOnlySelectedShape()
  const from = nodeKind(selected) ? selected! : root
  if (!from) return { action: 'none' }
  const fromKind = nodeKind(from)!
  if (!kind || spec.childKind[fromKind] === kind) return { action: 'under', parent: from }
  if (fromKind === kind) {
    const above = parentOf(editor, from.id)
    const parent = above && editor.getShape(above)
    return parent ? { action: 'under', parent } : { action: 'none' }
  }
  const between = spec.childKind[fromKind]
  if (between && spec.childKind[between] === kind) return { action: 'between', parent: from, betweenKind: between }
  if (root && spec.childKind[nodeKind(root)!] === kind) return { action: 'under', parent: root }
  return { action: 'none' }
}

/**
 * Adds a suggestion: on a graph board as a node where the hierarchy says (see
 * placeSuggestion; false when it fits nowhere yet), elsewhere as a note where the user is
 * looking.
 */
export function addFromPalette(editor: Editor, board: BoardDefinition, group: PaletteGroup, item: string, nudge: number): boolean {
  const spec = board.graph
  if (spec) {
    const placement = placeSuggestion(editor, spec, group.kind)
    if (placement.action === 'none') return false
    if (placement.action === 'under') {
      addChild(editor, spec, placement.parent, item, group.kind)
      return true
    }
    const betweenId = addChild(editor, spec, placement.parent, '', placement.betweenKind)
    const between = betweenId && editor.getShape(betweenId)
    if (!between) return false
    editor.setEditingShape(null)
    addChild(editor, spec, between, item, group.kind)
    // The node between still needs its name: open it for typing.
    editor.select(between.id)
    editor.setEditingShape(between.id)
    return true
  }
  const at = spotInView(editor, nudge)
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add suggestion')
  editor.createShape({ id, type: 'note', x: at.x, y: at.y, props: { richText: toRichText(item) } })
  editor.select(id)
  return true
}
