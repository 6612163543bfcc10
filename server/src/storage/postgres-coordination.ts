/**
 * Coordination between instances with PostgreSQL advisory locks. The locks live on
 * connections of their own, so that work holding one can still query through the store's pool.
 */
import pg from 'pg'
import type { Coordination } from '../cluster/coordination.ts'

/** Key space 1, apart from the store's per-document locks; scoped by schema, so installations sharing a database do not wait for each other. */
const KEY = "hashtextextended(current_schema() || ':' || $1, 1)"

export class PostgresCoordination implements Coordination {
  readonly takesTurns = true
  private readonly pool: pg.Pool

  constructor(connectionString: string, schema: string | null) {
    this.pool = new pg.Pool({ connectionString, max: 20, connectionTimeoutMillis: 5000, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
    this.pool.on('error', () => {})
  }

  async exclusive<T>(key: string, run: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query(`SELECT pg_advisory_lock(${KEY})`, [key])
    } catch (err) {
      client.release(err as Error)
      throw err
    }
    return this.runHolding(client, key, run)
  }

  async ifFree<T>(key: string, run: () => Promise<T>): Promise<T | null> {
    const client = await this.pool.connect()
    let got = false
    try {
      got = (await client.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS got`, [key])).rows[0]?.got === true
    } catch (err) {
      client.release(err as Error)
      throw err
    }
    if (!got) {
      client.release()
      return null
    }
    return this.runHolding(client, key, run)
  }

  close(): Promise<void> {
    return this.pool.end()
  }

  private async runHolding<T>(client: pg.PoolClient, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } finally {
      // A connection that cannot unlock is dropped, which releases its locks.
      await client.query(`SELECT pg_advisory_unlock(${KEY})`, [key]).then(
        () => client.release(),
        (err: Error) => client.release(err),
      )
    }
  }
}
