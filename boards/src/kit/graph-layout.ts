/**
 * The mind map's tidy layout: the centre stays; its children go right or left of it, each
 * keeping its side; every node's subtree gets its own band of height, so nothing overlaps;
 * a parent sits level with the middle of its children; each depth is a column. Siblings
 * keep the order they have top to bottom, so moving a node above another reorders them.
 * Iterative throughout: a tree's depth is chosen by whoever draws it.
 */

export interface LayoutBox {
  x: number
  y: number
  w: number
  h: number
}

/** Room between a parent's column and its children's. */
export const LAYOUT_GAP_X = 120
/** Room between two subtrees stacked on one side. */
export const LAYOUT_GAP_Y = 24

type Side = 1 | -1

/**
 * Where every node reachable from `rootId` goes (top-left corners; the root's is its own).
 * `children` lists each node's children in any order; a node reached twice is laid out once.
 * No node goes above `top` (the board's heading is there): a side taller than the room above
 * the centre grows downward instead.
 */
export function tidyLayout(
  rootId: string,
  boxes: ReadonlyMap<string, LayoutBox>,
  children: ReadonlyMap<string, readonly string[]>,
  top = -Infinity,
): Map<string, { x: number; y: number }> {
  const root = boxes.get(rootId)
  const placed = new Map<string, { x: number; y: number }>()
  if (!root) return placed
  const centreY = (id: string) => boxes.get(id)!.y + boxes.get(id)!.h / 2
  const centreX = (id: string) => boxes.get(id)!.x + boxes.get(id)!.w / 2

  // The tree, each node once, children in their order top to bottom.
  const kids = new Map<string, string[]>()
  const depth = new Map<string, number>([[rootId, 0]])
  const side = new Map<string, Side>()
  const preorder: string[] = []
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()!
    preorder.push(id)
    const own = [...new Set(children.get(id) ?? [])].filter((c) => boxes.has(c) && !depth.has(c))
    own.sort((a, b) => centreY(a) - centreY(b) || (a < b ? -1 : 1))
    kids.set(id, own)
    for (const child of own) {
      depth.set(child, depth.get(id)! + 1)
      side.set(child, id === rootId ? (centreX(child) >= centreX(rootId) ? 1 : -1) : side.get(id)!)
    }
    for (let i = own.length - 1; i >= 0; i--) stack.push(own[i]!)
  }

  // Each subtree's band: the node, or its children stacked, whichever is taller.
  const band = new Map<string, number>()
  const block = (id: string) => {
    const own = kids.get(id)!
    return own.reduce((sum, c) => sum + band.get(c)!, 0) + LAYOUT_GAP_Y * Math.max(0, own.length - 1)
  }
  for (let i = preorder.length - 1; i > 0; i--) {
    const id = preorder[i]!
    band.set(id, Math.max(boxes.get(id)!.h, block(id)))
  }

  // Columns: as wide as the widest node at that depth on that side.
  const columnWidth = new Map<string, number>()
  for (const id of preorder.slice(1)) {
    const key = `${side.get(id)}:${depth.get(id)}`
    columnWidth.set(key, Math.max(columnWidth.get(key) ?? 0, boxes.get(id)!.w))
  }
  const columnEdge = new Map<string, number>()
  for (const s of [1, -1] as const) {
    let edge = s === 1 ? root.x + root.w : root.x
    for (let d = 1; columnWidth.has(`${s}:${d}`); d++) {
      edge += s * LAYOUT_GAP_X
      columnEdge.set(`${s}:${d}`, edge)
      edge += s * columnWidth.get(`${s}:${d}`)!
    }
  }

  // Top down: each side's first level centred on the root, then each node in its band.
  const bandTops = new Map<string, number>()
  placed.set(rootId, { x: root.x, y: root.y })
  for (const s of [1, -1] as const) {
    const first = kids.get(rootId)!.filter((c) => side.get(c) === s)
    const height = first.reduce((sum, c) => sum + band.get(c)!, 0) + LAYOUT_GAP_Y * Math.max(0, first.length - 1)
    let y = Math.max(top, root.y + root.h / 2 - height / 2)
    for (const child of first) {
      bandTops.set(child, y)
      y += band.get(child)! + LAYOUT_GAP_Y
    }
  }
  for (const id of preorder.slice(1)) {
    const box = boxes.get(id)!
    const s = side.get(id)!
    const bandTop = bandTops.get(id)!
    const inner = block(id)
    const edge = columnEdge.get(`${s}:${depth.get(id)}`)!
    placed.set(id, { x: s === 1 ? edge : edge - box.w, y: bandTop + (band.get(id)! - box.h) / 2 })
    let y = bandTop + (band.get(id)! - inner) / 2
    for (const child of kids.get(id)!) {
      bandTops.set(child, y)
      y += band.get(child)! + LAYOUT_GAP_Y
    }
  }
  return placed
}
