import { describe, expect, it } from 'vitest'
import { BOARDS } from './index.ts'
import { ctx } from './kit/fixtures.ts'

describe('board sections', () => {
  for (const board of BOARDS.filter((b) => b.sections)) {
    it(`${board.kind}: its parts hold every zone of its template, each once`, () => {
      const zones = board
        .template(ctx)
        .map((r) => r.meta as Record<string, unknown> | undefined)
        .filter((meta): meta is Record<string, unknown> => meta?.template === true && typeof meta.zone === 'string')
        .map((meta) => ({ key: String(meta.zone), meta }))
      const owners = zones.map((zone) => board.sections!.filter((section) => section.has(zone)).map((section) => section.key))
      expect(owners.filter((o) => o.length !== 1).length).toBe(0)
      for (const section of board.sections!) expect(owners.some((o) => o[0] === section.key), section.key).toBe(true)
    })
  }
})
