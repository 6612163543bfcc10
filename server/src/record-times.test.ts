import { describe, expect, it } from 'vitest'
import { MAX_RECORD_TIMES } from '@sfs/shared'
import { createLogger } from './log.ts'
import { RecordStamper } from './record-times.ts'
import { DocumentGoneError, type RecordStamp, type RecordTimeStore } from './storage/types.ts'

function fakeStore(gone = new Set<string>()) {
  const calls: { workshopId: string; stamps: RecordStamp[] }[] = []
  const store: Pick<RecordTimeStore, 'stampRecords'> = {
    async stampRecords(workshopId, stamps) {
      if (gone.has(workshopId)) throw new DocumentGoneError(workshopId)
      calls.push({ workshopId, stamps: [...stamps] })
      return stamps.length
    },
  }
  return { calls, store: store as RecordTimeStore }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('record times', () => {
  it('keeps the time each record arrived, and stores one turn of them per workshop at once, after the turn', async () => {
    const { calls, store } = fakeStore()
    const stamper = new RecordStamper(store, createLogger('silent'))
    stamper.stamp('w1', ['shape:a'], new Date('2026-12-07T10:00:00.000Z'))
    stamper.stamp('w1', ['shape:b', 'shape:c'], new Date('2026-12-07T10:00:00.004Z'))
    stamper.stamp('w2', ['shape:d'], new Date('2026-12-07T10:00:00.005Z'))
    // Nothing is stored while the updates of this turn are still being sent on.
    expect(calls).toEqual([])
    await nextTurn()
    expect(calls).toEqual([
      { workshopId: 'w1', stamps: [['shape:a', '2026-12-07T10:00:00.000Z'], ['shape:b', '2026-12-07T10:00:00.004Z'], ['shape:c', '2026-12-07T10:00:00.004Z']] },
      { workshopId: 'w2', stamps: [['shape:d', '2026-12-07T10:00:00.005Z']] },
    ])
    stamper.stamp('w1', ['shape:e'])
    await nextTurn()
    expect(calls.map((c) => c.stamps.map(([id]) => id))).toEqual([['shape:a', 'shape:b', 'shape:c'], ['shape:d'], ['shape:e']])
  })

  it('stores what waits when asked (before the store closes), and holds no more than a workshop may keep', async () => {
    const { calls, store } = fakeStore()
    const stamper = new RecordStamper(store, createLogger('silent'))
    stamper.stamp('w1', Array.from({ length: MAX_RECORD_TIMES + 5 }, (_, i) => `shape:n${i}`))
    await stamper.flush()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.stamps).toHaveLength(MAX_RECORD_TIMES)
    await nextTurn()
    expect(calls).toHaveLength(1)
  })

  it('says nothing of a workshop deleted meanwhile, and warns of other failures without note contents', async () => {
    const lines: string[] = []
    const { store } = fakeStore(new Set(['gone']))
    const failing = { ...store, stampRecords: async (id: string, stamps: readonly RecordStamp[], limit: number) => (id === 'broken' ? Promise.reject(new Error('disk full')) : store.stampRecords(id, stamps, limit)) } as RecordTimeStore
    const stamper = new RecordStamper(failing, createLogger('info', (line) => lines.push(line)))
    stamper.stamp('gone', ['shape:a'])
    stamper.stamp('broken', ['shape:b'])
    await stamper.flush()
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'storage.record_times_failed', workshop: 'broken' })
  })
})
