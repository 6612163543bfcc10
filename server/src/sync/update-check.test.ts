import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { getMetaMap, getRecordsMap, patchRecord, putRecord, putRecords, readAllRecords, readRecord, type JsonRecord, type Role } from '@sfs/shared'
import { workshopTemplates } from '@sfs/boards'
import { note } from '@sfs/boards/fixtures'
import { decodeUpdate, MalformedUpdate } from './update-decoder.ts'
import { checkUpdate, Refusal, type CheckContext, type ClientOwner } from './update-check.ts'

/** The server's document of a new SWOT workshop, and a client's copy of it. */
function workshop() {
  const server = new Y.Doc()
  getMetaMap(server).set('title', 'Arbetspass')
  putRecords(server, workshopTemplates(['swot'], { title: 'Arbetspass', city: 'Malmö' }, () => 'page:board'))
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  return { server, client }
}

function context(role: Role = 'participant', owners = new Map<number, ClientOwner>(), userId: string | null = null): CheckContext {
  return {
    writer: { role, userId },
    owner: userId ? { kind: 'person', userId } : { kind: 'guest' },
    ownerOf: (client) => owners.get(client),
    maxRecordBytes: 64 * 1024,
    maxFactLength: 200,
  }
}

/** What `change` makes of `client` as one update, checked against `server`; applied there when accepted. */
function check(server: Y.Doc, client: Y.Doc, change: (doc: Y.Doc) => void, ctx = context()) {
  const before = Y.encodeStateVector(server)
  client.transact(() => change(client))
  const update = Y.encodeStateAsUpdate(client, before)
  const accepted = checkUpdate(server, decodeUpdate(update), ctx)
  Y.applyUpdate(server, update)
  expect(server.store.pendingStructs).toBeNull()
  expect(server.store.pendingDs).toBeNull()
  return accepted
}

function refusal(run: () => unknown): Refusal {
  try {
    run()
  } catch (err) {
    if (err instanceof Refusal) return err
    throw err
  }
  throw new Error('not refused')
}

const aNote = (doc: Y.Doc, id: string, text = 'Lapp'): JsonRecord => note(text, 300, 300, 'page:board', { id })

