/**
 * The storage contract: what the sync, workshop and voting code rely on from a store, run
 * against every store. PostgreSQL runs when it is reachable; where it is not, the tests say
 * they were skipped, and under CI=true that is a failure, so CI always runs them.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentGoneError, PostgresStorage, SqliteStorage, type Storage } from '@sfs/server'
import { adminQuery, dropSchema, POSTGRES_URL, postgresAvailable, testSchemaName } from '../support/postgres.ts'
import { removeDir, tempDataDir } from './helpers.ts'

const postgresMissing = !(await postgresAvailable('its storage contract tests'))

interface StoreUnderTest {
  open(): Promise<Storage>
  cleanup(): Promise<void>
}

function sqlite(): StoreUnderTest {
  const dir = tempDataDir()
  return {
    open: async () => new SqliteStorage(join(dir, 'workshops.sqlite')),
    cleanup: async () => removeDir(dir),
  }
}

/** Each test in a PostgreSQL schema of its own, dropped afterwards. */
function postgres(): StoreUnderTest & { schema: string } {
  const schema = testSchemaName()
  return {
    schema,
    open: () => PostgresStorage.open(POSTGRES_URL, { schema }),
    cleanup: () => dropSchema(schema),
  }
}

const stores: [string, () => StoreUnderTest, boolean][] = [
  ['SQLite', sqlite, true],
  ['PostgreSQL', postgres, !postgresMissing],
]

const bytes = (...values: number[]) => new Uint8Array(values)

/** A Yjs document whose changes come out as the updates a room would store. */
function writer() {
  const doc = new Y.Doc()
  return {
    set(key: string, value: number): Uint8Array {
      let update: Uint8Array | null = null
      doc.once('update', (u: Uint8Array) => (update = u))
      doc.getMap('m').set(key, value)
      return update!
    },
    snapshot: () => Y.encodeStateAsUpdate(doc),
  }
}

