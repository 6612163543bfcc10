/**
 * The Redis service for tests (127.0.0.1:6379 on developer and CI machines, or
 * TEST_REDIS_URL). Tests keep to keys and channels of their own workshops.
 */
import { Redis } from 'ioredis'

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Whether Redis answers. Where it does not, the caller's tests are skipped and this says so;
 * under CI=true it throws instead, so that CI never passes without running them.
 */
export async function redisAvailable(what: string): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 })
  redis.on('error', () => {})
  let why: string | null = null
  try {
    await redis.connect()
    await redis.ping()
  } catch (err) {
    why = err instanceof Error ? err.message : String(err)
  } finally {
    redis.disconnect()
  }
  if (why === null) return true
  const message = `Redis is not reachable at ${REDIS_URL} (${why}): ${what} are SKIPPED`
  if (process.env.CI === 'true') throw new Error(`${message}; under CI=true that is a failure.`)
  console.warn(`\n  ${message}.\n`)
  return false
}

/** An administrator's connection, to cut the servers' connections as a Redis restart or a network fault would. */
export function redisAdmin(): Redis {
  const redis = new Redis(REDIS_URL)
  redis.on('error', () => {})
  return redis
}
