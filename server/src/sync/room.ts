/**
 * One live workshop document: its Yjs doc, awareness and connections.
 * Every update is stored before it is broadcast, and a client's handshake is only
 * answered once the stored document is loaded (the room is created loaded). With several
 * instances, what one stored reaches the others through the fan-out, and each heals from
 * the shared store whatever the fan-out lost.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import { NewerDocumentError, getRecordsMap, upgradeDocument, type Role, type Writer } from '@sfs/shared'
import { DocumentGoneError, type DocumentStore, type SharedDocumentStore } from '../storage/types.ts'
import type { ClusterMessage } from '../cluster/messages.ts'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import { TokenBucket } from '../rate-limit.ts'
import type { Metrics } from '../metrics.ts'
import { WorkshopUnavailableError } from '../service-errors.ts'
import {
  CLOSE,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  SyncRefusal,
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
} from './protocol.ts'
import { MalformedUpdate, decodeUpdate } from './update-decoder.ts'
import { Refusal, checkUpdate, type ClientOwner } from './update-check.ts'
import { ClientOwners, encodeOwner, sameOwner, type ClientClaimStore } from './client-owners.ts'
import { AwarenessRefused, decodeAwareness, encodeAwarenessEntries, vouchedState } from './awareness-guard.ts'
import { PresenceBatch } from './presence-batch.ts'

/** Who is on the other end of a socket, as the server established it. */
export interface Identity {
  role: Role
  /** The person's id, from their personal token; null for a connection without one. */
  userId: string | null
}

/** The stream a WebSocket writes its frames to: held back within one turn, its frames leave in one write. */
export interface Corkable {
  cork(): void
  uncork(): void
}

export interface Connection {
  socket: WebSocket
  /** Null where the stream is not known (then every frame is its own write). */
  transport: Corkable | null
  /** The transport is corked until the current turn's microtasks run. */
  corked: boolean
  role: Role
  writer: Writer
  owner: ClientOwner
  /** Awareness client ids this connection speaks for; removed when it leaves. */
  awarenessIds: Set<number>
  /** Sync step 1 is answered at most this often: each answer can be the whole document. */
  step1: TokenBucket
  /** How often the server asks this connection for what an update of its builds on. */
  resync: TokenBucket
  /** Asked for a resync and not yet answered: updates that build on missing data are dropped meanwhile. */
  awaitingResync: boolean
  awarenessRate: TokenBucket
  /** The latest awareness update held back by the rate bound, sent when it allows. */
  heldAwareness: Uint8Array | null
  heldTimer: NodeJS.Timeout | null
  /** When the last note this connection wrote was sent on (`performance.now()`). */
  noteSentAt: number
}

export interface SyncLimits {
  maxDocumentBytes: number
  /** Largest record, as JSON. */
  maxRecordBytes: number
  /** Longest workshop title or city. */
  maxFactLength: number
  /** Client ids one person may claim in a workshop. */
  maxClientIdsPerPerson: number
  maxAwarenessBytes: number
  /** Awareness client ids one connection may speak for. */
  maxAwarenessIds: number
  /** Awareness updates per second per connection, on average (a burst of twice that). */
  awarenessPerSecond: number
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  maxDocumentBytes: 64 * 1024 * 1024,
  maxRecordBytes: 64 * 1024,
  maxFactLength: 200,
  maxClientIdsPerPerson: 2000,
  maxAwarenessBytes: 8 * 1024,
  maxAwarenessIds: 4,
  awarenessPerSecond: 30,
}

/** A connection as the origin of a change (others are the room itself, migration, the cluster, leaving). */
function isConnection(origin: unknown): origin is Connection {
  return typeof origin === 'object' && origin !== null && 'awarenessIds' in origin
}

/** Transaction origin of the migration of an older document when it is loaded. */
const MIGRATION_ORIGIN = Symbol('sfs.migration')
/** Origin of what another instance stored: sent to this instance's connections, not stored or published again. */
const FROM_CLUSTER = Symbol('sfs.cluster')
/** Origin of the awareness removals when a connection leaves. */
const LEFT = Symbol('sfs.left')

