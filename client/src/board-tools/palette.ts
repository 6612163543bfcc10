import { createShapeId, toRichText, type Editor } from 'tldraw'
import type { BoardDefinition, PaletteGroup } from '@sfs/shared'
import { addChild, nodeKind, rootNode } from './graph-editing.ts'
import { spotInView } from './current-board.ts'

/**
 * Adds a suggestion: on a graph board as a node (under the selected node when the kinds fit,
 * else under the centre), elsewhere as a note where the user is looking.
 */
export function addFromPalette(editor: Editor, board: BoardDefinition, group: PaletteGroup, item: string, nudge: number): void {
  const spec = board.graph
  if (spec) {
    const selected = editor.getOnlySelectedShape()
    const selectedKind = nodeKind(selected)
    const root = rootNode(editor, spec)
    const fits = selected && selectedKind && (!group.kind || spec.childKind[selectedKind] === group.kind)
    const parent = fits ? selected : group.kind && root && spec.childKind[spec.root] === group.kind ? root : (selected && selectedKind ? selected : root)
    if (parent) addChild(editor, spec, parent, item, group.kind)
    return
  }
  const at = spotInView(editor, nudge)
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add suggestion')
  editor.createShape({ id, type: 'note', x: at.x, y: at.y, props: { richText: toRichText(item) } })
  editor.select(id)
}
