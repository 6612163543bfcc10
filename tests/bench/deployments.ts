/**
 * What a benchmark load runs against: one server process, or several instances of ours
 * sharing workshops through PostgreSQL and Redis (each test run in a schema of its own).
 */
import { startOurs, type ProcessUsage, type ServerKind, type ServerProcess } from '../support/servers.ts'
import { dropSchema, POSTGRES_URL, testSchemaName } from '../support/postgres.ts'
import { REDIS_URL } from '../support/redis.ts'

export interface Deployment {
  kind: ServerKind
  /** Where HTTP requests go (a load balancer would pick any instance). */
  httpUrl: string
  /** Every instance's sync endpoint; the load spreads its clients over them. */
  syncUrls: string[]
  persistence: boolean
  /** CPU time and peak memory of all its processes together. */
  usage(): ProcessUsage
  stop(): Promise<void>
}

export function single(server: ServerProcess): Deployment {
  return { kind: server.kind, httpUrl: server.httpUrl, syncUrls: [server.syncUrl], persistence: server.persistence, usage: () => server.usage(), stop: () => server.stop() }
}

/** `count` instances of ours on the local PostgreSQL and Redis. */
export async function startInstances(count: number, dataDir: string): Promise<Deployment> {
  const schema = testSchemaName()
  const servers: ServerProcess[] = []
  try {
    for (let i = 0; i < count; i++) servers.push(await startOurs(`${dataDir}/${i}`, { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, REDIS_URL }, undefined, { bundled: true }))
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()))
    await dropSchema(schema)
    throw err
  }
  return {
    kind: 'ours',
    httpUrl: servers[0]!.httpUrl,
    syncUrls: servers.map((s) => s.syncUrl),
    persistence: true,
    usage() {
      const each = servers.map((s) => s.usage())
      const total = (f: (u: ProcessUsage) => number) => each.reduce((sum, u) => sum + f(u), 0)
      return { cpuSeconds: total((u) => u.cpuSeconds), peakRssBytes: total((u) => u.peakRssBytes), rssBytes: total((u) => u.rssBytes) }
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
      await dropSchema(schema)
    },
  }
}
