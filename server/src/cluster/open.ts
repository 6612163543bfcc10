/** What several instances of one installation share besides the database: the fan-out, turns, join codes. */
import { Redis } from 'ioredis'
import type { ServerConfig } from '../config.ts'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import type { JoinCodeTable } from '../join-codes.ts'
import { PostgresCoordination } from '../storage/postgres-coordination.ts'
import type { Coordination } from './coordination.ts'
import type { Fanout } from './fanout.ts'
import { RedisFanout } from './redis-fanout.ts'
import { RedisJoinCodeTable } from './redis-join-codes.ts'

export interface ClusterServices {
  fanout: Fanout
  coordination: Coordination
  joinCodes: JoinCodeTable
  healEveryMs: number
  close(): Promise<void>
}

/** Null when REDIS_URL is not set: one instance, as on a laptop. */
export async function openCluster(config: ServerConfig, log: Logger): Promise<ClusterServices | null> {
  if (!config.redisUrl) return null
  if (!config.databaseUrl) throw new Error('REDIS_URL lets several instances share workshops, so they must share a database too: set DATABASE_URL (PostgreSQL) as well.')
  const fanout = await RedisFanout.open(config.redisUrl, log)
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(100 * times, 2000) })
  redis.on('error', (err: Error) => log.debug('cluster.redis_error', { connection: 'join codes', ...errorFields(err) }))
  const coordination = new PostgresCoordination(config.databaseUrl, config.databaseSchema)
  return {
    fanout,
    coordination,
    joinCodes: new RedisJoinCodeTable(redis),
    healEveryMs: config.healEveryMs,
    async close() {
      await fanout.close()
      await redis.quit().catch(() => redis.disconnect())
      await coordination.close()
    },
  }
}
