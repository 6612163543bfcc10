/**
 * Short join codes for the room ("/j/K7M4QX"), valid only while the facilitator shows one
 * and for two hours at most. Six characters without look-alikes (0/O, 1/I) are easy to
 * type from a wall; guessing is slowed to a few tries a minute per address. The codes live
 * in a table: this process's memory, or Redis when several instances must all know them.
 */
import { customAlphabet } from 'nanoid'

const newCode = customAlphabet('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6)
export const JOIN_CODE_LIFETIME_MS = 2 * 60 * 60 * 1000
const TRIES_PER_MINUTE = 20
/** Addresses remembered for the guessing bound; beyond that the oldest windows are forgotten. */
const MAX_ADDRESSES = 10_000

export interface JoinCodeEntry {
  workshopId: string
  link: string
}

/** Where codes are kept, each for `JOIN_CODE_LIFETIME_MS` at most. */
export interface JoinCodeTable {
  /** Keeps `code` for the entry unless the code is taken; false when it is. */
  put(code: string, entry: JoinCodeEntry): Promise<boolean>
  get(code: string): Promise<JoinCodeEntry | null>
  /** Forgets the workshop's code. */
  remove(workshopId: string): Promise<void>
}

export class MemoryJoinCodeTable implements JoinCodeTable {
  private readonly codes = new Map<string, JoinCodeEntry & { expiresAt: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  async put(code: string, entry: JoinCodeEntry): Promise<boolean> {
    const existing = this.codes.get(code)
    if (existing && existing.expiresAt > this.now()) return false
    this.codes.set(code, { ...entry, expiresAt: this.now() + JOIN_CODE_LIFETIME_MS })
    return true
  }

  async get(code: string): Promise<JoinCodeEntry | null> {
    const entry = this.codes.get(code)
    if (!entry) return null
    if (entry.expiresAt <= this.now()) {
      this.codes.delete(code)
      return null
    }
    return { workshopId: entry.workshopId, link: entry.link }
  }

  async remove(workshopId: string): Promise<void> {
    for (const [code, entry] of this.codes) if (entry.workshopId === workshopId) this.codes.delete(code)
  }
}

export class JoinCodes {
  private tries = new Map<string, { count: number; since: number }>()

  constructor(
    private readonly table: JoinCodeTable = new MemoryJoinCodeTable(),
    private readonly now: () => number = Date.now,
  ) {}

  async issue(workshopId: string, link: string): Promise<string> {
    await this.revoke(workshopId)
    let code = newCode()
    while (!(await this.table.put(code, { workshopId, link }))) code = newCode()
    return code
  }

  revoke(workshopId: string): Promise<void> {
    return this.table.remove(workshopId)
  }

  /** The link behind a code; 'slow-down' once an address has tried too often. */
  async resolve(code: string, address: string): Promise<string | null | 'slow-down'> {
    const now = this.now()
    const seen = this.tries.get(address)
    const window = seen && now - seen.since < 60_000 ? seen : { count: 0, since: now }
    window.count++
    this.tries.delete(address)
    this.tries.set(address, window)
    if (this.tries.size > MAX_ADDRESSES) this.tries.delete(this.tries.keys().next().value!)
    if (window.count > TRIES_PER_MINUTE) return 'slow-down'
    return (await this.table.get(code.toUpperCase()))?.link ?? null
  }
}
