import { describe, expect, it } from 'vitest'
import { mindmap, mindmapActors } from './mindmap.ts'
import { huxham } from './huxham.ts'
import { ctx, edge, graphNode, PAGE } from './kit/fixtures.ts'
import { shapeText } from './kit/records.ts'
import { MAX_GRAPH_DEPTH, type GraphNode } from './kit/graph.ts'

const template = mindmap.template(ctx)
const root = template.find((r) => (r.meta as { node?: string }).node === 'stad')!
const shape = (node: GraphNode | null): unknown => node && { [`${node.kind}:${node.text}`]: node.children.map(shape) }

describe('mindmap', () => {
  it('puts the workshop’s city in the centre', () => {
    expect(shapeText(root)).toBe('Malmö')
    expect(shapeText(mindmap.template({ ...ctx, city: '' }).find((r) => (r.meta as { node?: string }).node === 'stad')!)).toBe('Vår stad')
  })

  it('gives a spreadsheet row per node, with its path, who added it and when', () => {
    const group = { ...graphNode('malgrupp', 'Hemlösa', 400, 200), meta: { node: 'malgrupp', author: 'Nora', createdAt: '2026-11-24T09:00:00.000Z' } }
    const place = { ...graphNode('plats', 'Härbärget', 800, 200), meta: { node: 'plats', author: 'Lars', createdAt: '2026-11-24T09:05:00.000Z' } }
    const rows = mindmap.rows(mindmap.extract([...template, group, place, ...edge(root, group), ...edge(group, place)], PAGE))
    expect(rows).toEqual([
      { section: 'Målgrupp', text: 'Hemlösa', author: 'Nora', votes: 0, createdAt: '2026-11-24T09:00:00.000Z' },
      { section: 'Hemlösa → Plats / verksamhet', text: 'Härbärget', author: 'Lars', votes: 0, createdAt: '2026-11-24T09:05:00.000Z' },
    ])
  })

  it('reads the tree from the arrows, and the actors with the way they were reached', () => {
    const refugees = graphNode('malgrupp', 'Flyktingar', 400, 200)
    const homeless = graphNode('malgrupp', 'Hemlösa', 400, 700)
    const housing = graphNode('plats', 'Boenden', 800, 200)
    const station = graphNode('plats', 'Centralstationen', 800, 700)
    const landlords = graphNode('aktor', 'Hyresvärdar', 1200, 150)
    const social = graphNode('aktor', 'Socialförvaltningen', 1200, 300)
    const social2 = graphNode('aktor', 'socialförvaltningen', 1200, 700)
    const records = [
      ...template,
      refugees,
      homeless,
      housing,
      station,
      landlords,
      social,
      social2,
      ...edge(root, refugees),
      ...edge(root, homeless),
      ...edge(refugees, housing),
      ...edge(homeless, station),
      ...edge(housing, landlords),
      ...edge(housing, social),
      ...edge(station, social2),
    ]
    const result = mindmap.extract(records, PAGE)
    expect(shape(result.tree)).toEqual({
      'stad:Malmö': [
        { 'malgrupp:Flyktingar': [{ 'plats:Boenden': [{ 'aktor:Hyresvärdar': [] }, { 'aktor:Socialförvaltningen': [] }] }] },
        { 'malgrupp:Hemlösa': [{ 'plats:Centralstationen': [{ 'aktor:socialförvaltningen': [] }] }] },
      ],
    })
    expect(result.actors).toEqual([
      { name: 'Hyresvärdar', via: [['Flyktingar', 'Boenden']] },
      { name: 'Socialförvaltningen', via: [['Flyktingar', 'Boenden'], ['Hemlösa', 'Centralstationen']] },
    ])
    expect(result.loose).toEqual([])
  })

  it('lists unconnected nodes as loose and survives cycles', () => {
    const a = graphNode('malgrupp', 'A', 0, 0)
    const b = graphNode('plats', 'B', 0, 300)
    const alone = graphNode('aktor', 'Ensam', 0, 600)
    const records = [...template, a, b, alone, ...edge(root, a), ...edge(a, b), ...edge(b, a)]
    const result = mindmap.extract(records, PAGE)
    expect(shape(result.tree)).toEqual({ 'stad:Malmö': [{ 'malgrupp:A': [{ 'plats:B': [] }] }] })
    expect(result.loose.map((n) => n.text)).toEqual(['Ensam'])
  })

  it('reads a chain drawn 5,000 deep without running out of stack: the levels past the bound count as loose', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => graphNode('plats', `N${i}`, 0, i))
    const records = [...template, ...chain, ...edge(root, chain[0]!), ...chain.slice(1).flatMap((node, i) => edge(chain[i]!, node))]
    const result = mindmap.extract(records, PAGE)
    let depth = 0
    for (let node = result.tree; node && node.children.length; node = node.children[0]!) depth++
    expect(depth).toBe(MAX_GRAPH_DEPTH)
    expect(result.loose).toHaveLength(5000 - MAX_GRAPH_DEPTH)
    expect(mindmap.report(result).length).toBeGreaterThan(0)
  })

  it('offers its actors to the Huxham board, and the method’s suggestions on itself', () => {
    const page = { ...template[0]!, id: PAGE }
    const place = graphNode('plats', 'Hotellen', 500, 500)
    const hotel = graphNode('aktor', 'Hotell', 900, 500)
    const records = [page, ...template.slice(1), place, hotel, ...edge(root, place), ...edge(place, hotel)]
    expect(mindmapActors(records)).toEqual(['Hotell'])
    expect(huxham.palette!(records)).toEqual([{ label: expect.any(Object), items: ['Hotell'] }])
    expect(huxham.palette!([])).toEqual([])
    const groups = mindmap.palette!([])
    expect(groups.map((g) => g.kind)).toEqual(['malgrupp', 'aktor'])
    expect(groups[0]!.items).toContain('Utsatta EU-migranter')
    expect(groups[1]!.items).toContain('Hälso- och sjukvård')
  })
})
