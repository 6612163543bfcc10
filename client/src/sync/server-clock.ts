/**
 * The server's time as seen from this device, so a device with a wrong clock still shows the
 * shared timer right. Each sync asks GET /api/time a few times and keeps the answer with the
 * shortest round trip: its halfway point is the closest to when the server read its clock (a
 * request that waited behind a busy server would put the estimate a second off).
 */
const PROBES = 3
let offset = 0

export async function syncServerClock(): Promise<void> {
  let best: { roundTrip: number; offset: number } | null = null
  for (let i = 0; i < PROBES; i++) {
    const sent = Date.now()
    const response = await fetch('/api/time', { cache: 'no-store' })
    const received = Date.now()
    const { now } = (await response.json()) as { now: unknown }
    const roundTrip = received - sent
    if (typeof now === 'number' && Number.isFinite(now) && (!best || roundTrip < best.roundTrip)) {
      best = { roundTrip, offset: now - (sent + received) / 2 }
    }
  }
  if (best) offset = best.offset
}

export function serverNow(): number {
  return Date.now() + offset
}
