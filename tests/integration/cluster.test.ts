/**
 * Several server instances on one PostgreSQL database and one Redis, each in its own process,
 * as behind a load balancer without sticky sessions: clients on different instances work as
 * if they shared one; nothing stored is lost when an instance dies or Redis drops messages;
 * facilitation happens once whichever instance is asked; a delete reaches every instance.
 * Skipped, saying so, where PostgreSQL or Redis is not reachable; under CI=true that fails.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getRecordsMap, putRecord, readAllRecords, readJoin, readRecord, readTimer, readVote, type JsonRecord } from '@sfs/shared'
import { adminQuery, dropSchema, POSTGRES_URL, postgresAvailable, testSchemaName } from '../support/postgres.ts'
import { redisAdmin, redisAvailable, REDIS_URL } from '../support/redis.ts'
import { startOurs, type ServerProcess } from '../support/servers.ts'
import { connect, createWorkshop, firstBoard, joinAsPerson, noteOn, noteText, removeDir, sleep, tempDataDir, waitFor, type Client } from './helpers.ts'
import { keepWriting, noteIds } from './server-process.ts'

const available = (await postgresAvailable('the several-instance tests')) && (await redisAvailable('the several-instance tests'))

let schema = testSchemaName()
const running: ServerProcess[] = []
const clients: Client[] = []
const dirs: string[] = []
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy())
  await Promise.all(running.splice(0).map((s) => s.stop()))
  dirs.splice(0).forEach(removeDir)
  if (available) await dropSchema(schema)
  schema = testSchemaName()
})

/** `n` instances of one installation. */
async function instances(n: number, env: Record<string, string> = {}): Promise<{ url: string; process: ServerProcess }[]> {
  const started: { url: string; process: ServerProcess }[] = []
  // One after the other, as a rolling deploy starts them: the first creates the tables.
  for (let i = 0; i < n; i++) {
    const dir = tempDataDir()
    dirs.push(dir)
    const process = await startOurs(dir, { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, REDIS_URL, COMPACT_EVERY: '25', UNLOAD_AFTER_MS: '200', ...env })
    running.push(process)
    started.push({ url: process.httpUrl, process })
  }
  return started
}

function open(at: { url: string }, workshopId: string, key: string, doc?: Y.Doc): Client {
  const client = connect(at, workshopId, key, doc)
  clients.push(client)
  return client
}

/** The notes the writers (keepWriting) made, without the board's template shapes. */
const written = (doc: Y.Doc) => new Set([...noteIds(doc)].filter((id) => /^shape:[a-z]-\d+$/.test(id)))

const sameNotes = (docs: Y.Doc[]) => {
  const [first, ...rest] = docs.map((doc) => [...written(doc)].sort().join())
  return rest.every((ids) => ids === first)
}

/** The workshop as PostgreSQL holds it, read without any instance. */
async function storedNotes(workshopId: string): Promise<Set<string>> {
  const doc = new Y.Doc()
  const rows = await adminQuery<{ data: Buffer }>(`SELECT data FROM ${schema}.updates WHERE doc_id = $1 ORDER BY seq`, [workshopId])
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data))
  return written(doc)
}