/** What stored updates hold, read as a document. */
function contents(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getMap('m').toJSON()
}
const row = (id: string, lastActivityAt = '2026-01-01T00:00:00.000Z') => ({
  id,
  facilitatorKeyHash: `hash-${id}`,
  participantKey: `p-${id}`,
  viewerKey: `v-${id}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt,
  keepUntil: null,
})

for (const [name, make, available] of stores) {
  describe.skipIf(!available)(`the ${name} store`, () => {
    let store: StoreUnderTest | null = null
    const opened: Storage[] = []
    async function open(): Promise<Storage> {
      store ??= make()
      const storage = await store.open()
      opened.push(storage)
      return storage
    }
    afterEach(async () => {
      for (const storage of opened.splice(0)) await storage.close()
      await store?.cleanup()
      store = null
    })

    it('keeps a document as its updates in order; compaction replaces them with one; deleting removes them', async () => {
      const s = await open()
      await s.createWorkshop(row('doc-a'))
      await s.createWorkshop(row('doc-b'))
      expect(await s.load('doc-a')).toEqual([])
      const a = writer()
      const first = a.set('one', 1)
      const second = a.set('two', 2)
      await s.append('doc-a', first)
      await s.append('doc-a', second)
      await s.append('doc-b', writer().set('b', 9))
      expect(await s.load('doc-a')).toEqual([first, second])
      await s.compact('doc-a', a.snapshot())
      await s.append('doc-a', a.set('three', 3))
      const compacted = await s.load('doc-a')
      expect(compacted).toHaveLength(2)
      expect(contents(compacted)).toEqual({ one: 1, two: 2, three: 3 })
      expect((await s.list()).sort()).toEqual(['doc-a', 'doc-b'])
      await s.delete('doc-a')
      expect(await s.load('doc-a')).toEqual([])
      expect(await s.list()).toEqual(['doc-b'])
    })

    it('takes many appends to one document at once, and keeps every one, each once', async () => {
      const s = await open()
      await s.createWorkshop(row('busy'))
      await Promise.all(Array.from({ length: 60 }, (_, i) => s.append('busy', writer().set(`k${i}`, i))))
      const loaded = await s.load('busy')
      expect(loaded).toHaveLength(60)
      expect(contents(loaded)).toEqual(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])))
    })

    it('what it stored is there after it is closed and opened again', async () => {
      const first = await open()
      await first.createWorkshop(row('kept'))
      await first.append('kept', bytes(4, 2))
      await first.createWorkshop(row('w1'))
      await first.close()
      opened.splice(opened.indexOf(first), 1)
      const again = await open()
      expect(await again.load('kept')).toEqual([bytes(4, 2)])
      expect(await again.getWorkshop('w1')).toEqual(row('w1'))
    })

    it('keeps a workshop’s access facts: keys, activity, retention', async () => {
      const s = await open()
      await s.createWorkshop(row('w1', '2026-01-01T00:00:00.000Z'))
      await s.createWorkshop(row('w2', '2026-03-01T00:00:00.000Z'))
      expect(await s.getWorkshop('nope')).toBeNull()
      await s.setKeys('w1', { participantKey: 'p-new' })
      expect(await s.getWorkshop('w1')).toMatchObject({ participantKey: 'p-new', viewerKey: 'v-w1' })
      await s.touchWorkshop('w1', '2026-02-01T00:00:00.000Z')
      expect(await s.expiredWorkshops('2026-02-15T00:00:00.000Z', '2026-06-01T00:00:00.000Z')).toEqual(['w1'])
      await s.setKeepUntil('w1', '2027-01-01T00:00:00.000Z')
      expect(await s.expiredWorkshops('2026-02-15T00:00:00.000Z', '2026-06-01T00:00:00.000Z')).toEqual([])
      expect(await s.expiredWorkshops('2026-04-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z')).toEqual(['w1', 'w2'])
      await s.deleteWorkshop('w1')
      expect(await s.getWorkshop('w1')).toBeNull()
      expect(await s.getWorkshop('w2')).not.toBeNull()
      expect(await s.diskBytes()).toBeGreaterThan(0)
    })

    it('keeps ballots per voter, tallies them per note, and forgets a board’s or a workshop’s', async () => {
      const s = await open()
      for (const id of ['w', 'other']) await s.createWorkshop(row(id))
      await s.setDots('w', 'page:a', 'anna', 'shape:1', 2)
      await s.setDots('w', 'page:a', 'bo', 'shape:1', 1)
      await s.setDots('w', 'page:a', 'bo', 'shape:2', 1)
      await s.setDots('w', 'page:b', 'anna', 'shape:3', 1)
      await s.setDots('other', 'page:a', 'anna', 'shape:1', 5)
      await s.setDots('w', 'page:a', 'bo', 'shape:2', 0)
      expect(await s.ballot('w', 'page:a', 'anna')).toEqual({ 'shape:1': 2 })
      expect(await s.tally('w', 'page:a')).toEqual({ 'shape:1': 3 })
      // Counts only: two people have voted, three dots are down (Bo's dot taken back is not counted).
      expect(await s.voteProgress('w', 'page:a')).toEqual({ voters: 2, placed: 3 })
      expect(await s.voteProgress('w', 'page:nope')).toEqual({ voters: 0, placed: 0 })
      expect(await s.allBallots('w')).toEqual([
        { boardId: 'page:a', voter: 'anna', noteId: 'shape:1', dots: 2 },
        { boardId: 'page:a', voter: 'bo', noteId: 'shape:1', dots: 1 },
        { boardId: 'page:b', voter: 'anna', noteId: 'shape:3', dots: 1 },
      ])
      await s.clearVotes('w', 'page:a')
      expect(await s.tally('w', 'page:a')).toEqual({})
      expect(await s.tally('w', 'page:b')).toEqual({ 'shape:3': 1 })
      await s.clearVotes('w')
      expect(await s.allBallots('w')).toEqual([])
      expect(await s.tally('other', 'page:a')).toEqual({ 'shape:1': 5 })
    })

    it('holds private notes per board until they are forgotten, a board’s or a workshop’s; a note sent again replaces itself', async () => {
      const s = await open()
      for (const id of ['w', 'other']) await s.createWorkshop(row(id))
      const sealed = (boardId: string, noteId: string, owner: string, text: string) => ({ boardId, noteId, owner, record: JSON.stringify({ id: noteId, text }) })
      await s.sealNote('w', sealed('page:a', 'shape:1', 'anna', 'ett'))
      await s.sealNote('w', sealed('page:a', 'shape:1', 'anna', 'ett, ändrad'))
      await s.sealNote('w', sealed('page:a', 'shape:2', 'bo', 'två'))
      await s.sealNote('w', sealed('page:b', 'shape:3', 'anna', 'tre'))
      await s.sealNote('other', sealed('page:a', 'shape:1', 'cecilia', 'annan'))
      expect(await s.sealedNotes('w', 'page:a')).toEqual([sealed('page:a', 'shape:1', 'anna', 'ett, ändrad'), sealed('page:a', 'shape:2', 'bo', 'två')])
      await s.unsealNote('w', 'shape:2')
      expect((await s.sealedNotes('w')).map((n) => n.noteId)).toEqual(['shape:1', 'shape:3'])
      await s.deleteSealed('w', 'page:a')
      expect((await s.sealedNotes('w')).map((n) => n.noteId)).toEqual(['shape:3'])
      await s.deleteSealed('w')
      expect(await s.sealedNotes('w')).toEqual([])
      expect(await s.sealedNotes('other')).toHaveLength(1)
      await s.deleteWorkshop('other')
      await expect(s.sealNote('other', sealed('page:a', 'shape:9', 'cecilia', 'för sent'))).rejects.toThrow(DocumentGoneError)
    })

    it('keeps the first time it saw each record, up to a bound per workshop, and forgets them with the workshop', async () => {
      const s = await open()
      const stamped = (ids: string[], at: string) => ids.map((id) => [id, at] as const)
      for (const id of ['w', 'other']) await s.createWorkshop(row(id))
      expect(await s.stampRecords('w', stamped(['shape:1', 'shape:2'], '2026-11-24T09:00:00.000Z'), 4)).toBe(2)
      // Seen again later (a note deleted and brought back): its first time stays.
      expect(await s.stampRecords('w', stamped(['shape:2', 'shape:3', 'shape:4', 'shape:5'], '2026-11-24T10:00:00.000Z'), 4)).toBe(2)
      expect(await s.stampRecords('other', stamped(['shape:1'], '2026-11-24T11:00:00.000Z'), 4)).toBe(1)
      expect(Object.fromEntries(await s.recordTimes('w'))).toEqual({
        'shape:1': '2026-11-24T09:00:00.000Z',
        'shape:2': '2026-11-24T09:00:00.000Z',
        'shape:3': '2026-11-24T10:00:00.000Z',
        'shape:4': '2026-11-24T10:00:00.000Z',
      })
      expect(await s.stampRecords('w', stamped(['shape:6'], '2026-11-24T12:00:00.000Z'), 4)).toBe(0)
      await s.deleteRecordTimes('w')
      expect((await s.recordTimes('w')).size).toBe(0)
      expect((await s.recordTimes('other')).size).toBe(1)
      // The bound counts what is held now: after the times are forgotten there is room again.
      // Each with its own time, as a moved workshop brings them; the fifth is past the bound.
      const moved = ['shape:7', 'shape:8', 'shape:9', 'shape:10', 'shape:11'].map((id, i) => [id, `2026-11-2${i}T12:30:00.000Z`] as const)
      expect(await s.stampRecords('w', moved, 4)).toBe(4)
      expect(Object.fromEntries(await s.recordTimes('w'))).toEqual(Object.fromEntries(moved.slice(0, 4)))
      await s.deleteWorkshop('other')
      await expect(s.stampRecords('other', stamped(['shape:9'], '2026-11-24T13:00:00.000Z'), 4)).rejects.toThrow(DocumentGoneError)
    })

    it('knows people by their token and whose client ids are whose; a claim is never taken over', async () => {
      const s = await open()
      await s.createWorkshop(row('w'))
      await s.createPerson('w', 'user-a', 'hash-a', '2026-01-01T00:00:00.000Z')
      await s.createPerson('w', 'user-b', 'hash-b', '2026-01-01T00:00:00.000Z')
      await expect(s.createPerson('w', 'user-c', 'hash-a', '2026-01-01T00:00:00.000Z')).rejects.toThrow()
      expect(await s.personByToken('w', 'hash-b')).toBe('user-b')
      expect(await s.personByToken('other', 'hash-b')).toBeNull()
      expect(await s.countPeople('w')).toBe(2)
      await s.claimClients('w', [1, 4_294_967_295], 'person:user-a')
      await s.claimClients('w', [1, 2], 'person:user-b')
      expect(await s.clientOwners('w')).toEqual(new Map([[1, 'person:user-a'], [4_294_967_295, 'person:user-a'], [2, 'person:user-b']]))
      await s.deletePeople('w')
      expect(await s.countPeople('w')).toBe(0)
      expect(await s.clientOwners('w')).toEqual(new Map())
    })

    it('keeps the newest snapshots up to the bound, newest first, and forgets them with the workshop', async () => {
      const s = await open()
      for (const id of ['w', 'other']) await s.createWorkshop(row(id))
      for (let i = 0; i < 5; i++) await s.saveSnapshot('w', { takenAt: `2026-01-0${i + 1}T00:00:00.000Z`, reason: i === 4 ? 'manual' : 'auto' }, bytes(i), 3)
      await s.saveSnapshot('other', { takenAt: '2026-01-01T00:00:00.000Z', reason: 'auto' }, bytes(9), 3)
      const list = await s.listSnapshots('w')
      expect(list.map((v) => [v.takenAt.slice(0, 10), v.reason])).toEqual([
        ['2026-01-05', 'manual'],
        ['2026-01-04', 'auto'],
        ['2026-01-03', 'auto'],
      ])
      expect(await s.loadSnapshot('w', list[1]!.id)).toEqual(bytes(3))
      expect(await s.loadSnapshot('other', list[1]!.id)).toBeNull()
      await s.deleteSnapshots('w')
      expect(await s.listSnapshots('w')).toEqual([])
      expect(await s.listSnapshots('other')).toHaveLength(1)
      await s.scrub()
    })

    it('writes no ballot, person, client claim or snapshot for a workshop that is gone, so a write racing a delete leaves nothing', async () => {
      const s = await open()
      await s.createWorkshop(row('w'))
      await s.deleteWorkshop('w')
      await expect(s.setDots('w', 'page:a', 'anna', 'shape:1', 1)).rejects.toThrow(DocumentGoneError)
      await expect(s.createPerson('w', 'user-a', 'hash-a', '2026-01-01T00:00:00.000Z')).rejects.toThrow(DocumentGoneError)
      await expect(s.claimClients('w', [1], 'person:user-a')).rejects.toThrow(DocumentGoneError)
      await expect(s.saveSnapshot('w', { takenAt: '2026-01-01T00:00:00.000Z', reason: 'auto' }, bytes(1), 3)).rejects.toThrow(DocumentGoneError)
      expect(await s.allBallots('w')).toEqual([])
      expect(await s.countPeople('w')).toBe(0)
      expect(await s.clientOwners('w')).toEqual(new Map())
      expect(await s.listSnapshots('w')).toEqual([])
    })
  })
}

describe.skipIf(postgresMissing)('the PostgreSQL store’s own tables', () => {
  it('are created on first start, left as they are on the next, and a database set up by a newer version is refused', async () => {
    const store = postgres()
    try {
      const first = await store.open()
      await first.createWorkshop(row('d'))
      await first.append('d', bytes(1))
      await first.close()
      const second = await store.open()
      expect(await second.load('d')).toEqual([bytes(1)])
      await second.close()
      await adminQuery(`UPDATE ${store.schema}.schema_version SET version = 99`)
      await expect(store.open()).rejects.toThrow(/newer version/)
    } finally {
      await store.cleanup()
    }
  })
})

/** Several instances on one database: what each relies on when it cannot see the others' memory. */
describe.skipIf(postgresMissing)('the PostgreSQL store shared by several instances', () => {
  const schema = testSchemaName()
  const store = { open: () => PostgresStorage.open(POSTGRES_URL, { schema }), cleanup: () => dropSchema(schema) }
  const opened: PostgresStorage[] = []
  const open = async () => {
    const s = await store.open()
    opened.push(s)
    return s
  }
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close()
    await store.cleanup()
  })

  it('compaction by one instance keeps what another stored that it has not received', async () => {
    const [a, b] = [await open(), await open()]
    await a.createWorkshop(row('w'))
    const onA = writer()
    await a.append('w', onA.set('from-a', 1))
    await b.append('w', writer().set('from-b', 2))
    await a.compact('w', onA.snapshot())
    const stored = await b.load('w')
    expect(stored).toHaveLength(1)
    expect(contents(stored)).toEqual({ 'from-a': 1, 'from-b': 2 })
  })

  it('hands out what was stored after a sequence number, and the snapshot once compacted past it', async () => {
    const s = await open()
    await s.createWorkshop(row('w'))
    const w = writer()
    await s.append('w', w.set('one', 1))
    const { seq } = await s.loadSince('w', 0)
    const later = w.set('two', 2)
    await s.append('w', later)
    expect(await s.loadSince('w', seq)).toEqual({ updates: [later], seq: seq + 1 })
    expect(await s.loadSince('w', seq + 1)).toEqual({ updates: [], seq: seq + 1 })
    await s.compact('w', w.snapshot())
    const after = await s.loadSince('w', seq)
    expect(after.seq).toBe(seq + 1)
    expect(contents(after.updates)).toEqual({ one: 1, two: 2 })
  })

  it('refuses an update for a workshop another instance deleted, so that nothing is left behind', async () => {
    const [a, b] = [await open(), await open()]
    await a.createWorkshop(row('w'))
    await a.deleteWorkshop('w')
    await a.delete('w')
    await expect(b.append('w', writer().set('late', 1))).rejects.toThrow(DocumentGoneError)
    expect(await a.load('w')).toEqual([])
  })
})
