/**
 * Fan-out through Redis pub/sub: one channel per workshop, subscribed while the instance holds
 * it. Pub/sub delivers at most once (a message sent while a connection is down is gone), so
 * the rooms heal from the shared store after a loss and from time to time (sync/room.ts).
 */
import { Redis } from 'ioredis'
import { nanoid } from 'nanoid'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import type { Fanout } from './fanout.ts'
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './messages.ts'

const CHANNEL_PREFIX = 'sfs:workshop:'
/** A workshop opens without waiting longer than this for Redis; healing covers what it misses. */
const SUBSCRIBE_WAIT_MS = 2000

const retryStrategy = (times: number) => Math.min(100 * times, 2000)

export class RedisFanout implements Fanout {
  readonly instanceId = nanoid(12)
  private readonly pub: Redis
  private readonly sub: Redis
  private messageHandler: (workshopId: string, message: ClusterMessage) => void = () => {}
  private resumedHandler: () => void = () => {}
  private lost = false
  private closing = false

  private constructor(url: string, private readonly log: Logger) {
    // Publishing never waits for Redis: a message that cannot go now is left to healing.
    this.pub = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy })
    this.sub = new Redis(url, { lazyConnect: true, autoResubscribe: true, retryStrategy })
    for (const [name, connection] of [['publish', this.pub], ['subscribe', this.sub]] as const) {
      connection.on('error', (err: Error) => this.log.debug('cluster.redis_error', { connection: name, ...errorFields(err) }))
    }
    this.sub.on('close', () => {
      if (!this.lost && !this.closing) this.log.warn('cluster.redis_lost', {})
      this.lost = true
    })
    this.sub.on('ready', () => {
      if (!this.lost) return
      this.lost = false
      this.log.info('cluster.redis_resumed', {})
      this.resumedHandler()
    })
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.receive(channel.toString(), data))
  }

  /** Connects both connections; fails when Redis does not answer (the server then does not start). */
  static async open(url: string, log: Logger): Promise<RedisFanout> {
    const fanout = new RedisFanout(url, log)
    try {
      await Promise.all([fanout.pub.connect(), fanout.sub.connect()])
    } catch (err) {
      fanout.pub.disconnect()
      fanout.sub.disconnect()
      throw new Error(`Redis does not answer at REDIS_URL (${err instanceof Error ? err.message : String(err)}).`)
    }
    return fanout
  }

  async subscribe(workshopId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))
    await Promise.race([this.sub.subscribe(CHANNEL_PREFIX + workshopId).then(() => {}, (err) => this.log.warn('cluster.subscribe_failed', errorFields(err))), gaveUp])
    clearTimeout(timer)
  }

  unsubscribe(workshopId: string): void {
    this.sub.unsubscribe(CHANNEL_PREFIX + workshopId).catch(() => {})
  }

  publish(workshopId: string, message: ClusterMessage): void {
    this.pub.publish(CHANNEL_PREFIX + workshopId, Buffer.from(encodeClusterMessage(this.instanceId, message))).catch((err) =>
      this.log.debug('cluster.publish_failed', { workshop: workshopId, kind: message.kind, ...errorFields(err) }),
    )
  }

  onMessage(handler: (workshopId: string, message: ClusterMessage) => void): void {
    this.messageHandler = handler
  }

  onResumed(handler: () => void): void {
    this.resumedHandler = handler
  }

  async close(): Promise<void> {
    this.closing = true
    this.sub.disconnect()
    await this.pub.quit().catch(() => this.pub.disconnect())
  }

  private receive(channel: string, data: Buffer): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return
    let decoded
    try {
      decoded = decodeClusterMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch (err) {
      this.log.error('cluster.unreadable_message', errorFields(err))
      return
    }
    if (decoded.sender === this.instanceId) return
    this.messageHandler(channel.slice(CHANNEL_PREFIX.length), decoded.message)
  }
}
