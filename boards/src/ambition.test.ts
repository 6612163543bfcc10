import { describe, expect, it } from 'vitest'
import { ambition } from './ambition.ts'
import { markerShape, MARKER_SIZE } from './kit/markers.ts'
import { ctx, noteCenteredAt, PAGE, texts } from './kit/fixtures.ts'
import { shapeText } from './kit/records.ts'

const template = ambition.template(ctx)
const [now, wanted] = ambition.markers!
let n = 0
/** A marker whose centre is at (cx, cy). */
const marker = (spec: typeof now, owner: string, cx: number, cy: number) =>
  markerShape({ id: `shape:m${++n}`, pageId: PAGE, spec: spec!, owner, ownerName: owner, x: cx - MARKER_SIZE.w / 2, y: cy - MARKER_SIZE.h / 2, index: 'a5' })
/** The centre x of level column 1..5. */
const levelX = (level: number) => 60 + (level - 1) * 362 + 176

describe('ambition', () => {
  it('shows the five levels by name, in order', () => {
    const labels = template.filter((r) => typeof (r.meta as { level?: number }).level === 'number').map(shapeText)
    expect(labels).toEqual(['1. Den reaktiva mottagaren', '2. Den förberedda krishanteraren', '3. Den holistiska lagspelaren', '4. Processägaren', '5. Förebilden'])
  })

  it('counts markers per level and takes the median of each kind', () => {
    const records = [
      ...template,
      marker(now, 'anna', levelX(1), 400),
      marker(now, 'bo', levelX(2), 400),
      marker(now, 'cecilia', levelX(2), 480),
      marker(wanted, 'anna', levelX(4), 300),
      marker(wanted, 'bo', levelX(5), 300),
      marker(wanted, 'off-scale', 3000, 3000),
    ]
    const result = ambition.extract(records, PAGE)
    expect(result.levels.map((l) => [l.level, l.now, l.wanted])).toEqual([
      [1, 1, 0],
      [2, 2, 0],
      [3, 0, 0],
      [4, 0, 1],
      [5, 0, 1],
    ])
    expect(result.median).toEqual({ now: 2, wanted: 4.5 })
    expect(result.markers.find((m) => m.owner === 'off-scale')).toEqual({ kind: 'onskat', owner: 'off-scale', level: null })
    expect(result.levels[0]!.name).toBe('Den reaktiva mottagaren')
  })

  it('has a tray off the scale for new markers: a marker there is no vote yet', () => {
    const trayZone = template.find((r) => (r.meta as { tray?: boolean }).tray === true)!
    const box = { x: Number(trayZone.x), y: Number(trayZone.y), ...(trayZone.props as { w: number; h: number }) }
    const result = ambition.extract([...template, marker(now, 'anna', box.x + 100, box.y + box.h / 2)], PAGE)
    expect(result.markers).toEqual([{ kind: 'nu', owner: 'anna', level: null }])
    expect(result.levels.every((l) => l.now === 0 && l.wanted === 0)).toBe(true)
    expect(result.median).toEqual({ now: null, wanted: null })
  })

  it('reads the notes for both questions and an empty board', () => {
    const empty = ambition.extract(template, PAGE)
    expect(empty.median).toEqual({ now: null, wanted: null })
    expect(empty.notes.map((q) => [q.question, q.notes.length])).toEqual([
      ['Vad krävs för att ni ska nå dit?', 0],
      ['Vad behöver ni?', 0],
    ])
    const result = ambition.extract([...template, noteCenteredAt('Utbildning', 400, 850), noteCenteredAt('Tid', 1400, 900)], PAGE)
    expect(result.notes.map((q) => texts(q.notes))).toEqual([['Utbildning'], ['Tid']])
  })
})
