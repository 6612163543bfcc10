/**
 * One live workshop document: its Yjs doc, awareness and connections.
 * Every update is stored before it is broadcast, and a client's handshake is only
 * answered once the stored document is loaded (the room is created loaded).
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import type { Role } from '@sfs/shared'
import type { DocumentStore } from '../storage/types.ts'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import {
  CLOSE,
  LimitError,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  ProtocolError,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol.ts'

export interface Connection {
  socket: WebSocket
  role: Role
  /** Awareness client ids this connection speaks for; removed when it leaves. */
  awarenessIds: Set<number>
}

export interface RoomOptions {
  id: string
  store: DocumentStore
  log: Logger
  maxDocumentBytes: number
  compactEvery: number
  /** Called when the last connection leaves. */
  onEmpty(room: Room): void
  /** Called after a stored update, for last-activity bookkeeping. */
  onActivity(room: Room): void
  /** Rules installed on the loaded document (e.g. the template guard); each returns its undo. */
  policies?: ((room: Room) => () => void)[]
}

export function canWrite(role: Role): boolean {
  return role !== 'viewer'
}

export class Room {
  readonly id: string
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly connections = new Map<WebSocket, Connection>()
  /** Connections being set up; a room with any is not unloaded. */
  pendingJoins = 0
  closed = false

  private chain: Promise<void> = Promise.resolve()
  private disposePolicies: (() => void)[] = []
  private bytes = 0
  private appendsSinceCompaction = 0
  private readonly opts: RoomOptions

  private constructor(opts: RoomOptions) {
    this.opts = opts
    this.id = opts.id
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server has no presence of its own.
    this.awareness.setLocalState(null)
  }

