import { describe, expect, it } from 'vitest'
import { BOARDS, boardDefinition } from './index.ts'
import { boardOutline } from './kit/outline.ts'
import { ctx, edge, graphNode, note, noteCenteredAt, PAGE } from './kit/fixtures.ts'
import { markerShape } from './kit/markers.ts'

const outlineOf = (kind: string, extra: ReturnType<typeof note>[] = []) => {
  const board = boardDefinition(kind)!
  return boardOutline(board, [...board.template(ctx), ...extra], PAGE)
}
const zonesOf = (outline: ReturnType<typeof boardOutline>) => outline.groups.flatMap((g) => g.zones.map((z) => ({ ...z, group: g.title })))

describe('a board read as a list', () => {
  it.each(BOARDS.map((b) => b.kind))('%s: every zone once, each with a name that is unique where it is read', (kind) => {
    const board = boardDefinition(kind)!
    const template = board.template(ctx)
    const zoneKeys = template.filter((r) => typeof (r.meta as { zone?: unknown }).zone === 'string').map((r) => (r.meta as { zone: string }).zone)
    const zones = zonesOf(outlineOf(kind))
    expect(zones.map((z) => z.key).sort()).toEqual([...zoneKeys].sort())
    const fullNames = zones.map((z) => `${z.group} / ${z.name}`)
    expect(new Set(fullNames).size).toBe(fullNames.length)
    for (const zone of zones) expect(zone.name.trim()).not.toBe('')
  })

  it('keeps the board’s own order and groups repeated zones under their question', () => {
    expect(zonesOf(outlineOf('swot')).map((z) => z.name)).toEqual(['Styrkor (interna)', 'Svagheter (interna)', 'Möjligheter (externa)', 'Hot (externa)'])
    const brave = outlineOf('brave-space')
    expect(brave.groups.map((g) => g.title)).toEqual([expect.stringMatching(/^Fråga 1:/), expect.stringMatching(/^Fråga 2:/)])
    expect(brave.groups[0]!.zones.map((z) => z.name)).toEqual(['Grupp A', 'Likheter', 'Grupp B'])
    const huxham = zonesOf(outlineOf('huxham'))
    expect(huxham.find((z) => z.key === 'nu-2')).toMatchObject({ group: 'Nu', name: '2. Koordinering', level: 2 })
    const plan = zonesOf(outlineOf('a3-samverkansplan'))
    expect(plan.find((z) => z.key === 'ar1-2')).toMatchObject({ group: 'Delmål 2', name: 'Aktiviteter och insatser – År 1' })
  })

  it('lists each note in its zone with its owner, markers apart from notes, and what is outside every zone', () => {
    const mine = { ...noteCenteredAt('Engagerade medarbetare', 300, 300), meta: { owner: 'u1', author: 'Anna', zone: 'styrkor' } }
    const kept = { ...noteCenteredAt('Ännu privat', 1400, 400), meta: { owner: 'u1', private: true } }
    const outside = note('Utanför', 3000, 3000)
    const swot = outlineOf('swot', [mine, kept, outside])
    const styrkor = zonesOf(swot).find((z) => z.key === 'styrkor')!
    expect(styrkor.notes).toMatchObject([{ text: 'Engagerade medarbetare', owner: 'u1', author: 'Anna', private: false }])
    expect(zonesOf(swot).find((z) => z.key === 'svagheter')!.notes).toMatchObject([{ text: 'Ännu privat', private: true }])
    expect(swot.unplaced.map((n) => n.text)).toEqual(['Utanför'])

    const ambition = boardDefinition('ambition')!
    const level3 = ambition.template(ctx).find((r) => (r.meta as { zone?: unknown }).zone === 'niva-3')!
    const marker = markerShape({ id: 'shape:m1', pageId: PAGE, spec: ambition.markers![0]!, owner: 'u1', ownerName: 'Anna', x: Number(level3.x) + 20, y: Number(level3.y) + 120, index: 'b1' })
    const zone = zonesOf(outlineOf('ambition', [marker])).find((z) => z.key === 'niva-3')!
    expect(zone.level).toBe(3)
    expect(zone.markers).toMatchObject([{ id: 'shape:m1', kind: 'nu', owner: 'u1' }])
    expect(zone.notes).toEqual([])
  })

  it('reads the mind map as a tree', () => {
    const board = boardDefinition('mindmap')!
    const template = board.template(ctx)
    const root = template.find((r) => (r.meta as { node?: unknown }).node === 'stad')!
    const group = graphNode('malgrupp', 'Hemlösa', 1400, 400)
    const place = graphNode('plats', 'Härbärget', 1800, 400)
    const outline = boardOutline(board, [...template, group, place, ...edge(root, group), ...edge(group, place)], PAGE)
    expect(outline.tree?.children.map((c) => [c.text, c.children.map((g) => g.text)])).toEqual([['Hemlösa', ['Härbärget']]])
  })
})
