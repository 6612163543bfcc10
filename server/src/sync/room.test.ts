import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import { getRecordsMap, putRecord, putRecords } from '@sfs/shared'
import { workshopTemplates } from '@sfs/boards'
import { note } from '@sfs/boards/fixtures'
import { createLogger } from '../log.ts'
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, encodeUpdate } from './protocol.ts'
import { decodeAwareness } from './awareness-guard.ts'
import { DEFAULT_SYNC_LIMITS, Room, type Corkable } from './room.ts'

/** A socket that records what the room sends, and whether its stream was corked at the time. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  readonly events: string[] = []
  readonly sent: Uint8Array[] = []
  private corks = 0
  readonly transport: Corkable = {
    cork: () => {
      this.corks++
      this.events.push('cork')
    },
    uncork: () => {
      this.corks--
      this.events.push('uncork')
    },
  }
  send(message: Uint8Array, done?: (err?: Error) => void): void {
    this.sent.push(message)
    this.events.push(this.corks > 0 ? 'send (corked)' : 'send')
    done?.()
  }
  close(): void {
    this.readyState = 3
  }
}

const emptyStore = {
  load: async () => [],
  append: async () => {},
  appendAtOnce: () => {},
  compact: async () => {},
  delete: async () => {},
  list: async () => [],
  clientOwners: async () => new Map<number, string>(),
  claimClients: async () => {},
}

/** A room over a store holding `stored` (nothing: a workshop without boards). */
function loadRoom(stored: Uint8Array[] = []): Promise<Room> {
  return Room.load({
    id: 'w1',
    store: { ...emptyStore, load: async () => stored },
    log: createLogger('silent'),
    limits: DEFAULT_SYNC_LIMITS,
    compactEvery: 500,
    onEmpty: () => {},
    onActivity: () => {},
  })
}

function cursorMessage(x: number, awareness = new awarenessProtocol.Awareness(new Y.Doc())): Buffer {
  awareness.setLocalState({ cursor: { x } })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]))
  return Buffer.from(encoding.toUint8Array(encoder))
}

/**
 * Someone in the room moving their cursor fifty times in a moment, as a busy room's cursors
 * do; then a pause for what was held back to go and a quiet spell after it, and every
 * socket's record cleared.
 */
async function busyRoom(room: Room, sockets: FakeSocket[]): Promise<void> {
  const crowd = new FakeSocket()
  room.join(crowd as unknown as WebSocket, { role: 'participant', userId: null }, crowd.transport)
  const presence = new awarenessProtocol.Awareness(new Y.Doc())
  for (let x = 0; x < 50; x++) crowd.emit('message', cursorMessage(x, presence), true)
  await new Promise((r) => setTimeout(r, 120))
  for (const socket of sockets) socket.sent.length = 0
}

