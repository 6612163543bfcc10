/**
 * WebSocket upgrades at /sync/<workshopId>: authenticate, load, then join.
 * Refusals are plain HTTP answers to the upgrade request, so any client sees a status.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { idSchema } from '@sfs/shared'
import { keyFromRequest } from '../access.ts'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import type { Workshops } from '../workshops.ts'
import type { RoomManager } from './rooms.ts'
import { CLOSE } from './protocol.ts'
import { WorkshopUnavailableError } from '../service-errors.ts'

export interface UpgradeOptions {
  workshops: Workshops
  rooms: RoomManager
  log: Logger
  maxMessageBytes: number
  /** Participant connections per workshop; the facilitator and viewers have RESERVED_SLOTS each besides. */
  maxConnectionsPerWorkshop: number
  /** A socket that has not answered a ping within this time is dropped (half-open after a Wi-Fi loss). */
  heartbeatMs: number
}

const SYNC_PATH = /^\/sync\/([^/?#]+)\/?$/

/** Connections kept for the facilitator's devices, and for the projector and other viewers: participants cannot take them. */
export const RESERVED_SLOTS = 10

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { code: reason, message } })
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

export function createUpgradeHandler(opts: UpgradeOptions) {
  const { workshops, rooms, log } = opts
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes })
  const alive = new WeakSet<WebSocket>()
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate()
        continue
      }
      alive.delete(ws)
      ws.ping()
    }
  }, opts.heartbeatMs)
  heartbeat.unref()

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = SYNC_PATH.exec(url.pathname)
    if (!match) return refuse(socket, 404, 'Not Found', 'WebSocket endpoint is /sync/<workshopId>.')
    const id = idSchema.safeParse(match[1])
    const key = keyFromRequest(req.headers, url)
    if (!key) return refuse(socket, 401, 'Unauthorized', 'A key is required.')
    const found = id.success ? await workshops.authenticate(id.data, key) : null
    if (!found) {
      log.info('sync.refused', { reason: 'no_such_workshop' })
      return refuse(socket, 404, 'Not Found', 'There is no such workshop.')
    }
    if (!found.role) {
      log.info('sync.refused', { reason: 'bad_key' })
      return refuse(socket, 403, 'Forbidden', 'This key does not open this workshop.')
    }
    const { row, role } = found as { row: typeof found.row; role: NonNullable<typeof found.role> }
    workshops.touch(row.id)
    const token = url.searchParams.get('token')
    const userId = token ? await workshops.personByToken(row.id, token) : null
    if (token && !userId) {
      log.info('sync.refused', { workshop: row.id, reason: 'bad_token' })
      return refuse(socket, 403, 'Forbidden', 'This personal token does not belong to this workshop.')
    }
    let room
    try {
      room = await rooms.acquire(row.id)
    } catch (err) {
      if (!(err instanceof WorkshopUnavailableError)) throw err
      // Said over the socket, so the browser can tell the person why (an HTTP refusal never reaches its code).
      const code = err.kind === 'newer' ? CLOSE.workshopNewer : CLOSE.workshopUnreadable
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, err.kind === 'newer' ? 'written by a newer version' : 'stored data unreadable'))
      return
    }
    try {
      const slots = role === 'participant' ? opts.maxConnectionsPerWorkshop : RESERVED_SLOTS
      if (room.countRole(role) + room.pendingJoins > slots) {
        log.warn('sync.refused', { workshop: row.id, role, reason: 'too_many_connections' })
        return refuse(socket, 503, 'Service Unavailable', 'This workshop has as many connections as it can take.')
      }
      await new Promise<void>((resolve) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          alive.add(ws)
          ws.on('pong', () => alive.add(ws))
          room.join(ws, { role, userId }, socket)
          log.info('sync.joined', { workshop: row.id, role, connections: room.connections.size })
          ws.on('close', (code) => log.info('sync.left', { workshop: row.id, role, code, connections: room.connections.size }))
          resolve()
        })
      })
    } finally {
      rooms.release(room)
    }
  }

  return {
    wss,
    close() {
      clearInterval(heartbeat)
      wss.close()
    },
    onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy())
      handle(req, socket, head).catch((err) => {
        log.error('sync.upgrade_failed', errorFields(err))
        if (!socket.destroyed) refuse(socket, 500, 'Internal Server Error', 'The workshop could not be opened.')
      })
    },
  }
}
