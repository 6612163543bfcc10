import { describe, expect, it } from 'vitest'
import { swot } from './swot.ts'
import { ctx, frame, note, noteCenteredAt, PAGE, texts } from './kit/fixtures.ts'
import { shapeText } from './kit/records.ts'

const template = swot.template(ctx)
const quadrant = (result: ReturnType<typeof swot.extract>, key: string) => texts(result.quadrants.find((q) => q.key === key)!.notes)

describe('swot', () => {
  it('has the four quadrants with the method’s names', () => {
    const labels = template.filter((r) => (r.meta as { zone?: string }).zone).map(shapeText)
    expect(labels).toEqual(['Styrkor (interna)', 'Svagheter (interna)', 'Möjligheter (externa)', 'Hot (externa)'])
    expect(swot.step).toBe(6)
  })

  it('reads an empty board as four empty quadrants', () => {
    const result = swot.extract(template, PAGE)
    expect(result.quadrants.map((q) => [q.key, q.notes.length])).toEqual([
      ['styrkor', 0],
      ['svagheter', 0],
      ['mojligheter', 0],
      ['hot', 0],
    ])
    expect(result.unplaced).toEqual([])
  })

  it('puts each note in the quadrant that holds its centre', () => {
    const records = [
      ...template,
      noteCenteredAt('Engagerade medarbetare', 300, 300),
      noteCenteredAt('Lite tid', 1400, 400),
      noteCenteredAt('Nytt nätverk', 500, 800),
      noteCenteredAt('Ny lagstiftning', 1500, 900),
      // The note's corner is in Styrkor but its centre is in Svagheter.
      note('Hälften över', 900, 250),
    ]
    const result = swot.extract(records, PAGE)
    expect(quadrant(result, 'styrkor')).toEqual(['Engagerade medarbetare'])
    expect(quadrant(result, 'svagheter')).toEqual(['Hälften över', 'Lite tid'])
    expect(quadrant(result, 'mojligheter')).toEqual(['Nytt nätverk'])
    expect(quadrant(result, 'hot')).toEqual(['Ny lagstiftning'])
  })

  it('counts a centre exactly on a border as inside, and notes between quadrants as unplaced', () => {
    const records = [...template, noteCenteredAt('På kanten', 940, 300), noteCenteredAt('Mellan', 960, 600), noteCenteredAt('Långt bort', 5000, 5000)]
    const result = swot.extract(records, PAGE)
    expect(quadrant(result, 'styrkor')).toEqual(['På kanten'])
    expect(texts(result.unplaced)).toEqual(['Mellan', 'Långt bort'])
  })

  it('finds notes nested in a frame by their position on the page', () => {
    const box = frame(1000, 650, 600, 300)
    const records = [...template, box, note('I en ram', 50, 50, box.id)]
    expect(quadrant(swot.extract(records, PAGE), 'hot')).toEqual(['I en ram'])
  })

  it('ignores notes on other boards and reads moved quadrants where they are now', () => {
    const moved = template.map((r) => ((r.meta as { zone?: string }).zone === 'hot' ? { ...r, x: 3000, y: 3000 } : r))
    const records = [...moved, noteCenteredAt('Flyttad', 3100, 3100), noteCenteredAt('Annan tavla', 300, 300, 'page:other')]
    const result = swot.extract(records, PAGE)
    expect(quadrant(result, 'hot')).toEqual(['Flyttad'])
    expect(quadrant(result, 'styrkor')).toEqual([])
  })
})