describe('checkUpdate', () => {
  it('accepts a participant’s note, its edits and its deletion', () => {
    const { server, client } = workshop()
    expect(check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:a'))).records).toBe(1)
    const written = readRecord(getRecordsMap(client), 'shape:a')!
    check(server, client, (doc) => patchRecord(getRecordsMap(doc), written, { ...written, x: 900 }))
    expect(readRecord(getRecordsMap(server), 'shape:a')!.x).toBe(900)
    check(server, client, (doc) => getRecordsMap(doc).delete('shape:a'))
    expect(readRecord(getRecordsMap(server), 'shape:a')).toBeNull()
  })

  it('accepts entries an undo manager kept and yjs merged, reading the value a key ends up with', () => {
    const { server, client } = workshop()
    const undo = new Y.UndoManager(getRecordsMap(client), { captureTimeout: 0 })
    check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:typed', '')))
    // Typing, one set of the text per letter: the superseded ones are kept for undo and merge into one item.
    const offline = Y.encodeStateVector(server)
    for (const text of ['S', 'Sk', 'Skr', 'Skriven']) {
      const current = readRecord(getRecordsMap(client), 'shape:typed')!
      client.transact(() => patchRecord(getRecordsMap(client), current, { ...current, props: { ...(current.props as object), richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } } }))
    }
    const update = Y.encodeStateAsUpdate(client, offline)
    const decoded = decodeUpdate(update)
    expect([...decoded.clients.values()].flat().some((s) => s.kind === 'item' && s.content.kind === 'json' && s.content.values.length > 1)).toBe(true)
    checkUpdate(server, decoded, context())
    Y.applyUpdate(server, update)
    expect(JSON.stringify(readRecord(getRecordsMap(server), 'shape:typed')!.props)).toContain('Skriven')
    undo.destroy()
  })

  it('reads a hand-made entry of several values by its last one, as yjs shows it', () => {
    const { server, client } = workshop()
    check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:n')))
    const x = (getRecordsMap(server).get('shape:n')!._map.get('x'))!
    const entry = (values: unknown[]) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 4242)
      encoding.writeVarUint(e, 0)
      encoding.writeUint8(e, 8 | 128) // JSON values after an origin: the note's current x
      encoding.writeVarUint(e, x.id.client)
      encoding.writeVarUint(e, x.id.clock)
      encoding.writeVarUint(e, values.length)
      for (const value of values) encoding.writeAny(e, value as never)
      encoding.writeVarUint(e, 0)
      return encoding.toUint8Array(e)
    }
    expect(refusal(() => checkUpdate(server, decodeUpdate(entry([5, 'not a number'])), context())).kind).toBe('invalid')
    checkUpdate(server, decodeUpdate(entry(['not a number', 5])), context())
  })

  it('checks every value two concurrent writers could leave, whoever yjs lets win', () => {
    const { server, client } = workshop()
    check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:shared')))
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server))
    const base = readRecord(getRecordsMap(client), 'shape:shared')!
    check(server, client, (doc) => patchRecord(getRecordsMap(doc), base, { ...base, x: 1 }))
    // The other writer's concurrent change is fine on its own and with the first: accepted.
    check(server, other, (doc) => patchRecord(getRecordsMap(doc), base, { ...base, x: 2 }))
    expect([1, 2]).toContain(readRecord(getRecordsMap(server), 'shape:shared')!.x)
    // A concurrent value the schema refuses is refused even though yjs might not let it win.
    const third = new Y.Doc()
    Y.applyUpdate(third, Y.encodeStateAsUpdate(server))
    const stale = readRecord(getRecordsMap(third), 'shape:shared')!
    check(server, client, (doc) => patchRecord(getRecordsMap(doc), readRecord(getRecordsMap(doc), 'shape:shared')!, { ...stale, y: 5 }))
    expect(refusal(() => check(server, third, (doc) => getRecordsMap(doc).get('shape:shared')!.set('y', 'not a number'))).kind).toBe('invalid')
  })

  it('refuses what yjs would keep pending: a gap in a client’s clocks, an origin nobody has, deletes of clocks to come', () => {
    const { server, client } = workshop()
    const ahead = new Y.Doc()
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(server))
    ahead.transact(() => putRecord(getRecordsMap(ahead), aNote(ahead, 'shape:one')))
    const first = Y.encodeStateAsUpdate(ahead, Y.encodeStateVector(server))
    ahead.transact(() => putRecord(getRecordsMap(ahead), aNote(ahead, 'shape:two')))
    const second = Y.encodeStateAsUpdate(ahead, Y.encodeStateVector(server))
    const onlySecond = Y.diffUpdate(second, Y.encodeStateVectorFromUpdate(first))
    expect(refusal(() => checkUpdate(server, decodeUpdate(onlySecond), context())).kind).toBe('missing')

    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, client.clientID)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2 ** 30)
    expect(refusal(() => checkUpdate(server, decodeUpdate(encoding.toUint8Array(e)), context())).kind).toBe('missing')
  })

  it('refuses extending a client id owned by someone else, and lets the owner and guests go on', () => {
    const { server, client } = workshop()
    const owners = new Map<number, ClientOwner>([[client.clientID, { kind: 'person', userId: 'anna' }]])
    check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:annas')), context('participant', owners, 'anna'))
    expect(refusal(() => check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:not-bos')), context('participant', owners, 'bo'))).detail).toContain('another person')
    owners.set(client.clientID, { kind: 'server' })
    expect(refusal(() => check(server, client, (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:x')), context('facilitator', owners))).detail).toContain('the server')
  })

  it('refuses by role: viewers write nothing, participants not the template, meta facts or vote counts', () => {
    const { server, client } = workshop()
    const zone = readAllRecords(client).find((r) => (r.meta as { zone?: string }).zone === 'hot')!
    const cases: [Role, (doc: Y.Doc) => void][] = [
      ['viewer', (doc) => putRecord(getRecordsMap(doc), aNote(doc, 'shape:v'))],
      ['participant', (doc) => patchRecord(getRecordsMap(doc), zone, { ...zone, x: 0 })],
      ['participant', (doc) => getMetaMap(doc).set('title', 'Annat')],
      ['participant', (doc) => putRecord(getRecordsMap(doc), { ...aNote(doc, 'shape:votes'), meta: { votes: 9 } })],
      ['facilitator', (doc) => putRecord(getRecordsMap(doc), { ...aNote(doc, 'shape:votes'), meta: { votes: 9 } })],
    ]
    for (const [role, change] of cases) {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
      expect(refusal(() => check(server, copy, change, context(role))).kind, role).toBe('forbidden')
    }
    check(server, client, (doc) => patchRecord(getRecordsMap(doc), zone, { ...zone, x: 0 }), context('facilitator'))
  })
})

describe('decodeUpdate', () => {
  it('reads honest updates as yjs does', () => {
    const { client } = workshop()
    const update = Y.encodeStateAsUpdate(client)
    const ours = decodeUpdate(update)
    const theirs = Y.decodeUpdate(update)
    expect([...ours.clients.values()].flat().length).toBe(theirs.structs.length)
  })

  it('reads a real document’s delete set, and refuses ranges out of order or overlapping, which yjs never writes', () => {
    const doc = new Y.Doc()
    for (let i = 0; i < 500; i++) getMetaMap(doc).set(`k${i % 7}`, i)
    for (let i = 0; i < 7; i += 2) getMetaMap(doc).delete(`k${i}`)
    // What an honest client repeats on every reconnect: its whole state, delete set included. It changes nothing.
    const whole = decodeUpdate(Y.encodeStateAsUpdate(doc))
    expect(whole.deletes.get(doc.clientID)!.length).toBeGreaterThan(0)
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc))
    expect(checkUpdate(server, whole, context('facilitator')).noop).toBe(true)
    const deletes = (ranges: [number, number][]) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 9)
      encoding.writeVarUint(e, ranges.length)
      for (const [clock, len] of ranges) {
        encoding.writeVarUint(e, clock)
        encoding.writeVarUint(e, len)
      }
      return encoding.toUint8Array(e)
    }
    expect(decodeUpdate(deletes([[0, 5], [5, 2], [9, 1]])).deletes.get(9)).toHaveLength(3)
    expect(() => decodeUpdate(deletes([[10, 5], [0, 2]]))).toThrow('out of order')
    expect(() => decodeUpdate(deletes([[0, 5], [3, 5]]))).toThrow('overlapping')
  })

  it('refuses JSON deeper than its bound, prototype keys, other content kinds and trailing bytes, without recursing', () => {
    const deep = new Y.Doc()
    let value: unknown = 'x'
    for (let i = 0; i < 100_000; i++) value = [value]
    // Encoded by hand: lib0's writer would recurse.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, 5)
    encoding.writeVarUint(e, 0)
    encoding.writeUint8(e, 8 | 32)
    encoding.writeVarUint(e, 1)
    encoding.writeVarString(e, 'meta')
    encoding.writeVarString(e, 'k')
    encoding.writeVarUint(e, 1)
    for (let i = 0; i < 100_000; i++) {
      encoding.writeUint8(e, 117)
      encoding.writeVarUint(e, 1)
    }
    encoding.writeUint8(e, 126)
    encoding.writeVarUint(e, 0)
    expect(() => decodeUpdate(encoding.toUint8Array(e))).toThrow(MalformedUpdate)

    const proto = new Y.Doc()
    getMetaMap(proto).set('k', JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(() => decodeUpdate(Y.encodeStateAsUpdate(proto))).toThrow('__proto__')

    const text = new Y.Doc()
    text.getText('t').insert(0, 'hej')
    expect(() => decodeUpdate(Y.encodeStateAsUpdate(text))).toThrow('content kind "string"')

    const trailing = new Uint8Array([...Y.encodeStateAsUpdate(deep), 7])
    expect(() => decodeUpdate(trailing)).toThrow('bytes after')
  })
})
