import { describe, expect, it } from 'vitest'
import type { JsonRecord } from '@sfs/shared'
import { BOARDS, blankBoard, extractBoard } from './index.ts'
import { ctx, noteCenteredAt, PAGE } from './kit/fixtures.ts'
import { center, pageBounds } from './kit/geometry.ts'

/** A note in the board's first answer zone (or anywhere on a board without zones), stamped with a writer as a device does. */
function signedNote(template: JsonRecord[]): JsonRecord {
  const zone = template.find((r) => typeof (r.meta as { zone?: unknown } | undefined)?.zone === 'string')
  const at = zone ? center(pageBounds(zone, new Map(template.map((r) => [r.id, r])))) : { x: 300, y: 300 }
  const placed = noteCenteredAt('Det jag inte vågar säga högt', at.x, at.y)
  return { ...placed, meta: { ...(placed.meta as object), author: 'Anna Andersson', createdAt: '2026-12-07T10:00:00.000Z' } }
}

describe('anonymous boards', () => {
  const anonymous = BOARDS.filter((board) => board.anonymous)

  it('there is one to check (the brave space is anonymous by default)', () => {
    expect(anonymous.length).toBeGreaterThan(0)
  })

  it.each(anonymous.map((board) => [board.kind, board] as const))('%s names nobody in its results, whatever a device stamped on a note', (kind, board) => {
    const template = board.template(ctx)
    const records = [...template, signedNote(template)]
    const result = JSON.stringify(extractBoard(kind, records, PAGE))
    expect(result).toContain('Det jag inte vågar säga högt')
    expect(result).not.toContain('Anna')
  })

  it('a board that is not anonymous keeps the writer', () => {
    const records = [...blankBoard.template(ctx), signedNote([])]
    expect(JSON.stringify(extractBoard(blankBoard.kind, records, PAGE))).toContain('Anna Andersson')
  })
})
