import { afterEach, describe, expect, it, vi } from 'vitest'
import { serverNow, syncServerClock } from './server-clock.ts'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('the server clock', () => {
  it('trusts the probe with the shortest round trip, not one that waited behind a busy server', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    // The server's clock is 5 s ahead. The first answer waited 2 s on the way back; the
    // second came at once.
    const trips = [
      { there: 10, back: 2_000 },
      { there: 10, back: 10 },
      { there: 300, back: 10 },
    ]
    vi.stubGlobal('fetch', async () => {
      const trip = trips.shift()!
      vi.advanceTimersByTime(trip.there)
      const now = Date.now() + 5_000
      vi.advanceTimersByTime(trip.back)
      return { json: async () => ({ now }) }
    })
    await syncServerClock()
    expect(Math.abs(serverNow() - (Date.now() + 5_000))).toBeLessThanOrEqual(1)
  })

  it('keeps its estimate when the server answers nonsense', async () => {
    vi.useFakeTimers({ now: 2_000_000, toFake: ['Date'] })
    vi.stubGlobal('fetch', async () => ({ json: async () => ({ now: Date.now() + 60_000 }) }))
    await syncServerClock()
    vi.stubGlobal('fetch', async () => ({ json: async () => ({ now: 'soon' }) }))
    await syncServerClock()
    expect(serverNow() - Date.now()).toBe(60_000)
  })
})
