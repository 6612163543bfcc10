/** Join codes in Redis, so that a code shown through one instance works on every instance. */
import type { Redis } from 'ioredis'
import { JOIN_CODE_LIFETIME_MS, type JoinCodeEntry, type JoinCodeTable } from '../join-codes.ts'

const CODE = 'sfs:join-code:'
const WORKSHOP = 'sfs:join-code-of:'

export class RedisJoinCodeTable implements JoinCodeTable {
  constructor(private readonly redis: Redis) {}

  async put(code: string, entry: JoinCodeEntry): Promise<boolean> {
    const set = await this.redis.set(CODE + code, JSON.stringify(entry), 'PX', JOIN_CODE_LIFETIME_MS, 'NX')
    if (set !== 'OK') return false
    await this.redis.set(WORKSHOP + entry.workshopId, code, 'PX', JOIN_CODE_LIFETIME_MS)
    return true
  }

  async get(code: string): Promise<JoinCodeEntry | null> {
    const value = await this.redis.get(CODE + code)
    if (!value) return null
    const entry = JSON.parse(value) as Partial<JoinCodeEntry>
    return typeof entry.workshopId === 'string' && typeof entry.link === 'string' ? { workshopId: entry.workshopId, link: entry.link } : null
  }

  async remove(workshopId: string): Promise<void> {
    const code = await this.redis.getdel(WORKSHOP + workshopId)
    if (code) await this.redis.del(CODE + code)
  }
}
