/**
 * The Redis service for tests (127.0.0.1:6379 on developer and CI machines, or
 * TEST_REDIS_URL). Tests keep to keys and channels of their own workshops.
 */
import { Redis } from 'ioredis'
import { serviceAvailable } from './services.ts'

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Whether Redis answers; see serviceAvailable. */
export function redisAvailable(what: string): Promise<boolean> {
  return serviceAvailable('Redis', REDIS_URL, what, async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 })
    redis.on('error', () => {})
    try {
      await redis.connect()
      await redis.ping()
    } finally {
      redis.disconnect()
    }
  })
}

/** An administrator's connection, to cut the servers' connections as a Redis restart or a network fault would. */
export function redisAdmin(): Redis {
  const redis = new Redis(REDIS_URL)
  redis.on('error', () => {})
  return redis
}
