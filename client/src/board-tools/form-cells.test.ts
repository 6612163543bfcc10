import { describe, expect, it } from 'vitest'
import { stackAnswers } from './form-cells.ts'

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h })

describe('stackAnswers', () => {
  it('moves an answer that covers the one above it to just below it, and one on the question below the question', () => {
    const ys = stackAnswers(
      [
        { id: 'b', box: box(10, 130, 300, 100) },
        { id: 'a', box: box(10, 100, 300, 60) },
        { id: 'q', box: box(10, 20, 300, 40) },
      ],
      90,
    )
    expect(ys.get('q')).toBe(90)
    expect(ys.get('a')).toBe(90 + 40 + 12)
    expect(ys.get('b')).toBe(142 + 60 + 12)
  })

  it('leaves answers side by side, and answers with room between them, where they are', () => {
    const ys = stackAnswers(
      [
        { id: 'left', box: box(0, 100, 200, 200) },
        { id: 'right', box: box(220, 120, 200, 200) },
        { id: 'far', box: box(0, 500, 200, 50) },
      ],
      50,
    )
    expect([...ys.entries()].sort()).toEqual([
      ['far', 500],
      ['left', 100],
      ['right', 120],
    ])
  })

  it('puts answers written at the very same spot one below the other, the same way on every screen', () => {
    const same = [
      { id: 'x', box: box(0, 100, 300, 80) },
      { id: 'y', box: box(0, 100, 300, 80) },
    ]
    expect(stackAnswers(same, 0)).toEqual(stackAnswers([...same].reverse(), 0))
    expect(stackAnswers(same, 0).get('y')).toBe(192)
  })
})
