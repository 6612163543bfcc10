import { describe, expect, it } from 'vitest'
import { tidyLayout, type LayoutBox } from './graph-layout.ts'

/** A small deterministic random source, so a failing tree can be reproduced. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

function randomTree(seed: number, count: number) {
  const next = random(seed)
  const boxes = new Map<string, LayoutBox>([['root', { x: 800, y: 450, w: 320, h: 180 }]])
  const children = new Map<string, string[]>()
  for (let i = 1; i < count; i++) {
    const ids = [...boxes.keys()]
    const parent = ids[Math.floor(next() * ids.length)]!
    const id = `n${i}`
    // Nodes start where a person dropped them: anywhere, often on top of each other.
    boxes.set(id, { x: 600 + next() * 800, y: 300 + next() * 400, w: 240 + Math.floor(next() * 3) * 60, h: 120 + Math.floor(next() * 3) * 40 })
    children.set(parent, [...(children.get(parent) ?? []), id])
  }
  return { boxes, children }
}

const overlap = (a: LayoutBox, b: LayoutBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('tidyLayout', () => {
  it('lays out 40-node maps without any two nodes overlapping', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { boxes, children } = randomTree(seed, 40)
      const placed = tidyLayout('root', boxes, children)
      expect(placed.size).toBe(40)
      const laid = [...placed].map(([id, p]) => ({ ...boxes.get(id)!, ...p }))
      for (let i = 0; i < laid.length; i++) for (let j = i + 1; j < laid.length; j++) expect(overlap(laid[i]!, laid[j]!), `seed ${seed}`).toBe(false)
    }
  })

  it('keeps the centre, each first-level node on its side, and siblings in their order', () => {
    const boxes = new Map<string, LayoutBox>([
      ['root', { x: 0, y: 0, w: 300, h: 100 }],
      ['right-low', { x: 900, y: 500, w: 200, h: 100 }],
      ['right-high', { x: 400, y: -300, w: 200, h: 100 }],
      ['left', { x: -600, y: 0, w: 200, h: 100 }],
      ['under-left', { x: -100, y: 800, w: 200, h: 100 }],
    ])
    const children = new Map([
      ['root', ['right-low', 'right-high', 'left']],
      ['left', ['under-left']],
    ])
    const placed = tidyLayout('root', boxes, children)
    expect(placed.get('root')).toEqual({ x: 0, y: 0 })
    expect(placed.get('right-high')!.x).toBeGreaterThan(300)
    expect(placed.get('right-high')!.y).toBeLessThan(placed.get('right-low')!.y)
    expect(placed.get('left')!.x + 200).toBeLessThan(0)
    // A child grows away from the centre, on its parent's side, level with it.
    expect(placed.get('under-left')!.x).toBeLessThan(placed.get('left')!.x)
    expect(placed.get('under-left')!.y).toBe(placed.get('left')!.y)
  })

  it('keeps every node below the heading, growing downward when the room above is short', () => {
    const { boxes, children } = randomTree(7, 40)
    const placed = tidyLayout('root', boxes, children, 300)
    for (const [id, p] of placed) if (id !== 'root') expect(p.y).toBeGreaterThanOrEqual(300)
  })

  it('follows a long chain and a cycle without recursing or looping', () => {
    const boxes = new Map<string, LayoutBox>()
    const children = new Map<string, string[]>()
    for (let i = 0; i < 20_000; i++) {
      boxes.set(`c${i}`, { x: i, y: 0, w: 10, h: 10 })
      if (i > 0) children.set(`c${i - 1}`, [`c${i}`])
    }
    children.set('c19999', ['c0'])
    expect(tidyLayout('c0', boxes, children).size).toBe(20_000)
  })
})