/** Entries one awareness message may hold, echoes of others' states included (a joiner echoes everyone's). */
const MAX_AWARENESS_ENTRIES = 1024

/** Participants leave this share of the document size to the facilitator, who can then still clean up. */
const PARTICIPANT_SHARE = 0.9
/** Presence goes to a room's clients at most 20 times a second, everyone's changes together. */
const PRESENCE_GAP_MS = 50
/**
 * A writer's presence goes this long after their note, with whatever else changed meanwhile.
 * A device sends a cursor move with each note. Sent right behind it, the cursor reaches every
 * device in the same moment as that note and the notes of others writing then: each device
 * handles it (and a stock provider echoes it back to the server) between notes, which show that
 * much later.
 */
const NOTE_LEAD_MS = 10

/** The other instances holding the workshop, when there are any. */
export interface RoomCluster {
  store: SharedDocumentStore
  publish(message: ClusterMessage): void
}

export interface RoomOptions {
  id: string
  store: DocumentStore & ClientClaimStore
  log: Logger
  limits: SyncLimits
  compactEvery: number
  /** Called when the last connection leaves. */
  onEmpty(room: Room): void
  /** Called after a stored update, for last-activity bookkeeping. */
  onActivity(room: Room): void
  /** Records the document gained on this instance (written here, not migrated or relayed): the server's time is theirs. */
  onRecordsCreated?(room: Room, recordIds: string[]): void
  metrics?: Metrics
  cluster?: RoomCluster | undefined
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
  /** Tasks in the chain not yet done: while there are any, a new update waits its turn behind them. */
  private queued = 0
  private owners!: ClientOwners
  private readonly presence = new PresenceBatch(PRESENCE_GAP_MS, (ids) => this.sendPresence(ids))
  /** The whole document encoded, shared by every joiner that has nothing yet; dropped on change. */
  private fullState: Uint8Array | null = null
  /** Which connection introduced each awareness client id. */
  private awarenessOwners = new Map<number, Connection>()
  private bytes = 0
  private appendsSinceCompaction = 0
  private compaction: Promise<void> | null = null
  /** The highest sequence number read from the shared store; healing reads what came after. */
  private seq = 0
  private healRunning: Promise<void> | null = null
  private healQueued: Promise<void> | null = null
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
    let updates: Uint8Array[]
    if (opts.cluster) ({ updates, seq: room.seq } = await opts.cluster.store.loadSince(opts.id, 0))
    else updates = await opts.store.load(opts.id)
    try {
      if (updates.length > 0) {
        const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
        Y.applyUpdate(room.doc, merged, room)
        room.bytes = merged.byteLength
      }
      // The server stores only what applies whole: anything left waiting means the stored data is damaged.
      if (room.doc.store.pendingStructs || room.doc.store.pendingDs) throw new Error('stored updates depend on data that is not stored')
    } catch (err) {
      room.destroy()
      opts.log.error('storage.unreadable_workshop', { workshop: opts.id, ...errorFields(err) })
      throw new WorkshopUnavailableError('unreadable', 'This workshop’s stored data cannot be read. The server’s operator can restore it from a backup (npm run restore).')
    }
    room.appendsSinceCompaction = updates.length > 1 ? opts.compactEvery : 0
    room.owners = await ClientOwners.load(opts.id, opts.store, opts.limits.maxClientIdsPerPerson)
    // The room writes (facilitation, new boards) under this id; nobody else may.
    await room.owners.claim([room.doc.clientID], { kind: 'server' })
    room.publish({ kind: 'claim', claim: { clients: [room.doc.clientID], owner: encodeOwner({ kind: 'server' })! } })
    room.doc.on('update', (update: Uint8Array, origin: unknown) => room.onDocUpdate(update, origin))
    // Only keys of the records map: a move or a retyped note changes a record's own map and costs nothing here.
    getRecordsMap(room.doc).observe((event, transaction) => {
      if (transaction.origin === FROM_CLUSTER || transaction.origin === MIGRATION_ORIGIN || !opts.onRecordsCreated) return
      const created: string[] = []
      for (const [key, change] of event.changes.keys) if (change.action === 'add') created.push(key)
      if (created.length > 0) opts.onRecordsCreated(room, created)
    })
    try {
      // Records written by an older tldraw are migrated once, here, and stored like any change.
      if (upgradeDocument(room.doc, MIGRATION_ORIGIN)) opts.log.info('storage.workshop_migrated', { workshop: opts.id })
    } catch (err) {
      room.destroy()
      if (err instanceof NewerDocumentError) throw new WorkshopUnavailableError('newer', err.message)
      throw err
    }
    room.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      room.onAwarenessUpdate(changes, origin),
    )
    room.publish({ kind: 'hello' })
    return room
  }

  /** A message from another instance holding this workshop. */
  receiveFromCluster(message: ClusterMessage): void {
    if (this.closed) return
    switch (message.kind) {
      case 'update': {
        Y.applyUpdate(this.doc, message.update, FROM_CLUSTER)
        const store = this.doc.store
        if (store.pendingStructs || store.pendingDs) {
          // It builds on a message that was lost; the shared store has both, in order.
          store.pendingStructs = null
          store.pendingDs = null
          this.heal().catch((err) => this.opts.log.warn('cluster.heal_failed', { workshop: this.id, ...errorFields(err) }))
        }
        return
      }
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, FROM_CLUSTER)
        return
      case 'claim':
        this.owners.learn(message.claim.clients, message.claim.owner)
        return
      case 'hello': {
        const mine = Array.from(this.awarenessOwners.keys()).filter((id) => this.awareness.states.has(id))
        if (mine.length > 0) this.publish({ kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, mine) })
        return
      }
      case 'close-role':
        this.closeRole(message.role, message.code, message.reason)
        return
      case 'evict':
        // The room manager evicts the whole room.
        return
    }
  }

  /**
   * Takes in what other instances stored since this one last looked: after lost messages, and
   * before a facilitator's action, so that it acts on what everyone sees. A call waits for a
   * read that starts after it, so it sees every update stored before it was made.
   */
  heal(): Promise<void> {
    if (!this.opts.cluster) return Promise.resolve()
    if (!this.healQueued) {
      const before = this.healRunning ?? Promise.resolve()
      const next: Promise<void> = before.then(() => {
        this.healQueued = null
        this.healRunning = next
        return this.healOnce()
      })
      const forget = () => {
        if (this.healRunning === next) this.healRunning = null
      }
      next.then(forget, forget)
      this.healQueued = next
    }
    return this.healQueued
  }

  /** After the fan-out was lost for a while: claims and updates made meanwhile. */
  async resume(): Promise<void> {
    if (this.closed) return
    await this.owners.refresh()
    await this.heal()
  }

  private async healOnce(): Promise<void> {
    if (this.closed || !this.opts.cluster) return
    const { updates, seq } = await this.opts.cluster.store.loadSince(this.id, this.seq)
    if (this.closed) return
    if (updates.length > 0) Y.applyUpdate(this.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), FROM_CLUSTER)
    const store = this.doc.store
    if (store.pendingStructs || store.pendingDs) {
      this.opts.log.error('sync.pending_after_heal', { workshop: this.id })
      store.pendingStructs = null
      store.pendingDs = null
    }
    this.seq = Math.max(this.seq, seq)
  }

  private publish(message: ClusterMessage): void {
    this.opts.cluster?.publish(message)
  }

  private publishClaim(clients: number[], owner: ClientOwner): void {
    const encoded = encodeOwner(owner)
    if (encoded && clients.length > 0) this.publish({ kind: 'claim', claim: { clients, owner: encoded } })
  }

  /** Number of bytes the document is known to take (updates since load are counted as they come). */
  get size(): number {
    return this.bytes
  }

  /** `transport`: the stream under `socket`, so that what is sent to it in one turn leaves in one write. */
  join(socket: WebSocket, who: Identity, transport: Corkable | null = null): void {
    const conn: Connection = {
      socket,
      transport,
      corked: false,
      role: who.role,
      writer: { role: who.role, userId: who.userId },
      owner: who.userId ? { kind: 'person', userId: who.userId } : { kind: 'guest' },
      awarenessIds: new Set(),
      step1: new TokenBucket(3, 0.2),
      resync: new TokenBucket(3, 0.2),
      awaitingResync: false,
      awarenessRate: new TokenBucket(this.opts.limits.awarenessPerSecond * 2, this.opts.limits.awarenessPerSecond),
      heldAwareness: null,
      heldTimer: null,
      noteSentAt: Number.NEGATIVE_INFINITY,
    }
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
    // Asked again before it ran (by every append queued meanwhile): the one queued will do.
    this.compaction ??= this.enqueue(async () => {
      this.compaction = null
      const snapshot = Y.encodeStateAsUpdate(this.doc)
      await this.opts.store.compact(this.id, snapshot)
      this.bytes = snapshot.byteLength
      this.appendsSinceCompaction = 0
    })
    return this.compaction
  }

  countRole(role: Role): number {
    let count = 0
    for (const conn of this.connections.values()) if (conn.role === role) count++
    return count
  }

  /** Closes the sockets that opened with a role's old key (the facilitator issued new ones). */
  closeRole(role: Role, code: number, reason: string): void {
    for (const conn of this.connections.values()) if (conn.role === role) conn.socket.close(code, reason)
  }

  destroy(): void {
    this.closed = true
    this.presence.stop()
    this.awareness.destroy()
    this.doc.destroy()
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queued++
    const next = this.chain.then(() => (this.closed ? undefined : task()))
    // A failed write must not block later ones; the failure is handled where it happens.
    this.chain = next.catch(() => {}).finally(() => this.queued--)
    return next
  }

  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    try {
      if (!isBinary) throw new SyncRefusal(CLOSE.protocolError, 'malformed message', 'text frame')
      this.handleMessage(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch (err) {
      this.reject(conn, err)
    }
  }

  private reject(conn: Connection, err: unknown): void {
    const refusal = err instanceof SyncRefusal ? err : new SyncRefusal(CLOSE.protocolError, 'malformed message', err instanceof Error ? err.message : 'unreadable')
    this.opts.log.warn('sync.refused_message', { workshop: this.id, role: conn.role, code: refusal.code, why: refusal.message })
    this.opts.metrics?.refusedWith(refusal.code)
    conn.socket.close(refusal.code, refusal.reason)
  }

  private handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MESSAGE_SYNC:
        this.handleSync(conn, decoder)
        return
      case MESSAGE_AWARENESS:
        this.receiveAwareness(conn, decoding.readVarUint8Array(decoder))
        return
      case MESSAGE_QUERY_AWARENESS:
        this.send(conn, encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())))
        return
      default:
        throw new SyncRefusal(CLOSE.protocolError, 'malformed message', `unknown message type ${type}`)
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (syncType === SYNC_STEP1) return this.answerStep1(conn, payload)
    if (syncType !== SYNC_STEP2 && syncType !== SYNC_UPDATE) throw new SyncRefusal(CLOSE.protocolError, 'malformed message', `unknown sync message ${syncType}`)
    this.receiveUpdate(conn, payload)
    if (syncType === SYNC_STEP2) conn.awaitingResync = false
  }

  private answerStep1(conn: Connection, payload: Uint8Array): void {
    let stateVector: Map<number, number>
    try {
      stateVector = Y.decodeStateVector(payload)
    } catch {
      throw new SyncRefusal(CLOSE.protocolError, 'malformed message', 'undecodable state vector')
    }
    if (!conn.step1.take()) throw new SyncRefusal(CLOSE.tooManyRequests, 'too many requests', 'sync step 1 repeated too often')
    // Answer from what is stored, so a client never holds an update the server could lose.
    void this.chain
      .then(() => {
        if (this.closed || !this.connections.has(conn.socket)) return
        const diff = stateVector.size === 0 ? (this.fullState ??= Y.encodeStateAsUpdate(this.doc)) : Y.encodeStateAsUpdate(this.doc, payload)
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MESSAGE_SYNC)
        encoding.writeVarUint(encoder, SYNC_STEP2)
        encoding.writeVarUint8Array(encoder, diff)
        this.send(conn, encoding.toUint8Array(encoder))
      })
      .catch((err) => this.reject(conn, err))
  }

  /** Decides about a client's update before anything else sees it; a refused one is neither applied, stored nor sent on. */
  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    const log = { workshop: this.id, role: conn.role, bytes: update.byteLength }
    let accepted
    try {
      const decoded = decodeUpdate(update)
      accepted = checkUpdate(this.doc, decoded, {
        writer: conn.writer,
        owner: conn.owner,
        ownerOf: (client) => this.owners.ownerOf(client),
        maxRecordBytes: this.opts.limits.maxRecordBytes,
        maxFactLength: this.opts.limits.maxFactLength,
      })
    } catch (err) {
      if (err instanceof MalformedUpdate) throw new SyncRefusal(CLOSE.protocolError, 'malformed update', err.message)
      if (err instanceof Refusal) {
        this.opts.log.warn('sync.update_refused', { ...log, kind: err.kind, why: err.detail })
        if (err.kind === 'missing') {
          // A client that writes while it reconnects sends new work ahead of its catch-up. The update
          // is dropped whole and the client asked for everything the server lacks, which holds it again.
          if (conn.awaitingResync) return
          if (!conn.resync.take()) throw new SyncRefusal(CLOSE.outOfStep, 'update depends on missing data, resend all', err.detail)
          conn.awaitingResync = true
          this.send(conn, encodeSyncStep1(this.doc))
          return
        }
        if (err.kind === 'structure') throw new SyncRefusal(CLOSE.protocolError, 'update outside the document format', err.detail)
        throw new SyncRefusal(CLOSE.writeRefused, 'write not allowed', err.detail)
      }
      throw err
    }
    if (accepted.noop) return
    const limit = conn.role === 'facilitator' ? this.opts.limits.maxDocumentBytes : Math.floor(this.opts.limits.maxDocumentBytes * PARTICIPANT_SHARE)
    if (this.bytes + update.byteLength > limit) {
      // Deleted content only leaves the byte count at compaction: make room if there is any.
      void this.compact()
      throw new SyncRefusal(CLOSE.documentTooLarge, 'document size limit reached', `${this.bytes} + ${update.byteLength} bytes > ${limit}`)
    }
    if (!this.owners.hasRoomFor(conn.owner, accepted.newClients.length)) throw new SyncRefusal(CLOSE.writeRefused, 'write not allowed', 'too many client ids for one person')
    void this.owners.claim(accepted.newClients, conn.owner).catch((err) => this.claimFailed(err))
    this.publishClaim(accepted.newClients, conn.owner)
    Y.applyUpdate(this.doc, update, conn)
    const store = this.doc.store
    if (store.pendingStructs || store.pendingDs) {
      // Never expected: the check refuses whatever yjs would keep pending. Pending data is not in the document, so dropping it changes nothing anyone saw.
      this.opts.log.error('sync.pending_after_check', log)
      store.pendingStructs = null
      store.pendingDs = null
    }
  }

  private receiveAwareness(conn: Connection, update: Uint8Array): void {
    const { limits } = this.opts
    let entries
    try {
      // A joiner's client echoes everyone's state back: the bound on entries is for what changes, below.
      // Stock y-websocket clients echo every awareness change they receive; an entry that changes nothing is not a claim.
      entries = decodeAwareness(update, { maxStateBytes: limits.maxAwarenessBytes, maxEntries: MAX_AWARENESS_ENTRIES, maxDepth: 16 }, (clientId, clock, removal) => {
        const known = this.awareness.meta.get(clientId)
        return !known || clock > known.clock || (clock === known.clock && removal && this.awareness.states.has(clientId))
      })
    } catch (err) {
      throw new SyncRefusal(CLOSE.protocolError, 'malformed awareness', err instanceof AwarenessRefused ? err.message : 'unreadable')
    }
    if (entries.length === 0) return
    if (entries.length > limits.maxAwarenessIds) throw new SyncRefusal(CLOSE.writeRefused, 'too many awareness clients', `${entries.length} awareness clients changed at once`)
    if (!conn.awarenessRate.take()) {
      // Over the rate: keep only the newest, and send it when the bound allows (cursors stay current, never queue).
      conn.heldAwareness = update
      conn.heldTimer ??= setTimeout(() => {
        conn.heldTimer = null
        const held = conn.heldAwareness
        conn.heldAwareness = null
        if (held && !this.closed && this.connections.has(conn.socket)) {
          try {
            this.receiveAwareness(conn, held)
          } catch (err) {
            this.reject(conn, err)
          }
        }
      }, conn.awarenessRate.waitMs())
      return
    }
    const fresh: number[] = []
    for (const entry of entries) {
      const introducedBy = this.awarenessOwners.get(entry.clientId)
      // The same person (or a guest of the same role) taking over from a connection that has not noticed it is gone.
      const mine = introducedBy ? introducedBy === conn || (introducedBy.role === conn.role && sameOwner(introducedBy.owner, conn.owner)) : this.owners.allows(entry.clientId, conn.owner)
      if (!mine) throw new SyncRefusal(CLOSE.writeRefused, 'awareness of another client', `awareness for client ${entry.clientId}, which is not this connection's`)
      if (introducedBy !== conn && entry.state !== null) {
        introducedBy?.awarenessIds.delete(entry.clientId)
        fresh.push(entry.clientId)
      }
      if (entry.state) entry.state = vouchedState(entry.state, entry.clientId, conn.writer)
    }
    if (conn.awarenessIds.size + fresh.length > limits.maxAwarenessIds) throw new SyncRefusal(CLOSE.writeRefused, 'too many awareness clients', 'awareness client id bound')
    if (!this.owners.hasRoomFor(conn.owner, fresh.length)) throw new SyncRefusal(CLOSE.writeRefused, 'too many awareness clients', 'client id bound')
    // The ids it announces are this person's in the document too: nobody can write ahead of them under it.
    void this.owners.claim(fresh, conn.owner).catch((err) => this.claimFailed(err))
    this.publishClaim(fresh, conn.owner)
    for (const id of fresh) this.awarenessOwners.set(id, conn)
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), conn)
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === this) return
    this.fullState = null
    this.bytes += update.byteLength
    if (origin === FROM_CLUSTER) {
      // Stored by the instance that received it, which also sent it to its own connections.
      this.broadcast(encodeUpdate(update), null)
      return
    }
    const store = this.opts.store
    const handedOver = performance.now()
    if (store.appendAtOnce && this.queued === 0) {
      // Stored before this returns, and nothing is waiting ahead of it: sent on in this turn, before
      // whatever else the socket brought in the same read (a cursor move, echoes) is handled.
      try {
        store.appendAtOnce(this.id, update)
      } catch (err) {
        // Not from inside yjs's update event: failing destroys the document.
        queueMicrotask(() => this.failStorage(err))
        return
      }
      this.opts.metrics?.stored((performance.now() - handedOver) / 1000)
      this.sendOn(update, origin)
      return
    }
    // Written at once, so that one fsync can cover many updates; broadcast in order, each once stored.
    const stored = store.append(this.id, update)
    stored.catch(() => {}) // its failure is handled below, when its turn comes
    if (this.opts.metrics) void stored.then(() => this.opts.metrics!.stored((performance.now() - handedOver) / 1000), () => {})
    void this.enqueue(async () => {
      await stored
      this.sendOn(update, origin)
    }).catch((err) => this.failStorage(err))
  }

  /** A stored update, to this instance's connections (all but its sender) and the other instances. */
  private sendOn(update: Uint8Array, origin: unknown): void {
    this.broadcast(encodeUpdate(update), origin)
    if (isConnection(origin)) origin.noteSentAt = performance.now()
    this.publish({ kind: 'update', update })
    this.opts.onActivity(this)
    if (++this.appendsSinceCompaction >= this.opts.compactEvery) void this.compact()
  }

  private claimFailed(err: unknown): void {
    // A deletion makes its own way to this room; a claim refused for it is no failure.
    if (!(err instanceof DocumentGoneError)) this.opts.log.error('storage.claim_failed', { workshop: this.id, ...errorFields(err) })
  }

  private failStorage(err: unknown): void {
    if (err instanceof DocumentGoneError) {
      // Deleted through another instance, whose word has not reached this one yet.
      this.closeAll(CLOSE.workshopDeleted, 'workshop deleted')
      this.destroy()
      this.opts.onEmpty(this)
      return
    }
    this.opts.log.error('storage.append_failed', { workshop: this.id, ...errorFields(err) })
    // Clients still hold the update; after reconnecting they send whatever the stored document lacks.
    this.closeAll(CLOSE.storageFailure, 'storage failure, reconnecting')
    this.destroy()
    this.opts.onEmpty(this)
  }

  private onAwarenessUpdate(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const changed = [...changes.added, ...changes.updated, ...changes.removed]
    const conn = isConnection(origin) ? origin : null
    if (conn) {
      for (const id of changes.added) conn.awarenessIds.add(id)
      for (const id of changes.removed) {
        conn.awarenessIds.delete(id)
        this.awarenessOwners.delete(id)
      }
    }
    // The projector, and everyone brought to the facilitator's view, follow the facilitator's camera frame by frame.
    const states = this.awareness.getStates()
    this.presence.add(changed, {
      now: changed.some((id) => (states.get(id) as { user?: { role?: unknown } } | undefined)?.user?.role === 'facilitator'),
      notBefore: conn ? conn.noteSentAt + NOTE_LEAD_MS : undefined,
    })
    // Each instance times out stale presence itself; only what its own connections did goes to the others.
    if (this.opts.cluster && (conn || origin === LEFT)) this.publish({ kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed) })
  }

  private sendPresence(ids: number[]): void {
    const known = ids.filter((id) => this.awareness.meta.has(id))
    if (known.length === 0) return
    // A client ignores its own state coming back: when all of it is one connection's, that one is spared it.
    const from = this.awarenessOwners.get(known[0]!)
    this.broadcast(encodeAwareness(this.awareness, known), from && known.every((id) => this.awarenessOwners.get(id) === from) ? from : null)
  }

  private leave(conn: Connection): void {
    if (!this.connections.delete(conn.socket)) return
    if (conn.heldTimer) clearTimeout(conn.heldTimer)
    for (const id of conn.awarenessIds) if (this.awarenessOwners.get(id) === conn) this.awarenessOwners.delete(id)
    if (!this.closed && conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), LEFT)
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
    if (conn.transport && !conn.corked) {
      // A note and the cursor move that came with it, or several writers' changes handled in one
      // read, reach this client in one packet: one system call here, one wake-up there.
      conn.corked = true
      conn.transport.cork()
      queueMicrotask(() => {
        conn.corked = false
        conn.transport!.uncork()
      })
    }
    conn.socket.send(message, (err) => {
      if (err) conn.socket.terminate()
    })
  }
}
