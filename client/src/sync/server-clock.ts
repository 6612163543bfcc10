/**
 * The server's time as seen from this device: the offset is measured against GET /api/time
 * (halfway through the round trip), so a device with a wrong clock still shows the shared
 * timer right.
 */
let offset = 0

export async function syncServerClock(): Promise<void> {
  const sent = Date.now()
  const response = await fetch('/api/time')
  const received = Date.now()
  const { now } = (await response.json()) as { now: number }
  offset = now - (sent + received) / 2
}

export function serverNow(): number {
  return Date.now() + offset
}
