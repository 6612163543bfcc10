/**
 * Graph boards (the mind map): nodes are shapes tagged `meta.node = <kind>`, edges are
 * arrows whose start is bound to the parent and whose end is bound to the child.
 */
import type { GraphSpec, JsonRecord } from '@sfs/shared'
import { geoProps } from './shapes.ts'
import { shapesOnPage, shapeText } from './records.ts'

export interface GraphNode {
  id: string
  kind: string
  text: string
  /** Who added it and when, as stamped by their client (empty for the template's centre). */
  author: string
  createdAt: string
  children: GraphNode[]
}

function stamp(record: JsonRecord): { author: string; createdAt: string } {
  const meta = metaOf(record)
  return { author: typeof meta.author === 'string' ? meta.author : '', createdAt: typeof meta.createdAt === 'string' ? meta.createdAt : '' }
}

function metaOf(record: JsonRecord): Record<string, unknown> {
  return (record.meta ?? {}) as Record<string, unknown>
}

export const NODE_SIZE = { w: 240, h: 120 }

/**
 * The tree is read this many levels deep (the method has four); nodes further down count as
 * loose. Bounds the recursion of everything that walks the tree, whoever drew it.
 */
export const MAX_GRAPH_DEPTH = 32

/** Props of a node shape of the given kind (the client and templates share them). */
export function nodeProps(spec: GraphSpec, kind: string, text: string, size = NODE_SIZE) {
  const look = spec.kinds.find((k) => k.key === kind) ?? spec.kinds[0]!
  return geoProps({ w: size.w, h: size.h, geo: look.geo, color: look.color, text })
}

/** Parent → children edges, read from arrow bindings (start = parent, end = child). */
export function graphEdges(records: JsonRecord[]): { parent: string; child: string; arrow: string }[] {
  const ends = new Map<string, { start?: string; end?: string }>()
  for (const r of records) {
    if (r.typeName !== 'binding' || r.type !== 'arrow') continue
    const terminal = (r.props as { terminal?: string } | undefined)?.terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const arrow = String(r.fromId)
    ends.set(arrow, { ...ends.get(arrow), [terminal]: String(r.toId) })
  }
  return [...ends.entries()].filter(([, e]) => e.start && e.end).map(([arrow, e]) => ({ parent: e.start!, child: e.end!, arrow }))
}

export interface GraphResult {
  root: GraphNode | null
  /** Nodes not connected to the root (drawn but not yet linked). */
  loose: GraphNode[]
}

/** The tree from the root node, each node once (a cycle or a second parent is not followed twice), at most MAX_GRAPH_DEPTH deep. */
export function readGraph(records: JsonRecord[], pageId: string, rootKind: string): GraphResult {
  const nodes = shapesOnPage(records, pageId).filter((s) => typeof metaOf(s).node === 'string')
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const childrenOf = new Map<string, string[]>()
  const sorted = graphEdges(records)
    .filter((e) => byId.has(e.parent) && byId.has(e.child))
    .sort((a, b) => Number(byId.get(a.child)!.y) - Number(byId.get(b.child)!.y))
  for (const edge of sorted) childrenOf.set(edge.parent, [...(childrenOf.get(edge.parent) ?? []), edge.child])

  const seen = new Set<string>()
  const build = (id: string, depth: number): GraphNode => {
    seen.add(id)
    const record = byId.get(id)!
    const below = depth < MAX_GRAPH_DEPTH ? (childrenOf.get(id) ?? []) : []
    const children = below.filter((child) => !seen.has(child)).map((child) => build(child, depth + 1))
    return { id, kind: String(metaOf(record).node), text: shapeText(record), ...stamp(record), children }
  }
  const rootRecord = nodes.find((n) => metaOf(n).node === rootKind)
  const root = rootRecord ? build(rootRecord.id, 0) : null
  const loose = nodes.filter((n) => !seen.has(n.id)).map((n) => ({ id: n.id, kind: String(metaOf(n).node), text: shapeText(n), ...stamp(n), children: [] }))
  return { root, loose }
}

/** Every node of a kind, with the path of texts that leads to it from the root. */
export function nodesOfKind(root: GraphNode | null, kind: string): { node: GraphNode; path: string[] }[] {
  const out: { node: GraphNode; path: string[] }[] = []
  const walk = (node: GraphNode, path: string[]) => {
    if (node.kind === kind) out.push({ node, path })
    for (const child of node.children) walk(child, [...path, node.text])
  }
  if (root) walk(root, [])
  return out
}
