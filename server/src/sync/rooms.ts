/**
 * Loads workshop documents on first use and unloads them when their last client has
 * left, so memory follows the workshops in use rather than the workshops stored. With
 * several instances, a loaded workshop is subscribed to the fan-out, and healed from the
 * shared store after the fan-out was lost and every `healEveryMs`.
 */
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import { Room, type RoomOptions, type SyncLimits } from './room.ts'
import type { Metrics } from '../metrics.ts'
import type { Fanout } from '../cluster/fanout.ts'
import type { ClusterMessage } from '../cluster/messages.ts'
import type { Role } from '@sfs/shared'
import type { SharedDocumentStore } from '../storage/types.ts'

/** Instances sharing workshops: what they send each other, and the store they share. */
export interface RoomManagerCluster {
  fanout: Fanout
  store: SharedDocumentStore
  healEveryMs: number
}

export interface RoomManagerOptions {
  store: RoomOptions['store']
  log: Logger
  limits: SyncLimits
  compactEvery: number
  unloadAfterMs: number
  onActivity(docId: string): void
  /** Records a workshop's document gained on this instance. */
  onRecordsCreated?(docId: string, recordIds: string[]): void
  metrics?: Metrics
  cluster?: RoomManagerCluster | undefined
}

export class RoomManager {
  private rooms = new Map<string, Promise<Room>>()
  private unloadTimers = new Map<string, NodeJS.Timeout>()
  private unloading = new Map<string, Promise<void>>()
  /** Rooms whose load has finished and that are not destroyed, for the metrics. */
  private readonly open = new Set<Room>()
  private readonly opts: RoomManagerOptions
  private healTimer: NodeJS.Timeout | null = null

  constructor(opts: RoomManagerOptions) {
    this.opts = opts
    const cluster = opts.cluster
    if (cluster) {
      cluster.fanout.onMessage((id, message) =>
        this.fromCluster(id, message).catch((err) => this.opts.log.error('cluster.message_failed', { workshop: id, kind: message.kind, ...errorFields(err) })),
      )
      cluster.fanout.onResumed(() => void this.everyRoom((room) => room.resume()))
      this.healTimer = setInterval(() => void this.everyRoom((room) => room.heal()), cluster.healEveryMs)
      this.healTimer.unref()
    }
  }

  /** Closes the workshop's connections on every instance (it was deleted), and forgets it here. */
  evictEverywhere(id: string, code: number, reason: string): Promise<void> {
    this.opts.cluster?.fanout.publish(id, { kind: 'evict', code, reason })
    return this.evict(id, code, reason)
  }

  /** Closes the connections opened with a role's old key, on every instance. */
  async closeRoleEverywhere(id: string, role: Role, code: number, reason: string): Promise<void> {
    this.opts.cluster?.fanout.publish(id, { kind: 'close-role', role, code, reason })
    ;(await this.loaded(id))?.closeRole(role, code, reason)
  }

  private async fromCluster(id: string, message: ClusterMessage): Promise<void> {
    if (message.kind === 'evict') return this.evict(id, message.code, message.reason)
    const room = await this.loaded(id)
    room?.receiveFromCluster(message)
  }

  private async everyRoom(task: (room: Room) => Promise<void>): Promise<void> {
    for (const room of this.open) {
      if (room.closed) continue
      await task(room).catch((err) => this.opts.log.warn('cluster.heal_failed', { workshop: room.id, ...errorFields(err) }))
    }
  }

  /** The loaded room, kept in memory until `release` is called. */
  async acquire(id: string): Promise<Room> {
    await this.unloading.get(id)
    this.cancelUnload(id)
    let pending = this.rooms.get(id)
    if (!pending) {
      pending = this.load(id)
      pending.then((room) => this.open.add(room), () => {})
      this.rooms.set(id, pending)
      pending.catch(() => this.rooms.delete(id))
    }
    const room = await pending
    if (room.closed) {
      // Failed or unloaded between lookup and now: load it afresh.
      if (this.rooms.get(id) === pending) this.rooms.delete(id)
      return this.acquire(id)
    }
    room.pendingJoins++
    return room
  }

