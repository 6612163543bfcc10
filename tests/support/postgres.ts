/**
 * The PostgreSQL service for tests (127.0.0.1:5432 on developer and CI machines, or
 * TEST_DATABASE_URL). Each test uses a schema of its own and drops it afterwards.
 */
import { nanoid } from 'nanoid'
import pg from 'pg'
import { serviceAvailable } from './services.ts'

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Whether PostgreSQL answers; see serviceAvailable. */
export function postgresAvailable(what: string): Promise<boolean> {
  return serviceAvailable('PostgreSQL', POSTGRES_URL, what, async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
    } finally {
      await client.end().catch(() => {})
    }
  })
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