  static async load(opts: RoomOptions): Promise<Room> {
    const room = new Room(opts)
    const updates = await opts.store.load(opts.id)
    if (updates.length > 0) {
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
      Y.applyUpdate(room.doc, merged, room)
      room.bytes = merged.byteLength
    }
    room.appendsSinceCompaction = updates.length > 1 ? opts.compactEvery : 0
    room.doc.on('update', (update: Uint8Array, origin: unknown) => room.onDocUpdate(update, origin))
    room.disposePolicies = (opts.policies ?? []).map((install) => install(room))
    room.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      room.onAwarenessUpdate(changes, origin),
    )
    return room
  }

  /** Number of bytes the document is known to take (updates since load are counted as they come). */
  get size(): number {
    return this.bytes
  }

  join(socket: WebSocket, role: Role): void {
    const conn: Connection = { socket, role, awarenessIds: new Set() }
    this.connections.set(socket, conn)
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(conn, data, isBinary))
    socket.on('close', () => this.leave(conn))
    // ws closes the socket itself, with a code that says why (1009 for a message too large);
    // terminating here would cut that close frame off. The listener keeps the error from being thrown.
    socket.on('error', (err) => this.opts.log.debug('sync.socket_error', { workshop: this.id, role: conn.role, ...errorFields(err) }))
    this.send(conn, encodeSyncStep1(this.doc))
    const states = Array.from(this.awareness.getStates().keys())
    if (states.length > 0) this.send(conn, encodeAwareness(this.awareness, states))
  }

  /** Resolves once every update received so far is stored. */
  flushed(): Promise<void> {
    return this.chain
  }

  /** Closes every connection (e.g. the workshop was deleted); the room is not stored again. */
  closeAll(code: number, reason: string): void {
    for (const conn of this.connections.values()) conn.socket.close(code, reason)
  }

  /** Stores a compacted snapshot of the document, after everything queued before it. */
  compact(): Promise<void> {
    return this.enqueue(async () => {
      const snapshot = Y.encodeStateAsUpdate(this.doc)
      await this.opts.store.compact(this.id, snapshot)
      this.bytes = snapshot.byteLength
      this.appendsSinceCompaction = 0
    })
  }

  destroy(): void {
    this.closed = true
    this.disposePolicies.forEach((dispose) => dispose())
    this.disposePolicies = []
    this.awareness.destroy()
    this.doc.destroy()
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(() => (this.closed ? undefined : task()))
    // A failed write must not block later ones; the failure is handled where it happens.
    this.chain = next.catch(() => {})
    return next
  }

  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    try {
      if (!isBinary) throw new ProtocolError('text frames are not part of the protocol')
      this.handleMessage(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch (err) {
      this.reject(conn, err)
    }
  }

  private reject(conn: Connection, err: unknown): void {
    const isLimit = err instanceof LimitError
    this.opts.log.warn(isLimit ? 'sync.limit' : 'sync.bad_message', { workshop: this.id, role: conn.role, ...errorFields(err) })
    conn.socket.close(isLimit ? CLOSE.documentTooLarge : CLOSE.protocolError, isLimit ? 'document size limit reached' : 'malformed message')
  }

  private handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MESSAGE_SYNC:
        this.handleSync(conn, decoder)
        return
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder)
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn)
        return
      }
      case MESSAGE_QUERY_AWARENESS:
        this.send(conn, encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())))
        return
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (syncType === SYNC_STEP1) {
      try {
        Y.decodeStateVector(payload)
      } catch {
        throw new ProtocolError('undecodable state vector')
      }
      // Answer from what is stored, so a client never holds an update the server could lose.
      void this.chain
        .then(() => {
          if (!this.closed && this.connections.has(conn.socket)) this.send(conn, encodeSyncStep2(this.doc, payload))
        })
        .catch((err) => this.reject(conn, err))
      return
    }
    if (syncType !== SYNC_STEP2 && syncType !== SYNC_UPDATE) throw new ProtocolError(`unknown sync message ${syncType}`)
    if (!canWrite(conn.role)) {
      this.opts.log.debug('sync.write_dropped', { workshop: this.id, role: conn.role })
      return
    }
    this.applyClientUpdate(payload, conn)
  }

  private applyClientUpdate(update: Uint8Array, conn: Connection): void {
    if (this.bytes + update.byteLength > this.opts.maxDocumentBytes) throw new LimitError('document size limit')
    try {
      // Parse fully before touching the document, so a malformed update changes nothing.
      Y.decodeUpdate(update)
    } catch {
      throw new ProtocolError('undecodable update')
    }
    Y.applyUpdate(this.doc, update, conn)
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === this) return
    this.bytes += update.byteLength
    // Written at once, so that one fsync can cover many updates; broadcast in order, each once stored.
    const stored = this.opts.store.append(this.id, update)
    stored.catch(() => {}) // its failure is handled below, when its turn comes
    void this.enqueue(async () => {
      await stored
      this.broadcast(encodeUpdate(update), origin)
      this.opts.onActivity(this)
      if (++this.appendsSinceCompaction >= this.opts.compactEvery) void this.compact()
    }).catch((err) => this.failStorage(err))
  }

  private failStorage(err: unknown): void {
    this.opts.log.error('storage.append_failed', { workshop: this.id, ...errorFields(err) })
    // Clients still hold the update; after reconnecting they send whatever the stored document lacks.
    this.closeAll(CLOSE.storageFailure, 'storage failure, reconnecting')
    this.destroy()
    this.opts.onEmpty(this)
  }

  private onAwarenessUpdate(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const changed = [...changes.added, ...changes.updated, ...changes.removed]
    const conn = origin && typeof origin === 'object' && 'awarenessIds' in origin ? (origin as Connection) : null
    if (conn) {
      for (const id of changes.added) conn.awarenessIds.add(id)
      for (const id of changes.removed) conn.awarenessIds.delete(id)
    }
    this.broadcast(encodeAwareness(this.awareness, changed), null)
  }

  private leave(conn: Connection): void {
    if (!this.connections.delete(conn.socket)) return
    if (!this.closed && conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), null)
    }
    if (this.connections.size === 0) this.opts.onEmpty(this)
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const conn of this.connections.values()) {
      if (conn !== except) this.send(conn, message)
    }
  }

  private send(conn: Connection, message: Uint8Array): void {
    if (conn.socket.readyState !== conn.socket.OPEN) return
    conn.socket.send(message, (err) => {
      if (err) conn.socket.terminate()
    })
  }
}
