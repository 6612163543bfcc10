import { networkInterfaces } from 'node:os'
import { resolve } from 'node:path'
import type { Durability } from './storage/sqlite.ts'

export interface ServerConfig {
  port: number
  /** Interface to listen on: all of them by default, so tablets on the room's Wi-Fi reach it. */
  host: string
  dataDir: string
  /** PostgreSQL instead of the embedded SQLite store under dataDir, when set. */
  databaseUrl: string | null
  /** The PostgreSQL schema for the tables; null for the connection's default (public). */
  databaseSchema: string | null
  /** Redis, through which several instances on one PostgreSQL database share live workshops; null for one instance. */
  redisUrl: string | null
  /** With several instances, how often each takes in from the database what the fan-out may have lost. */
  healEveryMs: number
  /** Base of the links handed out; PUBLIC_URL, else the machine's LAN address. */
  publicUrl: string | null
  tldrawLicenseKey: string
  /** Directory of the built client, or null to serve the API only. */
  clientDir: string | null
  limits: {
    maxMessageBytes: number
    maxDocumentBytes: number
    /** Participant connections to one workshop; the facilitator and viewers have their own slots besides. */
    maxConnectionsPerWorkshop: number
    maxJsonBytes: number
    /** Largest record (a note, a shape), as JSON. */
    maxRecordBytes: number
    /** Disk budget for the store; 0 for none. Creating workshops and boards stops there. */
    maxDataBytes: number
    /** People (personal tokens) one workshop hands out. */
    maxPeoplePerWorkshop: number
    /** Workshops one address may create per hour (after a burst of as many). */
    createPerHour: number
  }
  /** When set, creating a workshop needs this key. */
  createKey: string
  /** How long a workshop with no clients stays in memory before it is unloaded. */
  unloadAfterMs: number
  /** Updates appended between two compactions of a live document. */
  compactEvery: number
  /** A workshop being worked on is kept as a snapshot this often, and this many are kept. */
  snapshots: { everyMs: number; kept: number }
  /** A workshop nobody opens for this many days is deleted; 0 keeps workshops until deleted by hand. */
  retentionDays: number
  /** How often the server looks for workshops past their retention. */
  retentionSweepMs: number
  /** Interval of the WebSocket ping that detects connections lost without a close. */
  heartbeatMs: number
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  /** When an update counts as stored, so that it may be broadcast (see SqliteStorage). */
  durability: Durability
}

function oneOfFromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name] || fallback
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}; got "${raw}"`)
  return raw as T
}

/** A non-negative number; fractions allowed unless `integer` (RETENTION_DAYS=0.5 is twelve hours). */
function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, integer = false): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < 0) throw new Error(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got "${raw}"`)
  return value
}

const intFromEnv = (env: NodeJS.ProcessEnv, name: string, fallback: number) => numberFromEnv(env, name, fallback, true)

/** `cwd` anchors DATA_DIR (default ./data where npm start runs); `repoRoot` anchors the built client. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, repoRoot = process.cwd(), cwd = process.cwd()): ServerConfig {
  return {
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(cwd, env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || null,
    redisUrl: env.REDIS_URL || null,
    healEveryMs: Math.max(100, intFromEnv(env, 'HEAL_EVERY_MS', 5000)),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY ?? '',
    clientDir: resolve(repoRoot, env.CLIENT_DIR || 'client/dist'),
    limits: {
      maxMessageBytes: intFromEnv(env, 'MAX_MESSAGE_BYTES', 4 * 1024 * 1024),
      maxDocumentBytes: intFromEnv(env, 'MAX_DOCUMENT_BYTES', 64 * 1024 * 1024),
      maxConnectionsPerWorkshop: intFromEnv(env, 'MAX_CONNECTIONS_PER_WORKSHOP', 100),
      maxJsonBytes: 64 * 1024,
      maxRecordBytes: intFromEnv(env, 'MAX_RECORD_BYTES', 64 * 1024),
      maxDataBytes: intFromEnv(env, 'MAX_DATA_BYTES', 4 * 1024 ** 3),
      maxPeoplePerWorkshop: intFromEnv(env, 'MAX_PEOPLE_PER_WORKSHOP', 1000),
      createPerHour: intFromEnv(env, 'CREATE_PER_HOUR', 30),
    },
    createKey: env.CREATE_KEY ?? '',
    unloadAfterMs: intFromEnv(env, 'UNLOAD_AFTER_MS', 2000),
    compactEvery: intFromEnv(env, 'COMPACT_EVERY', 500),
    snapshots: { everyMs: intFromEnv(env, 'SNAPSHOT_EVERY_MINUTES', 10) * 60_000, kept: Math.max(1, intFromEnv(env, 'SNAPSHOTS_KEPT', 24)) },
    heartbeatMs: intFromEnv(env, 'HEARTBEAT_MS', 30_000),
    // About a year and a half: the method's plan and routine are revisited yearly, and a late review must not find its workshop gone.
    retentionDays: numberFromEnv(env, 'RETENTION_DAYS', 540),
    retentionSweepMs: intFromEnv(env, 'RETENTION_SWEEP_MS', 60 * 60 * 1000),
    logLevel: oneOfFromEnv(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    durability: oneOfFromEnv(env, 'DURABILITY', ['written', 'flushed'] as const, 'written'),
  }
}

/** The first non-internal IPv4 address, so links work from other devices on the LAN. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address
    }
  }
  return null
}

export function linkBaseUrl(config: ServerConfig, port: number): string {
  if (config.publicUrl) return config.publicUrl
  return `http://${lanAddress() ?? 'localhost'}:${port}`
}
