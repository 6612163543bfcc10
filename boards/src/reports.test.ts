/** The reports read like the method's documents. */
import { describe, expect, it } from 'vitest'
import type { Block } from '@sfs/shared'
import { a3Rutin } from './a3-rutin.ts'
import { a3Samverkansplan } from './a3-samverkansplan.ts'
import { huxham } from './huxham.ts'
import { ambition } from './ambition.ts'
import { mindmap } from './mindmap.ts'
import { ctx, edge, graphNode, noteCenteredAt, PAGE, strokeAt, textAt, zoneBox } from './kit/fixtures.ts'
import { markerShape, MARKER_SIZE } from './kit/markers.ts'
import { noteLines, NO_ANSWERS } from './kit/report.ts'
import { BOARDS } from './index.ts'

const text = (blocks: Block[]) =>
  blocks.map((b) => (b.type === 'heading' ? `# ${b.text}` : b.type === 'paragraph' ? `${b.label ? `${b.label}: ` : ''}${b.text}` : b.type === 'list' ? b.items.map((i) => `- ${i.text}`).join('\n') : JSON.stringify([b.header, ...b.rows])))

describe('reports', () => {
  it('counts votes in Swedish: 1 röst, 2 röster', () => {
    const note = (text: string, votes: number) => ({ id: text, text, color: '', votes, author: '', createdAt: '' })
    expect(noteLines([note('Tydliga rutiner', 1), note('Bred kompetens', 2), note('Utan röster', 0)])).toEqual(['Tydliga rutiner (1 röst)', 'Bred kompetens (2 röster)', 'Utan röster'])
  })

  it('the routine reads step by step: who acts and how to reach them, then the timeline and who signed', () => {
    const t = a3Rutin.template(ctx)
    const records = [
      ...t,
      textAt('Polisen', zoneBox(t, 'aktor-2').x + 10, zoneBox(t, 'aktor-2').cy),
      textAt('114 14', zoneBox(t, 'kontakt-2').x + 10, zoneBox(t, 'kontakt-2').cy),
      noteCenteredAt('Ta fram', zoneBox(t, 'tidslinje').x + 400, zoneBox(t, 'tidslinje').cy),
      textAt('Socialtjänsten', zoneBox(t, 'organisation-1').x + 10, zoneBox(t, 'organisation-1').cy),
      strokeAt(zoneBox(t, 'signatur-1').x + 30, zoneBox(t, 'signatur-1').y + 50),
    ]
    const blocks = a3Rutin.report(a3Rutin.extract(records, PAGE))
    const lines = text(blocks)
    // The chain as the method's step table: step, answers, who acts, how to reach them; empty cells stay empty.
    const steps = blocks[lines.indexOf('# Stegen') + 1]!
    expect(steps.type === 'table' && steps.header).toEqual(['Steg', 'Svar', 'Aktör – vem gör vad?', 'Kontaktväg – telefon, tider, adress'])
    expect(steps.type === 'table' && steps.rows.slice(0, 2)).toEqual([
      [['1. Formulera målet'], [], [], []],
      [['2. Upptäcka brottet'], [], ['Polisen'], ['114 14']],
    ])
    expect(steps.type === 'table' && steps.rows).toHaveLength(6)
    expect(lines[lines.indexOf('# Tidslinje') + 1]).toBe('- ▶ Vi är här\n- Ta fram')
    expect(lines[lines.indexOf('# Bekräftelsen') + 1]).toBe(JSON.stringify([['Organisation', 'Representant', 'Datum', 'Signerad'], [['Socialtjänsten'], [], [], ['Ja']]]))
    // No "–" standing in for nothing.
    expect(lines.filter((line) => line === '–' || line === '- –' || line.includes('["–"]'))).toEqual([])
  })

  it('the plan is the method’s grid: a row per delmål with its targets and activities year by year', () => {
    const t = a3Samverkansplan.template(ctx)
    const at = (text: string, zone: string) => textAt(text, zoneBox(t, zone).x + 10, zoneBox(t, zone).cy)
    const records = [...t, at('Fler anmälningar', 'delmal-1'), at('år 1: 5, år 2: 7', 'mal-1'), at('Polisen: insatsvecka', 'ar2-1'), at('Utvärdering', 'ar3-1')]
    const grid = a3Samverkansplan.report(a3Samverkansplan.extract(records, PAGE)).find((b) => b.type === 'table')!
    expect(grid.type === 'table' && grid.header).toEqual(['Delmål', 'Mål per år', 'År 1', 'År 2', 'År 3'])
    expect(grid.type === 'table' && grid.rows).toEqual([
      [['Delmål 1: Fler anmälningar'], ['år 1: 5, år 2: 7'], [], ['Polisen: insatsvecka'], ['Utvärdering']],
      [['Delmål 2'], [], [], [], []],
      [['Delmål 3'], [], [], [], []],
    ])
  })

  it('the ladder and the scale are tables of placements', () => {
    const h = huxham.template(ctx)
    const cards = [noteCenteredAt('Hotell', zoneBox(h, 'nu-2').cx, zoneBox(h, 'nu-2').cy), noteCenteredAt('Hotell', zoneBox(h, 'onskat-4').cx, zoneBox(h, 'onskat-4').cy)]
    expect(huxham.report(huxham.extract([...h, ...cards], PAGE))[0]).toEqual({
      type: 'table',
      header: ['Aktör', 'Nivå nu', 'Önskad nivå'],
      rows: [[['Hotell'], ['2. Koordinering'], ['4. Samarbete']]],
    })
    const a = ambition.template(ctx)
    const level2 = zoneBox(a, 'niva-2')
    const marker = markerShape({ id: 'shape:m', pageId: PAGE, spec: ambition.markers![0]!, owner: 'u', ownerName: 'U', x: level2.cx - MARKER_SIZE.w / 2, y: level2.cy, index: 'a5' })
    const blocks = ambition.report(ambition.extract([...a, marker], PAGE))
    expect((blocks[0] as { rows: string[][][] }).rows[1]).toEqual([['2. Den förberedda krishanteraren'], ['1'], ['0']])
    expect(blocks[1]).toEqual({ type: 'paragraph', label: 'Median', text: 'nu 2, önskat –' })
  })

  it('the mind map is a nested list from the city', () => {
    const t = mindmap.template(ctx)
    const root = t.find((r) => (r.meta as { node?: string }).node === 'stad')!
    const group = graphNode('malgrupp', 'Hemlösa', 0, 0)
    const place = graphNode('plats', 'Härbärget', 0, 0)
    const [tree] = mindmap.report(mindmap.extract([...t, group, place, ...edge(root, group), ...edge(group, place)], PAGE))
    expect(tree).toEqual({ type: 'list', items: [{ text: 'Malmö', children: [{ text: 'Hemlösa (målgrupp)', children: [{ text: 'Härbärget (plats / verksamhet)', children: [] }] }] }] })
  })

  it('an untouched board says in words that nothing was written, with no dash standing in for it', () => {
    for (const board of BOARDS) {
      const lines = text(board.report(board.extract(board.template(ctx), PAGE) as never)).join('\n').split('\n')
      expect(lines.filter((line) => /^(- )?–$/.test(line) || line.includes('["–"]')), board.kind).toEqual([])
    }
    const brave = BOARDS.find((b) => b.kind === 'brave-space')!
    expect(text(brave.report(brave.extract(brave.template(ctx), PAGE) as never)).join('\n')).toContain(NO_ANSWERS)
  })
})
