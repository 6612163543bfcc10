/**
 * Servers in processes of their own, so that they can be killed, and their CPU time and
 * memory read from /proc: ours, and the classic y-websocket 1.5 server (the
 * `y-websocket-reference` alias) with its LevelDB persistence on, for the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { createServer } from 'node:net'

export type ServerKind = 'ours' | 'reference'

export interface ServerProcess {
  kind: ServerKind
  pid: number
  httpUrl: string
  /** Where a stock WebsocketProvider connects: `new WebsocketProvider(syncUrl, room, doc)`. */
  syncUrl: string
  /** Whether every update is written to disk (ours always; the reference when YPERSISTENCE is set). */
  persistence: boolean
  usage(): ProcessUsage
  /** The last few kilobytes the process printed (its log). */
  output(): string
  stop(): Promise<void>
  /** SIGKILL: no shutdown, nothing flushed, as in a crash. */
  kill(): Promise<void>
}

export interface ProcessUsage {
  /** User plus system CPU time of the process so far. */
  cpuSeconds: number
  /** Resident memory at its peak over the process's life (VmHWM). */
  peakRssBytes: number
  /** Resident memory now (VmRSS). */
  rssBytes: number
}

const repoRoot = resolve(import.meta.dirname, '../..')
/** Linux's USER_HZ: /proc reports CPU times in these ticks. */
const TICKS_PER_SECOND = 100

export function processUsage(pid: number): ProcessUsage {
  // Fields after the command name (which may hold spaces) start at the state, field 3.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
  return { cpuSeconds: ticks / TICKS_PER_SECOND, peakRssBytes: kb('VmHWM'), rssBytes: kb('VmRSS') }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolvePort(port))
    })
  })
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server did not come up at ${url}:\n${output()}`)
}

interface Launch {
  kind: ServerKind
  /** Node's arguments: the script and what it needs to run. */
  args: string[]
  env: Record<string, string>
  port: number
  /** Answers 200 once the server is up. */
  healthPath: string
  /** Appended to ws://host:port for a WebsocketProvider's serverUrl. */
  syncPath: string
}

function launch({ kind, args, env, port, healthPath, syncPath }: Launch): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const httpUrl = `http://127.0.0.1:${port}`
  return waitUntilUp(httpUrl + healthPath, child, () => output).then(() => ({
    kind,
    pid: child.pid!,
    httpUrl,
    syncUrl: `ws://127.0.0.1:${port}${syncPath}`,
    // Ours always stores; the reference does with YPERSISTENCE, which startReference sets.
    persistence: true,
    usage: () => processUsage(child.pid!),
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
    },
  }))
}

/**
 * Our server storing in `dataDir`: from its TypeScript source through tsx (tests run before
 * any build), or `bundled`, as `npm start` runs it once `npm run build` made the bundle.
 * `nodeArgs` go to Node itself (--cpu-prof, say, which NODE_OPTIONS does not take).
 */
export async function startOurs(dataDir: string, env: Record<string, string> = {}, port?: number, options: { bundled?: boolean; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  port ??= await freePort()
  return launch({
    kind: 'ours',
    args: [...(options.nodeArgs ?? []), ...(options.bundled ? servedArgs() : ['--import', 'tsx', 'server/src/main.ts'])],
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', CLIENT_DIR: '/nonexistent', ...env },
    port,
    healthPath: '/api/health',
    syncPath: '/sync',
  })
}

/** Node's arguments in `npm run serve` (its flags, then the bundle), read from package.json so that tests run what users run. */
export function servedArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...args] = manifest.scripts.serve!.split(/\s+/)
  if (command !== 'node') throw new Error(`npm run serve is expected to run node, not ${command}`)
  return args
}

/** The classic y-websocket 1.5 server (`bin/server.js`), persisting to LevelDB in `dataDir`. */
export async function startReference(dataDir: string): Promise<ServerProcess> {
  const port = await freePort()
  // bin/server.js is not in the package's exports; it sits beside package.json.
  const script = join(dirname(createRequire(import.meta.url).resolve('y-websocket-reference/package.json')), 'bin/server.js')
  return launch({ kind: 'reference', args: [script], env: { PORT: String(port), HOST: '127.0.0.1', YPERSISTENCE: dataDir }, port, healthPath: '/', syncPath: '' })
}