describe('room', () => {
  it('sends what one turn brings a client as one write: its stream is corked until the turn ends', async () => {
    const room = await loadRoom()
    const writer = new FakeSocket()
    const reader = new FakeSocket()
    room.join(writer as unknown as WebSocket, { role: 'participant', userId: null }, writer.transport)
    room.join(reader as unknown as WebSocket, { role: 'participant', userId: null }, reader.transport)
    await Promise.resolve()
    reader.events.length = 0

    // Two requests for everyone's presence handled in one turn, as when they arrive in one read.
    reader.emit('message', QUERY_AWARENESS, true)
    reader.emit('message', QUERY_AWARENESS, true)
    expect(reader.events).toEqual(['cork', 'send (corked)', 'send (corked)'])
    await Promise.resolve()
    expect(reader.events).toEqual(['cork', 'send (corked)', 'send (corked)', 'uncork'])

    // The next turn corks again: nothing waits for a later one.
    reader.emit('message', QUERY_AWARENESS, true)
    await Promise.resolve()
    expect(reader.events.slice(4)).toEqual(['cork', 'send (corked)', 'uncork'])
    room.destroy()
  })

  it('in a busy room, sends presence on at once after a quiet spell, and what changes within 50 ms together, newest states only', async () => {
    const room = await loadRoom()
    const [anna, bo, reader] = [new FakeSocket(), new FakeSocket(), new FakeSocket()]
    for (const socket of [anna, bo, reader]) room.join(socket as unknown as WebSocket, { role: 'participant', userId: null }, socket.transport)
    const annaPresence = new awarenessProtocol.Awareness(new Y.Doc())
    const boPresence = new awarenessProtocol.Awareness(new Y.Doc())
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    await busyRoom(room, [reader])
    const cursorsIn = (message: Uint8Array) => {
      const decoder = decoding.createDecoder(message)
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS)
      const update = decoding.readVarUint8Array(decoder)
      awarenessProtocol.applyAwarenessUpdate(seen, update, null)
      return decodeAwareness(update, { maxStateBytes: 10_000, maxEntries: 10, maxDepth: 8 }).map((e) => (e.state as { cursor: { x: number } }).cursor.x)
    }

    anna.emit('message', cursorMessage(1, annaPresence), true)
    expect(reader.sent.map(cursorsIn)).toEqual([[1]])
    // Within the gap: held, and Anna's second move replaces her first.
    anna.emit('message', cursorMessage(2, annaPresence), true)
    bo.emit('message', cursorMessage(7, boPresence), true)
    anna.emit('message', cursorMessage(3, annaPresence), true)
    expect(reader.sent).toHaveLength(1)
    await vi.waitFor(() => expect(reader.sent).toHaveLength(2), { timeout: 2000, interval: 10 })
    expect(cursorsIn(reader.sent[1]!).sort()).toEqual([3, 7])
    expect((seen.getStates().get(annaPresence.clientID) as { cursor: { x: number } }).cursor.x).toBe(3)
    // The room's last word was sent: nothing else is waiting.
    await new Promise((r) => setTimeout(r, 120))
    expect(reader.sent).toHaveLength(2)
    room.destroy()
  })

  it('in a quiet room, sends each presence change at once: it would gather nothing by waiting', async () => {
    const room = await loadRoom()
    const [anna, bo, reader] = [new FakeSocket(), new FakeSocket(), new FakeSocket()]
    for (const socket of [anna, bo, reader]) room.join(socket as unknown as WebSocket, { role: 'participant', userId: null }, socket.transport)
    await Promise.resolve()
    reader.sent.length = 0
    const annaPresence = new awarenessProtocol.Awareness(new Y.Doc())
    const boPresence = new awarenessProtocol.Awareness(new Y.Doc())
    // Two people moving five times a second, a few milliseconds apart.
    for (let x = 0; x < 5; x++) {
      anna.emit('message', cursorMessage(x, annaPresence), true)
      bo.emit('message', cursorMessage(x, boPresence), true)
      expect(reader.sent).toHaveLength(2 * (x + 1))
      await new Promise((r) => setTimeout(r, 200))
    }
    room.destroy()
  })

  it('does not send a connection its own presence back, unless it comes with others\'', async () => {
    const room = await loadRoom()
    const [anna, bo] = [new FakeSocket(), new FakeSocket()]
    for (const socket of [anna, bo]) room.join(socket as unknown as WebSocket, { role: 'participant', userId: null }, socket.transport)
    await busyRoom(room, [anna, bo])
    const annaPresence = new awarenessProtocol.Awareness(new Y.Doc())
    const boPresence = new awarenessProtocol.Awareness(new Y.Doc())

    anna.emit('message', cursorMessage(1, annaPresence), true)
    expect(bo.sent).toHaveLength(1)
    expect(anna.sent).toHaveLength(0)
    // Within the gap, both move: one message with both states, to both.
    anna.emit('message', cursorMessage(2, annaPresence), true)
    bo.emit('message', cursorMessage(3, boPresence), true)
    await vi.waitFor(() => expect(bo.sent).toHaveLength(2), { timeout: 2000, interval: 10 })
    expect(anna.sent).toHaveLength(1)
    room.destroy()
  })

  it('sends the facilitator\'s presence at once, with whatever waits: others follow their view', async () => {
    const room = await loadRoom()
    const [facilitator, anna, reader] = [new FakeSocket(), new FakeSocket(), new FakeSocket()]
    room.join(facilitator as unknown as WebSocket, { role: 'facilitator', userId: null }, facilitator.transport)
    room.join(anna as unknown as WebSocket, { role: 'participant', userId: null }, anna.transport)
    room.join(reader as unknown as WebSocket, { role: 'participant', userId: null }, reader.transport)
    await busyRoom(room, [reader])
    const leader = new awarenessProtocol.Awareness(new Y.Doc())
    const annaPresence = new awarenessProtocol.Awareness(new Y.Doc())
    const view = (x: number) => {
      leader.setLocalState({ user: { name: 'Kim', color: '#000' }, presence: { camera: { x } } })
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(leader, [leader.clientID]))
      return Buffer.from(encoding.toUint8Array(encoder))
    }

    facilitator.emit('message', view(1), true)
    facilitator.emit('message', view(2), true)
    expect(reader.sent).toHaveLength(2)
    // A participant's move waits for the gap, and goes with the facilitator's next change.
    anna.emit('message', cursorMessage(5, annaPresence), true)
    expect(reader.sent).toHaveLength(2)
    facilitator.emit('message', view(3), true)
    expect(reader.sent).toHaveLength(3)
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    const decoder = decoding.createDecoder(reader.sent[2]!)
    decoding.readVarUint(decoder)
    awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), null)
    expect([...seen.getStates().keys()].filter((id) => id !== seen.clientID).sort()).toEqual([leader.clientID, annaPresence.clientID].sort())
    room.destroy()
  })

  it('sends a note on at once and the cursor move that came with it 10 ms later, so every device has the note first', async () => {
    const seed = new Y.Doc()
    putRecords(seed, workshopTemplates(['swot'], { title: 'Arbetspass', city: 'Malmö' }, () => 'page:board'))
    const room = await loadRoom([Y.encodeStateAsUpdate(seed)])
    const [writer, reader] = [new FakeSocket(), new FakeSocket()]
    for (const socket of [writer, reader]) room.join(socket as unknown as WebSocket, { role: 'participant', userId: null }, socket.transport)
    await Promise.resolve()
    reader.events.length = 0
    reader.sent.length = 0
    const device = new Y.Doc()
    Y.applyUpdate(device, Y.encodeStateAsUpdate(room.doc))
    let update: Uint8Array | null = null
    device.once('update', (u: Uint8Array) => (update = u))
    device.transact(() => putRecord(getRecordsMap(device), note('Trygghet', 100, 100, 'page:board')))

    // Both in one read, as a device sends them.
    const presence = new awarenessProtocol.Awareness(new Y.Doc())
    writer.emit('message', Buffer.from(encodeUpdate(update!)), true)
    writer.emit('message', cursorMessage(1, presence), true)
    const types = () => reader.sent.map((message) => decoding.readVarUint(decoding.createDecoder(message)))
    await new Promise((r) => setImmediate(r))
    expect(reader.events).toEqual(['cork', 'send (corked)', 'uncork'])
    expect(types()).toEqual([MESSAGE_SYNC])
    await vi.waitFor(() => expect(types()).toEqual([MESSAGE_SYNC, MESSAGE_AWARENESS]), { timeout: 2000, interval: 1 })
    // A cursor move on its own, in this quiet room, goes at once.
    await new Promise((r) => setTimeout(r, 15))
    writer.emit('message', cursorMessage(2, presence), true)
    await new Promise((r) => setImmediate(r))
    expect(types()).toEqual([MESSAGE_SYNC, MESSAGE_AWARENESS, MESSAGE_AWARENESS])
    room.destroy()
  })

  it('sends nothing more once the room is closed', async () => {
    const room = await loadRoom()
    const [writer, reader] = [new FakeSocket(), new FakeSocket()]
    for (const socket of [writer, reader]) room.join(socket as unknown as WebSocket, { role: 'participant', userId: null }, socket.transport)
    const presence = new awarenessProtocol.Awareness(new Y.Doc())
    writer.emit('message', cursorMessage(1, presence), true)
    writer.emit('message', cursorMessage(2, presence), true)
    const sent = reader.sent.length
    room.destroy()
    await new Promise((r) => setTimeout(r, 120))
    expect(reader.sent).toHaveLength(sent)
  })
})

const QUERY_AWARENESS = Buffer.from([MESSAGE_QUERY_AWARENESS])
