/**
 * The whole server on PostgreSQL (DATABASE_URL): workshops live, stored, reloaded after a
 * restart and deleted without a row left behind; a second instance on the same tables is
 * refused until instances share workshops. Skipped, saying so, where PostgreSQL is not
 * reachable; under CI=true that is a failure.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { getRecordsMap, putRecord } from '@sfs/shared'
import { adminQuery, dropSchema, POSTGRES_URL, postgresAvailable, testSchemaName } from '../support/postgres.ts'
import { connect, createWorkshop, firstBoard, noteOn, noteText, startTestServer, waitFor, type Client, type TestServer } from './helpers.ts'

const available = await postgresAvailable('the server-on-PostgreSQL tests')
const schema = testSchemaName()
const servers: TestServer[] = []
const clients: Client[] = []
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy())
  for (const s of servers.splice(0)) await s.close()
  if (available) await dropSchema(schema)
})

async function start(): Promise<TestServer> {
  const s = await startTestServer({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema })
  servers.push(s)
  return s
}

/** Every row of our tables that holds `text`, as PostgreSQL has them. */
async function rowsHolding(text: string): Promise<string[]> {
  const found: string[] = []
  for (const table of ['workshops', 'updates', 'people', 'client_owners', 'snapshots', 'votes']) {
    // A row as text shows its bytea columns in hex.
    const [count] = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.${table} t WHERE t::text LIKE '%' || $1 || '%' OR t::text LIKE '%' || $2 || '%'`, [text, Buffer.from(text).toString('hex')])
    if (count!.n > 0) found.push(table)
  }
  return found
}

describe.skipIf(!available)('the server on PostgreSQL', () => {
  it('stores workshops there: they come back after a restart, and a delete leaves no row', async () => {
    let s = await start()
    const w = await createWorkshop(s, { title: 'På Postgres', boards: ['swot'] })
    const anna = connect(s, w.id, w.participantKey)
    clients.push(anna)
    await anna.synced
    anna.doc.transact(() => putRecord(getRecordsMap(anna.doc), noteOn(firstBoard(anna.doc), 'shape:pg', 'Lapp-i-Postgres-Xy3')))
    await waitFor(async () => (await s.storage.load(w.id)).length > 1, 'the note is stored')
    expect(await rowsHolding('Lapp-i-Postgres-Xy3')).toContain('updates')

    // A second instance on the same tables would split the workshop: it is refused.
    await expect(startTestServer({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema })).rejects.toThrow(/Another server uses these tables/)

    anna.destroy()
    await s.close()
    servers.splice(servers.indexOf(s), 1)
    s = await start()
    const bo = connect(s, w.id, w.participantKey)
    clients.push(bo)
    await bo.synced
    expect(noteText(bo.doc, 'shape:pg')).toBe('Lapp-i-Postgres-Xy3')

    expect((await fetch(`${s.url}/api/workshops/${w.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${w.facilitatorKey}` } })).status).toBe(204)
    expect(await rowsHolding('Lapp-i-Postgres-Xy3')).toEqual([])
    expect(await rowsHolding(w.id)).toEqual([])
    expect(await rowsHolding(w.participantKey)).toEqual([])
  })
})