  private async load(id: string): Promise<Room> {
    const cluster = this.opts.cluster
    // Subscribed first, then loaded, then healed: nothing stored elsewhere meanwhile is missed.
    if (cluster) await cluster.fanout.subscribe(id)
    try {
      const room = await Room.load({
        id,
        store: this.opts.store,
        log: this.opts.log,
        limits: this.opts.limits,
        compactEvery: this.opts.compactEvery,
        onEmpty: (room) => this.scheduleUnload(room),
        onActivity: () => this.opts.onActivity(id),
        onRecordsCreated: (_room, recordIds) => this.opts.onRecordsCreated?.(id, recordIds),
        metrics: this.opts.metrics,
        cluster: cluster && { store: cluster.store, publish: (message) => cluster.fanout.publish(id, message) },
      })
      await room.heal()
      return room
    } catch (err) {
      cluster?.fanout.unsubscribe(id)
      throw err
    }
  }

  /** Ends a hold taken by `acquire`; the room may then be unloaded if nobody is connected. */
  release(room: Room): void {
    room.pendingJoins--
    if (room.connections.size === 0) this.scheduleUnload(room)
  }

  /** Workshops in memory, and the connections to them. */
  stats(): { loaded: number; connections: number } {
    let connections = 0
    for (const room of this.open) {
      if (room.closed) this.open.delete(room)
      else connections += room.connections.size
    }
    return { loaded: this.open.size, connections }
  }

  /** The room if it is in memory (nothing is loaded for this). */
  async loaded(id: string): Promise<Room | null> {
    const pending = this.rooms.get(id)
    return pending ? pending.catch(() => null) : null
  }

  /** Closes the room's connections and forgets it without storing anything more. */
  async evict(id: string, code: number, reason: string): Promise<void> {
    this.cancelUnload(id)
    const pending = this.rooms.get(id)
    if (!pending) return
    this.rooms.delete(id)
    const room = await pending.catch(() => null)
    if (!room) return
    room.closeAll(code, reason)
    await room.flushed()
    room.destroy()
    this.open.delete(room)
    this.opts.cluster?.fanout.unsubscribe(id)
  }

  /** Stores every loaded room compacted and closes all connections (server shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    if (this.healTimer) clearInterval(this.healTimer)
    const ids = Array.from(this.rooms.keys())
    await Promise.all(
      ids.map(async (id) => {
        const room = await this.rooms.get(id)?.catch(() => null)
        if (!room) return
        room.closeAll(code, reason)
        await this.unload(room)
      }),
    )
    await Promise.all(this.unloading.values())
  }

  private scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || room.pendingJoins > 0) return
    this.cancelUnload(room.id)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      if (room.connections.size === 0 && room.pendingJoins === 0) void this.unload(room)
    }, this.opts.unloadAfterMs)
    timer.unref()
    this.unloadTimers.set(room.id, timer)
  }

  private cancelUnload(id: string): void {
    const timer = this.unloadTimers.get(id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(id)
  }

  private unload(room: Room): Promise<void> {
    const existing = this.unloading.get(room.id)
    if (existing) return existing
    const done = (async () => {
      try {
        if (!room.closed) await room.compact()
      } catch (err) {
        this.opts.log.error('storage.compact_failed', { workshop: room.id, ...errorFields(err) })
      } finally {
        room.destroy()
        this.open.delete(room)
        const current = this.rooms.get(room.id)
        if (current && (await current.catch(() => null)) === room) {
          this.rooms.delete(room.id)
          this.opts.cluster?.fanout.unsubscribe(room.id)
        }
        this.unloading.delete(room.id)
        this.opts.log.debug('room.unloaded', { workshop: room.id })
      }
    })()
    this.unloading.set(room.id, done)
    return done
  }
}
