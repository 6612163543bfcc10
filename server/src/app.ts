/** Wires storage, sync and HTTP into one server on one port, with an explicit start and stop. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Request } from 'express'
import type { ServerConfig } from './config.ts'
import { linkBaseUrl } from './config.ts'
import { createLogger, errorFields, type Logger } from './log.ts'
import { SqliteStorage } from './storage/sqlite.ts'
import { DATABASE_FILE, runningServer, writeLock } from './storage/backup.ts'
import type { SharedDocumentStore, Storage } from './storage/types.ts'
import { RoomManager } from './sync/rooms.ts'
import { DEFAULT_SYNC_LIMITS } from './sync/room.ts'
import { createUpgradeHandler } from './sync/upgrade.ts'
import { CLOSE } from './sync/protocol.ts'
import { Workshops } from './workshops.ts'
import { RetentionSweeper } from './retention.ts'
import { Metrics } from './metrics.ts'
import { WorkshopFiles } from './workshop-files.ts'
import { WorkshopDocs } from './workshop-docs.ts'
import { SealedNotes } from './sealed-notes.ts'
import { Facilitation } from './facilitation.ts'
import { BoardGrowth } from './board-growth.ts'
import { Snapshots } from './snapshots.ts'
import { Voting } from './voting.ts'
import { JoinCodes } from './join-codes.ts'
import { RecordStamper } from './record-times.ts'
import { apiRouter } from './http/api.ts'
import { serveClient } from './http/client-files.ts'
import { errorHandler, sendError } from './http/errors.ts'

/** Only our own origin: the product sends nothing to third parties, and this makes the browser enforce it. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ')

export interface RunningServer {
  url: string
  port: number
  http: Server
  storage: Storage
  /** Stops accepting, stores every loaded workshop and closes the store. */
  close(): Promise<void>
}

export interface StartOptions {
  /** Storage to use instead of SQLite under config.dataDir (tests wrap it to slow or break it). */
  storage?: Storage
  log?: Logger
}

const isShared = (storage: Storage): storage is Storage & SharedDocumentStore => 'loadSince' in storage

