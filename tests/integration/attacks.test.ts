/**
 * The attacks of issue 11, each made the way a holder of a link would: a stock yjs /
 * y-websocket / ws client and a few lines of code. Each must be refused before anyone sees
 * it, and the workshop must still load, export and take the facilitator's edits afterwards.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { getMetaMap, getRecordsMap, jsonEqual, patchRecord, putRecord, readAllRecords, readRecord, type CreatedWorkshop, type JsonRecord } from '@sfs/shared'
import { attempt, closeOf, outcomeOf, updateMessage, connect, createWorkshop, firstBoard, joinAsPerson, note, rawSocket, sleep, storedDoc, testWorkshops, waitFor, watchFor, type Client, type TestServer } from './helpers.ts'

const room = testWorkshops()

const templateOf = (doc: Y.Doc) => readAllRecords(doc).filter((r) => (r.meta as { template?: boolean }).template).sort((a, b) => a.id.localeCompare(b.id))

/** Writes `record` under `key` in the records map, whatever its id says. */
function putUnder(records: Y.Map<Y.Map<unknown>>, key: string, record: JsonRecord): void {
  const map = new Y.Map<unknown>()
  records.set(key, map)
  for (const [field, value] of Object.entries(record)) {
    if (field !== 'props' && field !== 'meta') map.set(field, value)
    else {
      const nested = new Y.Map<unknown>()
      map.set(field, nested)
      for (const [k, v] of Object.entries(value as object)) nested.set(k, v)
    }
  }
}

/** An update of raw structs and deletes, as a hostile client would write it by hand. */
function rawUpdate(write: { structs?: (e: encoding.Encoder) => void; deletes?: [client: number, clock: number, len: number][] }): Uint8Array {
  const e = encoding.createEncoder()
  if (write.structs) write.structs(e)
  else encoding.writeVarUint(e, 0)
  const deletes = write.deletes ?? []
  encoding.writeVarUint(e, deletes.length)
  for (const [client, clock, len] of deletes) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, clock)
    encoding.writeVarUint(e, len)
  }
  return encoding.toUint8Array(e)
}

/** A garbage-collected run for `client` from `clock`: what reserves a client's future clocks. */
const gcRun = (client: number, clock: number, len: number) => (e: encoding.Encoder) => {
  encoding.writeVarUint(e, 1) // one client
  encoding.writeVarUint(e, 1) // one struct
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, clock)
  encoding.writeUint8(e, 0) // GC
  encoding.writeVarUint(e, len)
}

async function sendRaw(s: TestServer, w: CreatedWorkshop, key: string, message: Uint8Array): Promise<number> {
  const socket = await rawSocket(s, w.id, key)
  const code = await outcomeOf(socket, message, 1500)
  socket.close()
  return code
}

interface Setup {
  s: TestServer
  w: CreatedWorkshop
  facilitator: Client
  observer: Client
  template: JsonRecord[]
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const s = await room.start(env)
  const w = await createWorkshop(s, { title: 'Kärngruppen', city: 'Malmö', boards: ['swot', 'ambition'] })
  const facilitator = room.connect(s, w.id, w.facilitatorKey)
  const observer = room.connect(s, w.id, w.participantKey)
  await Promise.all([facilitator.synced, observer.synced])
  return { s, w, facilitator, observer, template: templateOf(observer.doc) }
}

/** After the attack: the workshop loads fresh from storage, exports, and takes the facilitator's edits. */
async function stillHealthy({ s, w, template }: Setup): Promise<void> {
  const stored = await storedDoc(s, w.id)
  expect(templateOf(stored)).toEqual(template)
  const fresh = room.connect(s, w.id, w.facilitatorKey)
  await fresh.synced
  expect(templateOf(fresh.doc)).toEqual(template)
  for (const format of ['json', 'csv', 'md', 'docx']) {
    expect((await fetch(`${s.url}/api/workshops/${w.id}/export?format=${format}&key=${w.facilitatorKey}`)).status).toBe(200)
  }
  const id = `shape:after-${Math.random().toString(36).slice(2)}`
  fresh.doc.transact(() => putRecord(getRecordsMap(fresh.doc), note(fresh.doc, id, 'Facilitatorn skriver')))
  await waitFor(async () => readRecord(getRecordsMap(await storedDoc(s, w.id)), id) !== null, 'the facilitator’s note stored')
}

