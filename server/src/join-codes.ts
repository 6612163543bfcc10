/**
 * Short join codes for the room ("/j/K7M4QX"), valid only while the facilitator shows one
 * and for two hours at most. Six characters without look-alikes (0/O, 1/I) are easy to
 * type from a wall; guessing is slowed to a few tries a minute per address.
 */
import { customAlphabet } from 'nanoid'

const newCode = customAlphabet('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6)
const LIFETIME_MS = 2 * 60 * 60 * 1000
const TRIES_PER_MINUTE = 20

interface Entry {
  workshopId: string
  link: string
  expiresAt: number
}

export class JoinCodes {
  private codes = new Map<string, Entry>()
  private tries = new Map<string, { count: number; since: number }>()

  issue(workshopId: string, link: string, now = Date.now()): string {
    this.revoke(workshopId)
    let code = newCode()
    while (this.codes.has(code)) code = newCode()
    this.codes.set(code, { workshopId, link, expiresAt: now + LIFETIME_MS })
    return code
  }

  revoke(workshopId: string): void {
    for (const [code, entry] of this.codes) if (entry.workshopId === workshopId) this.codes.delete(code)
  }

  /** The link behind a code; 'slow-down' once an address has tried too often. */
  resolve(code: string, address: string, now = Date.now()): string | null | 'slow-down' {
    const seen = this.tries.get(address)
    const window = seen && now - seen.since < 60_000 ? seen : { count: 0, since: now }
    window.count++
    this.tries.set(address, window)
    if (window.count > TRIES_PER_MINUTE) return 'slow-down'
    const entry = this.codes.get(code.toUpperCase())
    if (!entry || entry.expiresAt < now) return null
    return entry.link
  }
}
