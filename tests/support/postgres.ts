/**
 * The PostgreSQL service for tests (127.0.0.1:5432 on developer and CI machines, or
 * TEST_DATABASE_URL). Each test uses a schema of its own and drops it afterwards.
 */
import { nanoid } from 'nanoid'
import pg from 'pg'

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Whether PostgreSQL answers. Where it does not, the caller's tests are skipped and this says
 * so; under CI=true it throws instead, so that CI never passes without running them.
 */
export async function postgresAvailable(what: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  let why: string | null = null
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (err) {
    why = err instanceof Error ? err.message : String(err)
  } finally {
    await client.end().catch(() => {})
  }
  if (why === null) return true
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL} (${why}): ${what} are SKIPPED`
  if (process.env.CI === 'true') throw new Error(`${message}; under CI=true that is a failure.`)
  console.warn(`\n  ${message}.\n`)
  return false
}

export function testSchemaName(): string {
  return `sfs_test_${nanoid(10).toLowerCase().replace(/[^a-z0-9]/g, '_')}`
}

/** Runs `sql` on a connection of its own. */
export async function adminQuery<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    return (await client.query<R>(sql, values)).rows
  } finally {
    await client.end()
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
}