describe('issue 11: each attack is refused before anyone sees it', () => {
  it('1. a map nested 10,000 deep, with a template edit in the same update, is refused whole', async () => {
    const ctx = await setup()
    const { s, w, observer } = ctx
    const heading = readAllRecords(observer.doc).find((r) => (r.meta as { text?: string }).text === 'heading')!
    const watch = watchFor([observer.doc, ctx.facilitator.doc], (doc) => !jsonEqual(templateOf(doc), ctx.template))
    const code = await attempt(s, w.id, w.participantKey, (doc) =>
      doc.transact(() => {
        const records = getRecordsMap(doc)
        patchRecord(records, heading, { ...heading, x: 5000 })
        let map = records.get(heading.id)!.get('props') as Y.Map<unknown>
        for (let i = 0; i < 10_000; i++) {
          const next = new Y.Map<unknown>()
          map.set('deeper', next)
          map = next
        }
      }),
    )
    expect(code).toBe(4400)
    expect(watch.ever()).toBe(false)
    await stillHealthy(ctx)
  })

  it('2. pending deletes of clocks that do not exist yet are refused, for the room, the template author and a colleague', async () => {
    const ctx = await setup()
    const { s, w } = ctx
    const colleague = await joinAsPerson(s, w.id, w.participantKey)
    const anna = room.connect(s, w.id, w.participantKey)
    const annaDoc = new Y.Doc()
    const annaClient = connect(s, w.id, w.participantKey, annaDoc, colleague.token)
    await Promise.all([anna.synced, annaClient.synced])
    anna.destroy()
    const page = readAllRecords(ctx.observer.doc).find((r) => r.typeName === 'page')!
    expect((await fetch(`${s.url}/api/workshops/${w.id}/boards/${page.id}/lock`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` }, body: JSON.stringify({ locked: true }) })).status).toBe(200)
    await waitFor(() => (readRecord(getRecordsMap(ctx.observer.doc), page.id)!.meta as { locked?: boolean }).locked === true, 'lock')
    const targets = [...new Set([...ctx.observer.doc.store.clients.keys(), annaDoc.clientID])]
    // While the board is locked, a delete of the lock's future clocks would unlock it later.
    ctx.template = templateOf(ctx.observer.doc)

    // Every client id in the document (the template's author, the room's), and the colleague's.
    for (const client of targets) {
      expect(await sendRaw(s, w, w.participantKey, updateMessage(rawUpdate({ deletes: [[client, 0, 2 ** 30]] })))).toBe(4409)
    }
    // The lock held; the facilitator lifts it.
    await sleep(100)
    expect((readRecord(getRecordsMap(await storedDoc(s, w.id)), page.id)!.meta as { locked?: boolean }).locked).toBe(true)
    expect((await fetch(`${s.url}/api/workshops/${w.id}/boards/${page.id}/lock`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` }, body: JSON.stringify({ locked: false }) })).status).toBe(200)
    await waitFor(() => [annaDoc, ctx.observer.doc].every((doc) => (readRecord(getRecordsMap(doc), page.id)!.meta as { locked?: boolean }).locked === false), 'unlock')
    ctx.template = templateOf(ctx.observer.doc)
    // The colleague's notes written afterwards reach everyone and stay.
    annaDoc.transact(() => putRecord(getRecordsMap(annaDoc), note(annaDoc, 'shape:anna', 'Annas lapp')))
    await waitFor(() => readRecord(getRecordsMap(ctx.observer.doc), 'shape:anna') !== null, 'the colleague’s note arrives')
    annaClient.destroy()
    await stillHealthy(ctx)
    expect(readRecord(getRecordsMap(await storedDoc(s, w.id)), 'shape:anna')).not.toBeNull()
  })

  it('2b. reserving a colleague’s next clocks, in the document or announced in awareness, is refused', async () => {
    const ctx = await setup()
    const { s, w } = ctx
    const colleague = await joinAsPerson(s, w.id, w.participantKey)
    const doc = new Y.Doc()
    const anna = connect(s, w.id, w.participantKey, doc, colleague.token)
    await anna.synced
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna' })
    await waitFor(() => ctx.observer.provider.awareness.getStates().has(doc.clientID), 'Anna’s presence arrives')
    // Anna has not written yet: her id is known only from awareness.
    expect(await sendRaw(s, w, w.participantKey, updateMessage(rawUpdate({ structs: gcRun(doc.clientID, 0, 100_000) })))).toBe(4403)
    doc.transact(() => putRecord(getRecordsMap(doc), note(doc, 'shape:anna1', 'Första')))

    await waitFor(() => readRecord(getRecordsMap(ctx.observer.doc), 'shape:anna1') !== null, 'first note')
    // Now at her next clock.
    expect(await sendRaw(s, w, w.participantKey, updateMessage(rawUpdate({ structs: gcRun(doc.clientID, Y.getState(doc.store, doc.clientID), 100_000) })))).toBe(4403)
    doc.transact(() => putRecord(getRecordsMap(doc), note(doc, 'shape:anna2', 'Andra')))
    await waitFor(() => readRecord(getRecordsMap(ctx.observer.doc), 'shape:anna2') !== null, 'second note')
    anna.destroy()
    await stillHealthy(ctx)
  })

  it('3. updates with gaps in their clocks, and junk in a new root map, are refused; the document does not grow', async () => {
    const ctx = await setup()
    const { s, w } = ctx
    const before = (await s.storage.load(w.id)).reduce((n, u) => n + u.byteLength, 0)
    // A large entry, written as if a thousand clocks of its client came before it: yjs would keep it pending.
    const gap = rawUpdate({
      structs: (e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint(e, 123_456)
        encoding.writeVarUint(e, 1000)
        encoding.writeUint8(e, 8 | 32) // a JSON value with a key, no origin
        encoding.writeVarUint(e, 1) // parent is a root type…
        encoding.writeVarString(e, 'meta') // …named meta
        encoding.writeVarString(e, 'junk')
        encoding.writeVarUint(e, 1)
        encoding.writeAny(e, 'x'.repeat(60_000))
      },
    })
    expect(await sendRaw(s, w, w.participantKey, updateMessage(gap))).toBe(4409)
    const junk = await attempt(s, w.id, w.participantKey, (doc) => doc.getMap('junk').set('fill', 'x'.repeat(100_000)))
    expect(junk).toBe(4400)
    await sleep(100)
    expect((await s.storage.load(w.id)).reduce((n, u) => n + u.byteLength, 0)).toBe(before)
    expect(ctx.observer.doc.share.has('junk')).toBe(false)
    await stillHealthy(ctx)
  })

  it('4. unknown record types, oversized props and invalid records are refused', async () => {
    const ctx = await setup()
    const { s, w, observer } = ctx
    const watch = watchFor([observer.doc], (doc) => [...getRecordsMap(doc).keys()].some((id) => id.includes('evil')))
    const attacks: [string, (doc: Y.Doc) => void, number][] = [
      ['unknown type', (doc) => doc.transact(() => putRecord(getRecordsMap(doc), { id: 'evil:1', typeName: 'evil', meta: {} })), 4403],
      ['1 MiB of props', (doc) => doc.transact(() => putRecord(getRecordsMap(doc), { ...note(doc, 'shape:evil-big', 'x'), props: { ...(note(doc, 'shape:evil-big', 'x').props as object), url: 'x'.repeat(1024 * 1024) } })), 4403],
      ['a note without its fields', (doc) => doc.transact(() => putRecord(getRecordsMap(doc), { id: 'shape:evil-empty', typeName: 'shape', type: 'note', props: { text: 'x' }, meta: {} })), 4403],
      ['a record under another key', (doc) => doc.transact(() => putUnder(getRecordsMap(doc), 'shape:evil-a', note(doc, 'shape:evil-b', 'x'))), 4403],
      ['a new root type', (doc) => doc.getArray('evil').push(['x']), 4400],
    ]
    for (const [what, change, expected] of attacks) expect(await attempt(s, w.id, w.participantKey, change), what).toBe(expected)
    expect(watch.ever()).toBe(false)
    await stillHealthy(ctx)
  })

  it('5. a note’s meta replaced by a plain object cannot smuggle votes into the exports', async () => {
    const ctx = await setup()
    const { s, w, observer } = ctx
    observer.doc.transact(() => putRecord(getRecordsMap(observer.doc), note(observer.doc, 'shape:lapp', 'En lapp')))
    await waitFor(() => readRecord(getRecordsMap(ctx.facilitator.doc), 'shape:lapp') !== null, 'note arrives')
    const watch = watchFor([observer.doc, ctx.facilitator.doc], (doc) => JSON.stringify(readRecord(getRecordsMap(doc), 'shape:lapp')?.meta).includes('999'))
    for (const key of [w.participantKey, w.facilitatorKey]) {
      expect(await attempt(s, w.id, key, (doc) => getRecordsMap(doc).get('shape:lapp')!.set('meta', { votes: 999 }))).toBe(4400)
    }
    expect(watch.ever()).toBe(false)
    const csv = await (await fetch(`${s.url}/api/workshops/${w.id}/export?format=csv&key=${w.facilitatorKey}`)).text()
    expect(csv).not.toContain('999')
    await stillHealthy(ctx)
  })

  it('6. awareness: no taking over another client’s entry, the role and user id come from the server, states are bounded', async () => {
    const ctx = await setup()
    const { s, w, observer } = ctx
    const fia = await joinAsPerson(s, w.id, w.facilitatorKey)
    const facilitator = connect(s, w.id, w.facilitatorKey, new Y.Doc(), fia.token)
    await facilitator.synced
    facilitator.provider.awareness.setLocalStateField('user', { name: 'Facilitatorn' })
    const facilitatorId = facilitator.doc.clientID
    await waitFor(() => observer.provider.awareness.getStates().has(facilitatorId), 'the facilitator’s presence')
    const awarenessMessage = (clientId: number, clock: number, state: unknown) => {
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, clientId)
      encoding.writeVarUint(inner, clock)
      encoding.writeVarString(inner, JSON.stringify(state))
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
      return encoding.toUint8Array(e)
    }
    // Overwriting the facilitator's entry (which the projector follows).
    expect(await sendRaw(s, w, w.participantKey, awarenessMessage(facilitatorId, 999, { user: { name: 'Falsk', role: 'facilitator' } }))).toBe(4403)
    expect((observer.provider.awareness.getStates().get(facilitatorId) as { user: { name: string } }).user.name).toBe('Facilitatorn')
    // A viewer claiming to be the facilitator is shown as what it is.
    const viewer = new WebSocket(`${s.url.replace('http', 'ws')}/sync/${w.id}?key=${w.viewerKey}`)
    await new Promise((resolve) => viewer.once('open', resolve))
    viewer.send(awarenessMessage(777_777, 1, { user: { name: 'Jag är facilitatorn', role: 'facilitator', userId: 'user:fia' }, presence: { userId: 'user:fia' } }))
    await waitFor(() => observer.provider.awareness.getStates().has(777_777), 'the viewer’s presence')
    const state = observer.provider.awareness.getStates().get(777_777) as { user: { role: string; userId: string }; presence: { userId: string } }
    expect(state.user.role).toBe('viewer')
    expect(state.user.userId).not.toBe('user:fia')
    expect(state.presence.userId).toBe(state.user.userId)
    viewer.close()
    // A ghost state of 2 MiB.
    expect(await sendRaw(s, w, w.participantKey, awarenessMessage(888_888, 1, { junk: 'x'.repeat(2 * 1024 * 1024) }))).toBe(4400)
    expect(observer.provider.awareness.getStates().has(888_888)).toBe(false)
    facilitator.destroy()
    await stillHealthy(ctx)
  })

  it('7. fair shares: participants cannot take the facilitator’s or the projector’s slots, sync step 1 is bounded, creation is rate-limited', async () => {
    const ctx = await setup({ MAX_CONNECTIONS_PER_WORKSHOP: '3', CREATE_PER_HOUR: '4' })
    const { s, w } = ctx
    const held: WebSocket[] = []
    for (;;) {
      try {
        held.push(await rawSocket(s, w.id, w.participantKey))
      } catch (err) {
        expect(String(err)).toContain('HTTP 503')
        break
      }
    }
    expect(held.length).toBeLessThanOrEqual(3)
    const facilitator = await rawSocket(s, w.id, w.facilitatorKey)
    const projector = await rawSocket(s, w.id, w.viewerKey)
    facilitator.close()
    projector.close()
    held.forEach((socket) => socket.close())

    // Asking for the whole document again and again.
    const socket = await rawSocket(s, w.id, w.viewerKey)
    const closed = closeOf(socket)
    const step1 = new Uint8Array([0, 0, 1, 0])
    for (let i = 0; i < 20; i++) socket.send(step1)
    expect((await closed).code).toBe(4429)
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200)

    // Creating workshops: a burst, then 429.
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${s.url}/api/workshops`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Skräp' }) })).status)
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(4)
    expect(statuses).toContain(429)
    await stillHealthy(ctx)
  })

  it('7b. with CREATE_KEY set, only its holder creates workshops; MAX_DATA_BYTES stops growth with a clear error', async () => {
    const s = await room.start({ CREATE_KEY: 'hemlig-nyckel-123' })
    const create = (body: object) => fetch(`${s.url}/api/workshops`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    expect((await create({ title: 'A' })).status).toBe(401)
    expect((await create({ title: 'A', createKey: 'fel' })).status).toBe(403)
    expect((await create({ title: 'A', createKey: 'hemlig-nyckel-123' })).status).toBe(201)
    expect(((await (await fetch(`${s.url}/api/config`)).json()) as { createKeyRequired: boolean }).createKeyRequired).toBe(true)

    const full = await room.start({ MAX_DATA_BYTES: '1' })
    const refused = await fetch(`${full.url}/api/workshops`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'B' }) })
    expect(refused.status).toBe(507)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('MAX_DATA_BYTES')
  })

  it('8. the facilitator replaces a leaked link: old keys are refused and their sockets closed', async () => {
    const ctx = await setup()
    const { s, w } = ctx
    const leaked = room.connect(s, w.id, w.participantKey)
    await leaked.synced
    const closed = new Promise<number>((resolve) => leaked.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)))
    expect((await fetch(`${s.url}/api/workshops/${w.id}/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.participantKey}` }, body: JSON.stringify({ roles: ['participant'] }) })).status).toBe(403)
    const res = await fetch(`${s.url}/api/workshops/${w.id}/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.facilitatorKey}` }, body: JSON.stringify({ roles: ['participant', 'viewer'] }) })
    expect(res.status).toBe(200)
    const rotated = (await res.json()) as { participantKey: string; viewerKey: string; links: { participant: string } }
    expect(await closed).toBe(4401)
    expect(rotated.participantKey).not.toBe(w.participantKey)
    expect(rotated.links.participant).toContain(rotated.participantKey)
    await expect(rawSocket(s, w.id, w.participantKey)).rejects.toThrow('HTTP 403')
    await expect(rawSocket(s, w.id, w.viewerKey)).rejects.toThrow('HTTP 403')
    expect((await fetch(`${s.url}/api/workshops/${w.id}/access?key=${w.participantKey}`)).status).toBe(403)
    // The new link opens the workshop: the new key syncs and writes.
    const fresh = room.connect(s, w.id, rotated.participantKey)
    await fresh.synced
    leaked.destroy()
    fresh.doc.transact(() => putRecord(getRecordsMap(fresh.doc), note(fresh.doc, 'shape:new-key', 'Ny länk')))
    await waitFor(() => readRecord(getRecordsMap(ctx.facilitator.doc), 'shape:new-key') !== null, 'a note through the new link')
    await stillHealthy(ctx)
  })
})

describe('honest use is unchanged', () => {
  it('a device joining a room of many present people stays connected, though its client echoes all their states back', async () => {
    const ctx = await setup()
    const present = Array.from({ length: 8 }, (_, i) => {
      const client = room.connect(ctx.s, ctx.w.id, ctx.w.participantKey)
      client.provider.awareness.setLocalStateField('user', { name: `Person ${i}` })
      return client
    })
    await Promise.all(present.map((c) => c.synced))
    await waitFor(() => ctx.observer.provider.awareness.getStates().size >= 9, 'everyone present')
    const joiner = room.connect(ctx.s, ctx.w.id, ctx.w.participantKey)
    let closes = 0
    joiner.provider.on('connection-close', () => closes++)
    await joiner.synced
    joiner.provider.awareness.setLocalStateField('user', { name: 'Sist in' })
    await waitFor(() => [...ctx.observer.provider.awareness.getStates().values()].some((st) => (st as { user?: { name?: string } }).user?.name === 'Sist in'), 'the joiner is seen')
    await sleep(300)
    expect(closes).toBe(0)
    expect(ctx.s.logs.filter((l) => l.includes('awareness'))).toEqual([])
  })

  it('concurrent edits of one note by two people both land, and a note edited offline merges on reconnect', async () => {
    const ctx = await setup()
    const { s, w, observer } = ctx
    const a = room.connect(s, w.id, w.participantKey)
    const b = room.connect(s, w.id, w.participantKey)
    await Promise.all([a.synced, b.synced])
    a.doc.transact(() => putRecord(getRecordsMap(a.doc), note(a.doc, 'shape:delad', 'Delad lapp')))
    await waitFor(() => readRecord(getRecordsMap(b.doc), 'shape:delad') !== null, 'note arrives')
    const base = readRecord(getRecordsMap(a.doc), 'shape:delad')!
    b.provider.disconnect()
    a.doc.transact(() => patchRecord(getRecordsMap(a.doc), base, { ...base, x: 700 }))
    b.doc.transact(() => patchRecord(getRecordsMap(b.doc), base, { ...base, x: 50, props: { ...(base.props as object), color: 'green' } }))
    b.provider.connect()
    await waitFor(() => {
      const seen = readRecord(getRecordsMap(observer.doc), 'shape:delad') as JsonRecord | null
      return !!seen && (seen.props as { color: string }).color === 'green'
    }, 'offline edit merges')
    const final = readRecord(getRecordsMap(observer.doc), 'shape:delad')!
    expect([50, 700]).toContain(final.x)
    await waitFor(() => JSON.stringify(readRecord(getRecordsMap(a.doc), 'shape:delad')) === JSON.stringify(final), 'everyone agrees')
    expect(firstBoard(observer.doc)).toBe(base.parentId)
  })
})
