/**
 * Mind-map editing for any board with a graph: add a child or a sibling node, joined to
 * its parent by an arrow bound at both ends, so the line follows when nodes move.
 */
import { createBindingId, createShapeId, type Editor, type TLArrowBinding, type TLShape, type TLShapeId } from 'tldraw'
import type { GraphSpec } from '@sfs/shared'
import { NODE_SIZE, nodeProps } from '@sfs/boards'

const GAP_X = 140
const GAP_Y = 30

export function nodeKind(shape: TLShape | undefined | null): string | null {
  const kind = (shape?.meta as { node?: unknown } | undefined)?.node
  return typeof kind === 'string' ? kind : null
}

function arrowBindings(editor: Editor, shapeId: TLShapeId, terminal: 'start' | 'end'): TLArrowBinding[] {
  return editor.getBindingsToShape<TLArrowBinding>(shapeId, 'arrow').filter((b) => b.props.terminal === terminal)
}

function otherEnd(editor: Editor, arrowId: TLShapeId, terminal: 'start' | 'end'): TLShapeId | null {
  return editor.getBindingsFromShape<TLArrowBinding>(arrowId, 'arrow').find((b) => b.props.terminal === terminal)?.toId ?? null
}

export function childrenOf(editor: Editor, nodeId: TLShapeId): TLShapeId[] {
  return arrowBindings(editor, nodeId, 'start')
    .map((b) => otherEnd(editor, b.fromId, 'end'))
    .filter((id): id is TLShapeId => !!id && !!editor.getShape(id))
}

export function parentOf(editor: Editor, nodeId: TLShapeId): TLShapeId | null {
  const incoming = arrowBindings(editor, nodeId, 'end')[0]
  return incoming ? otherEnd(editor, incoming.fromId, 'start') : null
}

export function rootNode(editor: Editor, spec: GraphSpec): TLShape | null {
  return editor.getCurrentPageShapes().find((s) => nodeKind(s) === spec.root) ?? null
}

/** The selected node, or the root when nothing (or something else) is selected. */
export function targetNode(editor: Editor, spec: GraphSpec): TLShape | null {
  const selected = editor.getOnlySelectedShape()
  return nodeKind(selected) ? selected : rootNode(editor, spec)
}

/**
 * Adds a node under `parent`; it is selected and, when empty, opened for typing. Under a
 * leaf (an aktör) nothing goes: the new node goes beside it, under the same parent.
 */
export function addChild(editor: Editor, spec: GraphSpec, parent: TLShape, text = '', kind?: string): TLShapeId | null {
  const parentKind = nodeKind(parent)
  if (!parentKind) return null
  if (!kind && !spec.childKind[parentKind]) {
    const above = parentOf(editor, parent.id)
    const grandparent = above && editor.getShape(above)
    return grandparent ? addChild(editor, spec, grandparent, text, parentKind) : null
  }
  const childKind = kind ?? spec.childKind[parentKind]!
  const parentBounds = editor.getShapePageBounds(parent)!
  const root = rootNode(editor, spec)
  const rootBounds = root ? editor.getShapePageBounds(root)! : parentBounds
  const siblings = childrenOf(editor, parent.id)
  // Children of the centre alternate right and left; deeper nodes grow away from the centre.
  const direction = parent.id === root?.id ? (siblings.length % 2 === 0 ? 1 : -1) : parentBounds.midX >= rootBounds.midX ? 1 : -1
  const sameSide = siblings.map((id) => editor.getShapePageBounds(id)!).filter((b) => Math.sign(b.midX - parentBounds.midX) === direction)
  const x = direction > 0 ? parentBounds.maxX + GAP_X : parentBounds.minX - GAP_X - NODE_SIZE.w
  const y = sameSide.length ? Math.max(...sameSide.map((b) => b.maxY)) + GAP_Y : parentBounds.midY - NODE_SIZE.h / 2

  const nodeId = createShapeId()
  const arrowId = createShapeId()
  editor.markHistoryStoppingPoint('add node')
  editor.run(
    () => {
      editor.createShape({ id: nodeId, type: 'geo', x, y, meta: { node: childKind }, props: nodeProps(spec, childKind, text) as never })
      editor.createShape({ id: arrowId, type: 'arrow', x: 0, y: 0, meta: { edge: true }, props: { start: { x: 0, y: 0 }, end: { x: 1, y: 1 } } })
      const anchor = { normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' as const }
      editor.createBindings([
        { id: createBindingId(), type: 'arrow', fromId: arrowId, toId: parent.id, props: { terminal: 'start', ...anchor } },
        { id: createBindingId(), type: 'arrow', fromId: arrowId, toId: nodeId, props: { terminal: 'end', ...anchor } },
      ])
      editor.sendToBack([arrowId])
      editor.select(nodeId)
      if (!text) editor.setEditingShape(nodeId)
    },
    // The centre node is a locked template shape: binding to it must still be possible.
    { ignoreShapeLock: true },
  )
  // Keep typing where you can see it: follow a node that landed outside the view.
  const bounds = editor.getShapePageBounds(nodeId)
  if (bounds && !editor.getViewportPageBounds().contains(bounds)) editor.centerOnPoint(bounds.center, { animation: { duration: 200 } })
  return nodeId
}

/** Adds a node beside `node`: another child of its parent (of the centre, for the centre itself). */
export function addSibling(editor: Editor, spec: GraphSpec, node: TLShape): TLShapeId | null {
  const parentId = parentOf(editor, node.id)
  const parent = parentId ? editor.getShape(parentId) : rootNode(editor, spec)
  return parent ? addChild(editor, spec, parent, '', parentId ? nodeKind(node) ?? undefined : undefined) : null
}

/**
 * Tab adds a child and Enter a sibling, as in mind-map tools, both while a node is selected
 * and while typing in it (Shift+Enter still starts a new line).
 */
export function installGraphKeys(editor: Editor, graphOf: () => GraphSpec | null): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' && event.key !== 'Enter') return
    if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return
    // Only keys meant for the canvas: a focused button or field elsewhere keeps its Enter.
    const focused = event.target as Node | null
    if (focused !== document.body && !editor.getContainer().contains(focused)) return
    // Under the list view the canvas is inert: Tab there moves focus, as everywhere else.
    if (editor.getContainer().closest('[inert]')) return
    const spec = graphOf()
    if (!spec || editor.getInstanceState().isReadonly) return
    const editing = editor.getEditingShape()
    if (editing && !nodeKind(editing)) return
    const node = editing ?? editor.getOnlySelectedShape()
    if (!editing && node && !nodeKind(node)) return
    const target = node ?? rootNode(editor, spec)
    if (!target) return
    event.preventDefault()
    event.stopPropagation()
    if (editing) editor.setEditingShape(null)
    if (event.key === 'Tab' || !node) addChild(editor, spec, target)
    else addSibling(editor, spec, target)
  }
  window.addEventListener('keydown', onKeyDown, { capture: true })
  return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
}
