import { describe, expect, it } from 'vitest'
import type { JsonRecord } from '@sfs/shared'
import { a3Utgangspunkt } from '../a3-utgangspunkt.ts'
import { a3Rutin } from '../a3-rutin.ts'
import { ctx, PAGE, textAt, zoneBox } from './fixtures.ts'
import { CELL_GROWTH_STEP, growCell } from './grow.ts'
import { templateId } from './shapes.ts'

const apply = (records: JsonRecord[], changed: JsonRecord[]) => records.map((r) => changed.find((c) => c.id === r.id) ?? r)

describe('growCell', () => {
  const template = a3Utgangspunkt.template(ctx)

  it('grows the cell with its whole row and moves what is below down by as much', () => {
    const q22 = zoneBox(template, '2-2')
    const answer: JsonRecord = { ...textAt('Ett långt svar', q22.x + 20, q22.y + 200), meta: { zone: '2-2' } }
    const below: JsonRecord = { ...textAt('Svar under', zoneBox(template, '3-1').x + 20, zoneBox(template, '3-1').y + 60), meta: { zone: '3-1' } }
    const above: JsonRecord = { ...textAt('Svar över', zoneBox(template, '1-1').x + 20, zoneBox(template, '1-1').y + 60), meta: { zone: '1-1' } }
    const records = [...template, answer, below, above]
    const grown = apply(records, growCell(records, PAGE, '2-2', q22.h + 100))

    const delta = Math.ceil((q22.h + 100) / CELL_GROWTH_STEP) * CELL_GROWTH_STEP - q22.h
    for (let q = 1; q <= 6; q++) expect(zoneBox(grown, `2-${q}`)).toMatchObject({ y: q22.y, h: q22.h + delta })
    expect(zoneBox(grown, '3-1').y).toBe(zoneBox(template, '3-1').y + delta)
    expect(zoneBox(grown, 'rad-1-bidrag').y).toBe(zoneBox(template, 'rad-1-bidrag').y + delta)
    expect(zoneBox(grown, '1-1')).toEqual(zoneBox(template, '1-1'))
    const y = (id: string) => grown.find((r) => r.id === id)!.y as number
    expect(y(answer.id)).toBe(answer.y as number)
    expect(y(below.id)).toBe((below.y as number) + delta)
    expect(y(above.id)).toBe(above.y as number)
    // The section heading below the row moves with it, so the section stays labelled.
    const heading = templateId(PAGE, 'text-section-3')
    expect(y(heading)).toBe((template.find((r) => r.id === heading)!.y as number) + delta)
  })

  it('changes nothing when the cell is already as high, or there is no such cell', () => {
    const q11 = zoneBox(template, '1-1')
    expect(growCell(template, PAGE, '1-1', q11.h)).toEqual([])
    expect(growCell(template, PAGE, '1-1', q11.h - 50)).toEqual([])
    expect(growCell(template, PAGE, 'no-such', 900)).toEqual([])
    const once = apply(template, growCell(template, PAGE, '1-1', q11.h + 30))
    expect(growCell(once, PAGE, '1-1', q11.h + 30)).toEqual([])
  })

  it('never grows a cell past the bound, whatever is asked', () => {
    const grown = apply(template, growCell(template, PAGE, '1-1', 1e9))
    expect(zoneBox(grown, '1-1').h).toBe(4000)
  })

  it('grows a routine step’s answer row without touching the steps’ other rows', () => {
    const rutin = a3Rutin.template(ctx)
    const steg = zoneBox(rutin, 'steg-1')
    const grown = apply(rutin, growCell(rutin, PAGE, 'steg-1', steg.h + 200))
    expect(zoneBox(grown, 'steg-3').h).toBe(zoneBox(grown, 'steg-1').h)
    expect(zoneBox(grown, 'aktor-1').h).toBe(zoneBox(rutin, 'aktor-1').h)
    expect(zoneBox(grown, 'aktor-1').y - zoneBox(rutin, 'aktor-1').y).toBe(zoneBox(grown, 'steg-1').h - steg.h)
  })
})
