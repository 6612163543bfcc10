import { describe, expect, it } from 'vitest'
import { boardDefinition } from '@sfs/boards'
import { ctx, zoneBox } from '@sfs/boards/fixtures'
import { READABLE_ZOOM, readableFrames } from './sections.ts'

const a3Utgangspunkt = boardDefinition('a3-utgangspunkt')!
const template = a3Utgangspunkt.template(ctx)
const zones = template
  .filter((r) => (r.meta as { template?: boolean; zone?: string }).template && (r.meta as { zone?: string }).zone)
  .map((r) => {
    const key = (r.meta as { zone: string }).zone
    return { key, meta: r.meta as Record<string, unknown>, bounds: zoneBox(template, key) }
  })

describe('readableFrames', () => {
  it('shows a wide part in several frames on a tablet, every zone in one of them, each readable', () => {
    const tablet = { w: 1024, h: 640 }
    const frames = readableFrames(a3Utgangspunkt.sections!, zones, tablet)
    const first = frames.filter((f) => f.section.key === 'del-1')
    expect(first.length).toBeGreaterThan(1)
    for (const frame of frames) expect(Math.min(tablet.w / frame.box.w, tablet.h / frame.box.h)).toBeGreaterThanOrEqual(READABLE_ZOOM)
    for (const zone of zones) {
      const inside = frames.filter((f) => zone.bounds.x >= f.box.x && zone.bounds.x + zone.bounds.w <= f.box.x + f.box.w && zone.bounds.y >= f.box.y && zone.bounds.y + zone.bounds.h <= f.box.y + f.box.h)
      expect(inside.length, zone.key).toBeGreaterThanOrEqual(1)
    }
  })

  it('shows each question part whole on the projector', () => {
    const frames = readableFrames(a3Utgangspunkt.sections!, zones, { w: 1920, h: 1000 }, 0.8)
    expect(frames.filter((f) => f.section.key.match(/^del-[123]$/)).length).toBe(3)
  })
})
