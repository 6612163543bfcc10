import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import { createLogger } from '../log.ts'
import { MESSAGE_AWARENESS } from './protocol.ts'
import { DEFAULT_SYNC_LIMITS, Room, type Corkable } from './room.ts'

/** A socket that records what the room sends, and whether its stream was corked at the time. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  readonly events: string[] = []
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
  send(_message: Uint8Array, done?: (err?: Error) => void): void {
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

function loadRoom(): Promise<Room> {
  return Room.load({
    id: 'w1',
    store: emptyStore,
    log: createLogger('silent'),
    limits: DEFAULT_SYNC_LIMITS,
    compactEvery: 500,
    onEmpty: () => {},
    onActivity: () => {},
  })
}

function cursorMessage(x: number): Buffer {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awareness.setLocalState({ cursor: { x } })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]))
  return Buffer.from(encoding.toUint8Array(encoder))
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

    // Two cursor moves handled in one turn, as when they arrive in one read.
    writer.emit('message', cursorMessage(1), true)
    writer.emit('message', cursorMessage(2), true)
    expect(reader.events).toEqual(['cork', 'send (corked)', 'send (corked)'])
    await Promise.resolve()
    expect(reader.events).toEqual(['cork', 'send (corked)', 'send (corked)', 'uncork'])

    // The next turn corks again: nothing waits for a later one.
    writer.emit('message', cursorMessage(3), true)
    await Promise.resolve()
    expect(reader.events.slice(4)).toEqual(['cork', 'send (corked)', 'uncork'])
    room.destroy()
  })
})