/** The store the settings name: PostgreSQL with DATABASE_URL, else the embedded SQLite under DATA_DIR. */
async function openStorage(config: ServerConfig, log: Logger): Promise<{ storage: Storage; unlock(): void }> {
  if (config.databaseUrl) {
    // Instances that share workshops through Redis share the tables; without it, one instance holds them.
    // Loaded only when configured: a laptop's server carries neither the PostgreSQL driver nor Redis in memory.
    const { PostgresStorage } = await import('./storage/postgres.ts')
    const storage = await PostgresStorage.open(config.databaseUrl, { schema: config.databaseSchema, exclusive: !config.redisUrl })
    return { storage, unlock: () => {} }
  }
  // Two servers on one database would each think the other's writes are not there.
  const other = runningServer(config.dataDir)
  if (other !== null && other !== process.pid) throw new Error(`Another server (process ${other}) is using ${config.dataDir}. Stop it, or start this one with another DATA_DIR.`)
  const storage = new SqliteStorage(join(config.dataDir, DATABASE_FILE), {
    durability: config.durability,
    onBackgroundError: (err) => log.error('storage.background_failed', errorFields(err)),
  })
  // A restore refuses to replace the database under a running server.
  return { storage, unlock: writeLock(config.dataDir) }
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel)
  const cluster = config.redisUrl ? await (await import('./cluster/open.ts')).openCluster(config, log) : null
  const { storage, unlock } = options.storage ? { storage: options.storage, unlock: () => {} } : await openStorage(config, log).catch(async (err) => {
    await cluster?.close()
    throw err
  })
  let workshops: Workshops | null = null
  let snapshots: Snapshots | null = null
  const metrics = new Metrics()
  const stamper = new RecordStamper(storage, log)
  const rooms = new RoomManager({
    metrics,
    store: storage,
    log,
    limits: { ...DEFAULT_SYNC_LIMITS, maxDocumentBytes: config.limits.maxDocumentBytes, maxRecordBytes: config.limits.maxRecordBytes },
    compactEvery: config.compactEvery,
    unloadAfterMs: config.unloadAfterMs,
    onActivity: (id) => {
      workshops?.touch(id)
      snapshots?.noticeActivity(id)
    },
    onRecordsCreated: (id, recordIds) => stamper.stamp(id, recordIds),
    cluster: cluster && isShared(storage) ? { fanout: cluster.fanout, store: storage, healEveryMs: cluster.healEveryMs } : undefined,
  })
  const docs = new WorkshopDocs(rooms, cluster?.coordination)
  const joinCodes = new JoinCodes(cluster?.joinCodes)
  workshops = new Workshops(storage, rooms, docs, joinCodes, { ...config.limits, retentionDays: config.retentionDays }, log)
  const retention = new RetentionSweeper(workshops, config.retentionSweepMs, log, cluster?.coordination)
  const sealed = new SealedNotes(storage, docs, config.limits.maxRecordBytes)
  const facilitation = new Facilitation(docs, joinCodes, sealed)
  const voting = new Voting(storage, docs)
  const growth = new BoardGrowth(docs)
  const kept = new Snapshots(storage, docs, config.snapshots, log, () => workshops!.checkDiskBudget())
  snapshots = kept

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'SAMEORIGIN',
    })
    next()
  })

  const http = createServer(app)
  let port = config.port
  const linkBase = (_req: Request) => linkBaseUrl(config, port)
  metrics.gauge('sfs_connections', 'Open sync connections.', () => rooms.stats().connections)
  metrics.gauge('sfs_workshops_loaded', 'Workshops held in memory.', () => rooms.stats().loaded)
  // Counts and timings only; nothing in it names a workshop or a person.
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').set('Cache-Control', 'no-store').send(metrics.render())
  })
  let closing: Promise<void> | null = null
  // For a load balancer: ready while the store answers and the server is not shutting down (/api/health says only that it runs).
  app.get('/api/ready', async (_req, res) => {
    const ready = !closing && (await Promise.race([storage.getWorkshop('ready-probe').then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]))
    res.status(ready ? 200 : 503).set('Cache-Control', 'no-store').json({ status: ready ? 'ready' : closing ? 'shutting down' : 'store unavailable' })
  })

  app.use(
    '/api',
    apiRouter({
      workshops,
      facilitation,
      sealed,
      voting,
      growth,
      snapshots: kept,
      files: new WorkshopFiles(workshops, docs, storage, config.limits),
      maxJsonBytes: config.limits.maxJsonBytes,
      // base64 takes 4 bytes for 3, and the open ballots come besides.
      maxImportBytes: Math.ceil(config.limits.maxDocumentBytes * 4 / 3) + 4 * 1024 * 1024,
      tldrawLicenseKey: config.tldrawLicenseKey,
      createKey: config.createKey,
      createPerHour: config.limits.createPerHour,
      linkBase,
    }),
  )

  // The short join link from the wall: straight to the participant link while it is shown.
  app.get('/j/:code', async (req, res) => {
    const link = /^[A-Za-z0-9]{6}$/.test(req.params.code) ? await joinCodes.resolve(req.params.code, req.socket.remoteAddress ?? '') : null
    if (link === 'slow-down') return sendError(res, 429, 'too_many_attempts', 'Too many attempts. Wait a minute.')
    if (!link) return res.status(404).type('text/plain; charset=utf-8').send('Koden gäller inte längre. Be facilitatorn om länken. / This code is no longer valid.')
    res.set('Cache-Control', 'no-store').redirect(302, link)
  })

  const clientDir = config.clientDir
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    serveClient(app, clientDir)
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('The client is not built. Run `npm start` (or `npm run build`) first.')
    })
  }
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Nothing here.'))
  app.use(errorHandler(log))

  const upgrade = createUpgradeHandler({
    workshops,
    rooms,
    log,
    maxMessageBytes: config.limits.maxMessageBytes,
    maxConnectionsPerWorkshop: config.limits.maxConnectionsPerWorkshop,
    heartbeatMs: config.heartbeatMs,
  })
  http.on('upgrade', upgrade.onUpgrade)

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.port, config.host, () => resolve())
  })
  port = (http.address() as AddressInfo).port
  const url = `http://localhost:${port}`
  retention.start()
  log.info('server.started', { port, store: options.storage ? 'given' : config.databaseUrl ? 'postgresql' : 'sqlite', instances: cluster ? `shared through Redis (instance ${cluster.fanout.instanceId})` : 'one', dataDir: options.storage || config.databaseUrl ? null : config.dataDir, links: linkBaseUrl(config, port) })

  return {
    url,
    port,
    http,
    storage,
    close() {
      closing ??= (async () => {
        http.close()
        await retention.stop()
        await rooms.closeAll(CLOSE.restarting, 'server restarting')
        upgrade.close()
        http.closeAllConnections()
        await stamper.flush()
        await storage.close()
        await cluster?.close()
        unlock()
        log.info('server.stopped')
      })()
      return closing
    },
  }
}