const api = (at: { url: string }, workshopId: string, path: string, key: string, body?: unknown, method = 'POST') =>
  fetch(`${at.url}/api/workshops/${workshopId}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

describe.skipIf(!available)('several instances sharing workshops', { timeout: 60_000 }, () => {
  it('clients on three instances converge, see each other’s presence, and the trust boundary holds on each', async () => {
    const [one, two, three] = await instances(3)
    const w = await createWorkshop(one!, { title: 'Regionen', city: 'Örebro', boards: ['brave-space'] })
    const [a, b, c] = [open(one!, w.id, w.participantKey), open(two!, w.id, w.participantKey), open(three!, w.id, w.participantKey)]
    await Promise.all([a, b, c].map((client) => client.synced))
    const writers = [keepWriting(a, 'a', 15), keepWriting(b, 'b', 15), keepWriting(c, 'c', 15)]
    await sleep(1500)
    writers.forEach((writer) => writer.stop())
    const total = writers.reduce((sum, writer) => sum + writer.written(), 0)
    await waitFor(() => sameNotes([a.doc, b.doc, c.doc]) && written(a.doc).size === total, 'all three instances’ clients hold every note', 15_000)
    await waitFor(async () => (await storedNotes(w.id)).size === total, 'every note is stored once', 10_000)

    // Presence crosses instances: each client sees the other two.
    for (const [i, client] of [a, b, c].entries()) client.provider.awareness.setLocalStateField('cursor', { x: i, y: 0 })
    await waitFor(
      () => [a, b, c].every((client) => [a, b, c].every((other) => other === client || client.provider.awareness.getStates().has(other.doc.clientID))),
      'presence reaches every instance',
    )
    // A text written through one instance is the same everywhere.
    const board = firstBoard(a.doc)
    a.doc.transact(() => putRecord(getRecordsMap(a.doc), noteOn(board, 'shape:hälsning', 'Hej från Örebro')))
    await waitFor(() => noteText(c.doc, 'shape:hälsning') === 'Hej från Örebro', 'the text arrives through another instance')

    // A template shape may not be removed by a participant, whichever instance takes the write.
    const template = readAllRecords(b.doc).find((r) => r.typeName === 'shape' && (r.meta as { template?: boolean }).template)!
    const closed = new Promise<number>((resolve) => b.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1)))
    getRecordsMap(b.doc).delete(template.id)
    expect(await closed).toBe(4403)
    await sleep(300)
    for (const doc of [a.doc, c.doc]) expect(readRecord(getRecordsMap(doc), template.id)).not.toBeNull()
  })

  it('an instance killed while clients write loses nothing that was stored; its clients carry on through another', async () => {
    const [one, two] = await instances(2)
    const w = await createWorkshop(one!, { title: 'Krasch', city: 'Umeå', boards: ['brave-space'] })
    const a = open(one!, w.id, w.participantKey)
    const b = open(two!, w.id, w.participantKey)
    await Promise.all([a.synced, b.synced])
    const writing = keepWriting(a, 'a', 5)
    await waitFor(() => written(b.doc).size > 40, 'notes reach the other instance', 10_000)
    await one!.process.kill()
    // What the other instance's client had received was stored before it was sent.
    const seenThroughTwo = written(b.doc)
    const stored = await storedNotes(w.id)
    for (const id of seenThroughTwo) expect(stored.has(id), `${id} was seen by another client, so it must be stored`).toBe(true)

    // The load balancer sends the client to the surviving instance; it keeps writing meanwhile.
    a.provider.destroy()
    const again = open(two!, w.id, w.participantKey, a.doc)
    await again.synced
    await sleep(300)
    writing.stop()
    await waitFor(() => sameNotes([a.doc, b.doc]) && written(b.doc).size === writing.written(), 'every note the client wrote reaches the other client', 15_000)
    await waitFor(async () => (await storedNotes(w.id)).size === writing.written(), 'and is stored', 10_000)
  })

  it('converges after Redis drops the instances’ connections mid-workshop, healing from PostgreSQL', async () => {
    // Healing on a timer is pushed out of the test's reach: the repair must come from the reconnect.
    const [one, two] = await instances(2, { HEAL_EVERY_MS: '600000' })
    const w = await createWorkshop(one!, { title: 'Avbrott', city: 'Luleå', boards: ['brave-space'] })
    const a = open(one!, w.id, w.participantKey)
    const b = open(two!, w.id, w.participantKey)
    await Promise.all([a.synced, b.synced])
    const admin = redisAdmin()
    try {
      const writers = [keepWriting(a, 'a', 10), keepWriting(b, 'b', 10)]
      // Messages sent while an instance's subscription is down are gone for good.
      let cuts = 0
      for (const end = Date.now() + 1500; Date.now() < end; cuts++) {
        await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
        await sleep(120)
      }
      writers.forEach((writer) => writer.stop())
      // A client's later update shows that an earlier one is missing; the last ones before a quiet spell show nothing.
      const before = writers.reduce((sum, writer) => sum + writer.written(), 0)
      await waitFor(async () => (await storedNotes(w.id)).size === before, 'what was written so far is stored', 10_000)
      expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(2)
      for (const [name, client] of [['a', a], ['b', b]] as const) {
        client.doc.transact(() => putRecord(getRecordsMap(client.doc), noteOn(firstBoard(client.doc), `shape:${name}-999999`, `${name} last`)))
      }
      const total = writers.reduce((sum, writer) => sum + writer.written(), 0) + 2
      expect(cuts).toBeGreaterThan(5)
      await waitFor(() => sameNotes([a.doc, b.doc]) && written(a.doc).size === total, 'both clients hold every note', 15_000)
      expect((await storedNotes(w.id)).size).toBe(total)
    } finally {
      admin.disconnect()
    }
  })

  it('a timer, a lock, a vote and a join code started through one instance hold on the others, and happen once', async () => {
    const [one, two] = await instances(2)
    const w = await createWorkshop(one!, { title: 'Styrning', city: 'Malmö', boards: ['swot'] })
    const onTwo = open(two!, w.id, w.facilitatorKey)
    await onTwo.synced
    const board = firstBoard(onTwo.doc)

    expect((await api(one!, w.id, '/timer', w.facilitatorKey, { action: 'start', seconds: 120 })).status).toBe(200)
    await waitFor(() => readTimer(onTwo.doc).status === 'running', 'the timer reaches a client of the other instance')

    expect((await api(one!, w.id, `/boards/${board}/lock`, w.facilitatorKey, { locked: true })).status).toBe(200)
    const participant = open(two!, w.id, w.participantKey)
    await participant.synced
    const closed = new Promise<number>((resolve) => participant.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1)))
    participant.doc.transact(() => putRecord(getRecordsMap(participant.doc), noteOn(board, 'shape:låst', 'på en låst tavla')))
    expect(await closed).toBe(4403)
    expect((await api(two!, w.id, `/boards/${board}/lock`, w.facilitatorKey, { locked: false })).status).toBe(200)

    const noteOnBoard: JsonRecord = noteOn(board, 'shape:forslag', 'Förslag')
    onTwo.doc.transact(() => putRecord(getRecordsMap(onTwo.doc), noteOnBoard))
    expect((await api(one!, w.id, `/boards/${board}/vote`, w.facilitatorKey, { action: 'start', dots: 2 })).status).toBe(200)
    // A dot placed through the other instance, at once: it acts on the vote as stored, not on what Redis has brought it so far.
    const voter = await joinAsPerson(two!, w.id, w.participantKey)
    const dot = await fetch(`${two!.url}/api/workshops/${w.id}/boards/${board}/dots`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.participantKey}`, 'X-Person-Token': voter.token },
      body: JSON.stringify({ noteId: 'shape:forslag', delta: 1 }),
    })
    expect(dot.status).toBe(200)
    // Ending it through both instances at once: it ends once, and the count is on the note everywhere.
    const ends = await Promise.all([one!, two!].map((at) => api(at, w.id, `/boards/${board}/vote`, w.facilitatorKey, { action: 'end' })))
    expect(ends.map((r) => r.status).sort()).toEqual([200, 409])
    await waitFor(() => readVote(onTwo.doc, board)?.status === 'closed', 'the vote closes everywhere')
    await waitFor(() => (readRecord(getRecordsMap(onTwo.doc), 'shape:forslag')?.meta as { votes?: number }).votes === 1, 'the count reaches the other instance')

    // The join code on the wall works whichever instance the phone reaches.
    expect((await api(one!, w.id, '/join', w.facilitatorKey, { show: true })).status).toBe(204)
    await waitFor(() => readJoin(onTwo.doc) !== null, 'the join code reaches the wall')
    const shortLink = readJoin(onTwo.doc)!.shortLink
    const code = shortLink.slice(shortLink.lastIndexOf('/') + 1)
    const redirect = await fetch(`${two!.url}/j/${code}`, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toContain(w.participantKey)
  })

  it('a workshop worked on through two instances is kept as a snapshot once per interval, not once per instance', async () => {
    const [one, two] = await instances(2)
    const w = await createWorkshop(one!, { title: 'Ögonblick', city: 'Visby', boards: ['brave-space'] })
    const [a, b] = [open(one!, w.id, w.participantKey), open(two!, w.id, w.participantKey)]
    await Promise.all([a.synced, b.synced])
    for (const [name, client] of [['a', a], ['b', b]] as const) {
      client.doc.transact(() => putRecord(getRecordsMap(client.doc), noteOn(firstBoard(client.doc), `shape:${name}-1`, name)))
    }
    await waitFor(() => sameNotes([a.doc, b.doc]) && written(a.doc).size === 2, 'both notes everywhere')
    const autoSnapshots = async () => (await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.snapshots WHERE workshop_id = $1 AND reason = 'auto'`, [w.id]))[0]!.n
    await waitFor(async () => (await autoSnapshots()) > 0, 'a snapshot is kept')
    await sleep(1000)
    expect(await autoSnapshots()).toBe(1)
  })

  it('a delete through one instance closes the workshop’s sockets on every instance and leaves no row', async () => {
    const [one, two, three] = await instances(3)
    const w = await createWorkshop(one!, { title: 'Bort', city: 'Gävle', boards: ['brave-space'] })
    const connected = [open(one!, w.id, w.participantKey), open(two!, w.id, w.participantKey), open(three!, w.id, w.viewerKey)]
    await Promise.all(connected.map((client) => client.synced))
    connected[1]!.doc.transact(() => putRecord(getRecordsMap(connected[1]!.doc), noteOn(firstBoard(connected[1]!.doc), 'shape:hemligt', 'Hemligt-9Qz')))
    await waitFor(async () => (await adminQuery(`SELECT 1 FROM ${schema}.updates WHERE encode(data, 'escape') LIKE '%Hemligt-9Qz%'`)).length > 0, 'the note is stored')
    const closes = connected.map((client) => new Promise<number>((resolve) => client.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? -1))))
    expect((await api(two!, w.id, '', w.facilitatorKey, undefined, 'DELETE')).status).toBe(204)
    expect(await Promise.all(closes)).toEqual([4404, 4404, 4404])
    await sleep(500)
    for (const table of ['workshops', 'updates', 'people', 'client_owners', 'snapshots', 'votes']) {
      const [row] = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.${table} t WHERE t::text LIKE '%' || $1 || '%'`, [w.id])
      expect(row!.n, `rows left in ${table}`).toBe(0)
    }
    expect((await fetch(`${three!.url}/api/workshops/${w.id}?key=${w.facilitatorKey}`)).status).toBe(404)
  })
})
