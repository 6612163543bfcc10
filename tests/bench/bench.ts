/**
 * npm run bench [-- --write] [--duration=<seconds>] [--rounds=<n>] [--runs=<n>] [--only=a,b,a3,b2,cold,idle,client,check] [--flushed] [--profile=<dir>]
 *
 * --runs repeats the comparison with the reference (scenarios a and b, each of its rounds) as
 * whole runs, one after the other, and reports the median run: one run's ratio moves by tens of
 * percent on a shared machine.
 *
 * --profile writes a V8 CPU profile of our server in each scenario round into <dir>
 * (open it in Chrome DevTools' Performance panel); it slows the server, so its figures are not comparable.
 *
 * Our server against the classic y-websocket 1.5 server, both persisting, under the same
 * load from a separate process; then scenarios a and b on several instances of ours
 * (PostgreSQL and Redis, clients spread over the instances) against our single SQLite
 * instance; then the cold load and export of a workshop with 1,000 notes. Prints a table, one
 * ratio line per scenario and a JSON line with every figure; --write also writes
 * docs/benchmarks.md.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import { getRecordsMap, putRecord, putRecords, writeWorkshopMeta, DOC_FORMAT_VERSION, type CreatedWorkshop, type WorkshopDetails } from '@sfs/shared'
import { workshopTemplates } from '@sfs/boards'
import { note } from '@sfs/boards/fixtures'
import { startOurs, startReference, type ServerProcess, type ProcessUsage } from '../support/servers.ts'
import { single, startInstances, type Deployment } from './deployments.ts'
import { postgresAvailable } from '../support/postgres.ts'
import { redisAvailable } from '../support/redis.ts'
import type { LoadPlan, LoadResult, LoadRoom } from './load.ts'
import { median, summarize, type Summary } from './stats.ts'
import { createWorkshop, stockProvider, waitFor, whenSynced } from '../support/clients.ts'
import type { CheckCost, measureCheckCost } from './check-cost.ts'
import { importCompiled } from './compiled.ts'
import { measureClient, type ClientFigures } from './client.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
const args = process.argv.slice(2)
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const durationMs = Number(flag('duration') ?? 12) * 1000
/** Rounds per scenario, each running both servers in turn; percentiles pool them all. */
const rounds = Number(flag('rounds') ?? 3)
/** Whole runs of the comparison with the reference; the figures reported are the median run's. */
const wholeRuns = Number(flag('runs') ?? 1)
const write = args.includes('--write')
/** --only=a,cold runs just those parts (scenario keys, `cold`); the default is everything. */
const only = flag('only')?.split(',')
const wanted = (part: string) => !only || only.includes(part)

/** Ours as npm start runs it: the bundle that npm run bench builds first. */
const BUNDLED = { bundled: true }

const profileDir = flag('profile')
/** Ours in the scenarios against the reference: the bundle, with a CPU profile per round under --profile. */
const OURS_COMPARED = { ...BUNDLED, nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [] }

/** The servers compared; --flushed adds ours with DURABILITY=flushed (broadcast after fsync). */
interface Contender {
  name: string
  start(dataDir: string): Promise<Deployment>
}
const CONTENDERS: Contender[] = [
  { name: 'reference', start: async (dir) => single(await startReference(dir)) },
  { name: 'ours', start: async (dir) => single(await startOurs(dir, {}, undefined, OURS_COMPARED)) },
  ...(args.includes('--flushed') ? [{ name: 'ours-flushed', start: async (dir: string) => single(await startOurs(dir, { DURABILITY: 'flushed' }, undefined, BUNDLED)) }] : []),
]

/** Ours on several instances against ours alone, which is the baseline these ratios divide by. */
const instancesOf = (count: number): Contender => ({ name: `ours ×${count}`, start: (dir) => startInstances(count, dir) })

const WORKSHOP = { title: 'Benchmark', city: 'Malmö' }
const BOARDS = ['swot', 'brave-space']
const COLD_NOTES = 1000

interface Scenario {
  key: string
  label: string
  rooms: number
  clientsPerRoom: number
  writersPerRoom: number
}

const SCENARIOS: Scenario[] = [
  { key: 'a', label: 'one workshop, 60 clients, 10 writing', rooms: 1, clientsPerRoom: 60, writersPerRoom: 10 },
  { key: 'b', label: '20 workshops of 10 clients, 2 writing in each', rooms: 20, clientsPerRoom: 10, writersPerRoom: 2 },
]

/** The same loads on several instances (clients spread over them, as a load balancer without sticky sessions would). */
const INSTANCE_SCENARIOS: { scenario: Scenario; instances: number }[] = [
  { scenario: { ...SCENARIOS[0]!, key: 'a3', label: `${SCENARIOS[0]!.label}, over three instances` }, instances: 3 },
  { scenario: { ...SCENARIOS[1]!, key: 'b2', label: `${SCENARIOS[1]!.label}, over two instances` }, instances: 2 },
]

interface Run {
  server: string
  persistence: boolean
  load: LoadResult
  serverCpuSeconds: number
  serverPeakRssMB: number
}

/** One server's rounds of a scenario, pooled. */
interface Pooled {
  server: string
  persistence: boolean
  rounds: number
  writes: number
  expectedDeliveries: number
  missingDeliveries: number
  /** Write → seen on every other client; the ratio compares its p95. */
  propagation: Summary
  delivery: Summary
  cursor: Summary
  roundP95: number[]
  serverCpuSecondsPerRound: number
  serverPeakRssMB: number
  loadCpuSecondsPerRound: number
}

function pool(runs: Run[]): Pooled {
  const all = (key: keyof LoadResult['samples']) => runs.flatMap((r) => r.load.samples[key])
  const sum = (f: (r: Run) => number) => runs.reduce((total, r) => total + f(r), 0)
  const mean = (f: (r: Run) => number) => Math.round((sum(f) / runs.length) * 100) / 100
  return {
    server: runs[0]!.server,
    persistence: runs[0]!.persistence,
    rounds: runs.length,
    writes: sum((r) => r.load.writes),
    expectedDeliveries: sum((r) => r.load.expectedDeliveries),
    missingDeliveries: sum((r) => r.load.missingDeliveries),
    propagation: summarize(all('propagation')),
    delivery: summarize(all('delivery')),
    cursor: summarize(all('cursor')),
    roundP95: runs.map((r) => summarize(r.load.samples.propagation).p95),
    serverCpuSecondsPerRound: mean((r) => r.serverCpuSeconds),
    serverPeakRssMB: Math.max(...runs.map((r) => r.serverPeakRssMB)),
    loadCpuSecondsPerRound: mean((r) => r.load.loadCpuSeconds),
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
const ms = (n: number) => Math.round(n * 10) / 10

/** A workshop on our server, and the board the notes go on. */
async function createOurWorkshop(server: { httpUrl: string }, boards = BOARDS): Promise<{ created: CreatedWorkshop; pageId: string }> {
  const created = await createWorkshop({ url: server.httpUrl }, { ...WORKSHOP, boards })
  const details = (await (await fetch(`${server.httpUrl}/api/workshops/${created.id}`, { headers: { Authorization: `Bearer ${created.facilitatorKey}` } })).json()) as WorkshopDetails
  return { created, pageId: details.boards[0]!.id }
}

/** The same workshops on both servers: ours creates them; the reference gets the same document from a client. */
async function prepareRooms(server: Deployment, count: number): Promise<LoadRoom[]> {
  const rooms: LoadRoom[] = []
  for (let i = 0; i < count; i++) {
    if (server.kind === 'ours') {
      const { created, pageId } = await createOurWorkshop(server)
      rooms.push({ name: created.id, key: created.participantKey, pageId })
      continue
    }
    const seed = new Y.Doc()
    writeWorkshopMeta(seed, { formatVersion: DOC_FORMAT_VERSION, ...WORKSHOP, createdAt: new Date().toISOString() })
    const templates = workshopTemplates(BOARDS, WORKSHOP, () => `page:${nanoid(12)}`)
    putRecords(seed, templates)
    const name = nanoid()
    const seeding = stockProvider(server.syncUrls[0]!, name, seed)
    await whenSynced(seeding)
    const check = new Y.Doc()
    const checking = stockProvider(server.syncUrls[0]!, name, check)
    await waitFor(() => getRecordsMap(check).size === templates.length, 'the reference server holding the seeded workshop', 30_000)
    for (const p of [seeding, checking]) p.destroy()
    rooms.push({ name, pageId: String(templates[0]!.id) })
  }
  return rooms
}

function runLoadProcess(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/load.ts', JSON.stringify(plan)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('exit', (code) => {
      // Rejected, never thrown here: the caller must get to stop its server.
      try {
        if (code !== 0) throw new Error(`load process exited with ${code}`)
        resolveRun(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult)
      } catch (err) {
        reject(err)
      }
    })
  })
}

async function runScenario(scenario: Scenario, contender: Contender): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), `sfs-bench-${contender.name}-`))
  const server = await contender.start(dataDir)
  try {
    const rooms = await prepareRooms(server, scenario.rooms)
    const before: ProcessUsage = server.usage()
    const load = await runLoadProcess({
      syncUrls: server.syncUrls,
      rooms,
      clientsPerRoom: scenario.clientsPerRoom,
      writersPerRoom: scenario.writersPerRoom,
      hz: 5,
      warmupMs: 3000,
      durationMs,
      drainMs: 5000,
    })
    const after = server.usage()
    return { server: contender.name, persistence: server.persistence, load, serverCpuSeconds: Math.round((after.cpuSeconds - before.cpuSeconds) * 100) / 100, serverPeakRssMB: mb(after.peakRssBytes) }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
    // What this server left unwritten (the reference never fsyncs) would otherwise be written back
    // by the kernel during the next server's round, and slow its disk.
    spawnSync('sync')
  }
}

interface ColdLoad {
  notes: number
  /** Connect → synced with every note, on a freshly started server, per restart. */
  loadMs: number[]
  exportMs: { json: number[]; docx: number[] }
  exportBytes: { json: number; docx: number }
}

/** A workshop with 1,000 notes: its first load after a restart, and its export. */
async function coldLoad(): Promise<ColdLoad> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfs-bench-cold-'))
  try {
    let server = await startOurs(dataDir, {}, undefined, BUNDLED)
    const { created, pageId } = await createOurWorkshop(server, ['swot'])
    const doc = new Y.Doc()
    const writer = stockProvider(server.syncUrl, created.id, doc, { key: created.participantKey })
    await whenSynced(writer)
    // One note at a time, as people write them: the stored log has an update per note.
    for (let i = 0; i < COLD_NOTES; i++) {
      doc.transact(() => putRecord(getRecordsMap(doc), note(`Lapp nummer ${i + 1}`, (i % 40) * 220, Math.floor(i / 40) * 220, pageId, { id: `shape:cold${i}` })))
    }
    const check = new Y.Doc()
    const checker = stockProvider(server.syncUrl, created.id, check, { key: created.participantKey })
    const notesIn = (d: Y.Doc) => [...getRecordsMap(d).keys()].filter((id) => id.startsWith('shape:cold')).length
    await waitFor(() => notesIn(check) === COLD_NOTES, 'all notes stored', 30_000)
    writer.destroy()
    checker.destroy()
    await server.stop()

    const result: ColdLoad = { notes: COLD_NOTES, loadMs: [], exportMs: { json: [], docx: [] }, exportBytes: { json: 0, docx: 0 } }
    for (let restart = 0; restart < 3; restart++) {
      server = await startOurs(dataDir, {}, undefined, BUNDLED)
      const fresh = new Y.Doc()
      const start = performance.now()
      const reader = stockProvider(server.syncUrl, created.id, fresh, { key: created.participantKey })
      await whenSynced(reader)
      const loaded = performance.now() - start
      if (notesIn(fresh) !== COLD_NOTES) throw new Error(`cold load found ${notesIn(fresh)} of ${COLD_NOTES} notes`)
      result.loadMs.push(ms(loaded))
      reader.destroy()
      for (const format of ['json', 'docx'] as const) {
        const t = performance.now()
        const response = await fetch(`${server.httpUrl}/api/workshops/${created.id}/export?format=${format}`, { headers: { Authorization: `Bearer ${created.facilitatorKey}` } })
        const body = await response.arrayBuffer()
        if (!response.ok) throw new Error(`export ${format} failed: ${response.status}`)
        result.exportMs[format].push(ms(performance.now() - t))
        result.exportBytes[format] = body.byteLength
      }
      await server.stop()
    }
    return result
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Resident memory of a server at rest, a few seconds after it started, in MB. */
interface IdleMemory {
  server: string
  rssMB: number
}

async function idleMemory(): Promise<IdleMemory[]> {
  const measured: IdleMemory[] = []
  const starts: [string, (dir: string) => Promise<ServerProcess>][] = [
    ['reference', startReference],
    ['ours', (dir) => startOurs(dir, {}, undefined, BUNDLED)],
    ['ours through tsx (npm run dev, the tests)', (dir) => startOurs(dir)],
  ]
  for (const [server, start] of starts) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfs-bench-idle-'))
    const process = await start(dataDir)
    try {
      await new Promise((r) => setTimeout(r, 3000))
      measured.push({ server, rssMB: mb(process.usage().rssBytes) })
    } finally {
      await process.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  return measured
}

interface ScenarioResult {
  scenario: Scenario
  servers: Pooled[]
  ratio: number
  /** What the ratio divides by: the reference server, or our single instance. */
  baseline: string
  /** With --runs: every whole run's figures; `servers` and `ratio` are then the median run's. */
  wholeRuns?: WholeRun[]
}

/** One whole run of a scenario against the reference, as its table of runs shows it. */
interface WholeRun {
  ratio: number
  p95: Record<string, number>
  peakRssMB: Record<string, number>
}

const wholeRun = (result: ScenarioResult): WholeRun => ({
  ratio: result.ratio,
  p95: Object.fromEntries(result.servers.map((p) => [p.server, p.propagation.p95])),
  peakRssMB: Object.fromEntries(result.servers.map((p) => [p.server, p.serverPeakRssMB])),
})

/** The run with the median ratio stands for them all; the peak RSS is each server's median over the runs. */
function medianRun(results: ScenarioResult[]): ScenarioResult {
  const byRatio = [...results].sort((x, y) => x.ratio - y.ratio)
  const middle = byRatio[Math.floor((byRatio.length - 1) / 2)]!
  const runs = results.map(wholeRun)
  return { ...middle, wholeRuns: runs }
}

function wholeRunLines(result: ScenarioResult): string[] {
  const runs = result.wholeRuns
  if (!runs || runs.length < 2) return []
  const names = result.servers.map((p) => p.server)
  const medianOf = (f: (r: WholeRun) => number) => median(runs.map(f))
  const row = (label: string, f: (g: (r: WholeRun) => number) => number | string) =>
    `| ${label} | ${names.map((n) => f((r) => r.p95[n]!)).join(' | ')} | ${f((r) => r.ratio)} | ${names.map((n) => f((r) => r.peakRssMB[n]!)).join(' | ')} |`
  return [
    `${runs.length} whole runs, one after the other; the table above is the run with the median ratio.`,
    '',
    `| run | ${names.map((n) => `${n} p95`).join(' | ')} | ratio | ${names.map((n) => `${n} peak RSS MB`).join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|---|${names.map(() => '---').join('|')}|`,
    ...runs.map((r, i) => row(String(i + 1), (g) => g(r))),
    row('**median**', (g) => `**${medianOf(g)}**`),
    '',
  ]
}

/** The figures shown per server, in the console and in docs/benchmarks.md alike. */
const COLUMNS: { title: string; width: number; value(p: Pooled): string | number }[] = [
  { title: 'server', width: 12, value: (p) => p.server },
  { title: 'p50', width: 7, value: (p) => p.propagation.p50 },
  { title: 'p95', width: 7, value: (p) => p.propagation.p95 },
  { title: 'p99', width: 7, value: (p) => p.propagation.p99 },
  { title: 'max', width: 7, value: (p) => p.propagation.max },
  { title: 'one p95', width: 8, value: (p) => p.delivery.p95 },
  { title: 'cursor p95', width: 10, value: (p) => p.cursor.p95 },
  { title: 'missing / deliveries', width: 20, value: (p) => `${p.missingDeliveries} / ${p.expectedDeliveries}` },
  { title: 'server CPU s per round', width: 22, value: (p) => p.serverCpuSecondsPerRound },
  { title: 'server peak RSS MB', width: 18, value: (p) => p.serverPeakRssMB },
  { title: 'load CPU s per round', width: 20, value: (p) => p.loadCpuSecondsPerRound },
  { title: 'persistence', width: 11, value: (p) => (p.persistence ? 'on' : 'off') },
  { title: 'p95 per round', width: 0, value: (p) => p.roundP95.join(', ') },
]

const consoleRow = (cells: (p: (typeof COLUMNS)[number]) => string | number) => COLUMNS.map((c) => String(cells(c)).padEnd(c.width)).join(' ')

const ratioTo = (servers: Pooled[], name: string, baseline = 'reference') => {
  const p95 = (server: string) => servers.find((p) => p.server === server)!.propagation.p95
  return Math.round((p95(name) / p95(baseline)) * 100) / 100
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`

function clientLines(client: ClientFigures): string[] {
  const row = (label: string, v: { bytes: number; scriptBytes: number; editableMs: number }) => `| ${label} | ${kb(v.bytes)} | ${kb(v.scriptBytes)} | ${v.editableMs} |`
  return [
    '## In the browser',
    '',
    'Debian\'s Chromium against our bundled server on this machine (no network delay): bytes received over the wire',
    '(compressed) until the board was open and 2 s after, scripts fetched from the network rather than a cache,',
    'and the time from opening the link to a board that takes input (a first visit includes the name prompt,',
    'filled at once). The tablet is 1024×768 with touch and 4× CPU throttling. Each device is a browser profile of its',
    'own, as a returning participant\'s browser is: it keeps the HTTP cache and the code it compiled. Service workers',
    'are blocked here, so a repeat visit is served by the browser\'s HTTP cache (hashed files cached for a year); the',
    'offline shell would serve it instead. A private window keeps no compiled code from one visit to the next: there',
    'the board\'s script is compiled again each time. The laptop\'s repeat visits are the median of five.',
    '',
    '| visit | bytes | script bytes | link → editable ms |',
    '|---|---|---|---|',
    row('tablet, first visit', client.tablet.first),
    row('tablet, repeat visit', client.tablet.repeat),
    row('laptop, repeat visit', client.laptop.repeat),
    row('laptop, repeat visit in a private window', client.laptop.privateRepeat),
    '',
    `Panning a board of ${client.panning.notes} notes on the laptop (1280×800, no throttling, software rendering: no GPU here),`,
    `the view moved a little each frame for ${client.panning.frames} frames; time between frames in ms (16.7 is 60 per second):`,
    '',
    '| view | median | p95 | max |',
    '|---|---|---|---|',
    `| the whole board | ${client.panning.whole.median} | ${client.panning.whole.p95} | ${client.panning.whole.max} |`,
    `| 100 % | ${client.panning.close.median} | ${client.panning.close.p95} | ${client.panning.close.max} |`,
    '',
  ]
}

function markdown(results: ScenarioResult[], cold: ColdLoad, check: CheckCost[], idle: IdleMemory[], client: ClientFigures): string {
  const cpu = cpus()
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}.`,
    '',
    '- Both servers persist every update. Ours commits it to SQLite before it broadcasts it, so it survives a',
    '  crash of the server process, and fsyncs it within 50 ms, off the event loop (`DURABILITY=written`, the default).',
    '  The reference (the classic y-websocket 1.5 server, `bin/server.js`) writes it to LevelDB (`YPERSISTENCE`),',
    '  without fsync, after it broadcasts.',
    '- The load runs in a separate process: stock y-websocket clients; each writer makes',
    `  one note write (a new note, a move or new text) and one cursor move every 200 ms. ${rounds} rounds per`,
    `  scenario, the two servers in turn (who goes first swaps each round, and the disk is synced between them), each`,
    `  ${durationMs / 1000} s measured after 3 s of warm-up; percentiles pool the rounds.`,
    '- Latency (ms) runs from a write to the moment every other client in the workshop holds it;',
    '  "one p95" is to a single other client, "cursor p95" the same for cursor moves. With 60 clients in one',
    '  load process, much of it is the clients\' own work: it is the same for both servers.',
    '- Whole runs differ: on the 2-core VM where this was first measured, the reference\'s own p95 in (b) moved',
    '  between 4 and 10 ms from one run to the next, and the ratio with it. Compare ratios over several runs.',
    '',
  ]
  for (const { scenario, servers, ratio, baseline, wholeRuns } of results) {
    lines.push(`## ${scenario.key}: ${scenario.label}`, '')
    if (baseline !== 'reference') {
      lines.push(
        `Ours on ${servers[1]!.server.replace('ours ×', '')} instances (one PostgreSQL, one Redis, on the same machine) against ours alone on SQLite. Clients are spread`,
        'over the instances; CPU and peak RSS are those of all instances together (PostgreSQL and Redis not counted).',
        'Here every instance, PostgreSQL, Redis and the load share the same cores. A change reaching a client on another',
        'instance also waits for a PostgreSQL commit (one fsync per transaction) and a hop through Redis.',
        '',
      )
    }
    lines.push(`| ${COLUMNS.map((c) => c.title).join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`)
    for (const p of servers) lines.push(`| ${COLUMNS.map((c) => c.value(p)).join(' | ')} |`)
    lines.push('', baseline === 'reference' ? `ratio p95 ours/reference: ${ratio}` : `ratio p95 ${servers[1]!.server}/ours: ${ratio}`, '')
    lines.push(...wholeRunLines({ scenario, servers, ratio, baseline, wholeRuns }))
    const flushed = servers.find((p) => p.server === 'ours-flushed')
    if (flushed) lines.push(`With DURABILITY=flushed (broadcast only after the fsync): p95 ${flushed.propagation.p95} ms, ${ratioTo(servers, flushed.server)} × the reference.`, '')
  }
  lines.push(...clientLines(client))
  lines.push('## Memory at rest', '', 'Resident memory 3 s after the server started, with no workshop open.', '', '| server | RSS MB |', '|---|---|', ...idle.map((m) => `| ${m.server} | ${m.rssMB} |`), '')
  lines.push(
    `## A workshop with ${cold.notes.toLocaleString('en')} notes`,
    '',
    `- Cold load (connect → synced with every note, first client after a server start): ${cold.loadMs.join(', ')} ms (median ${median(cold.loadMs)} ms).`,
    `- Export JSON: median ${median(cold.exportMs.json)} ms (${Math.round(cold.exportBytes.json / 1024)} KiB); DOCX: median ${median(cold.exportMs.docx)} ms (${Math.round(cold.exportBytes.docx / 1024)} KiB).`,
    '',
    '## The trust boundary per update',
    '',
    'Decoding and checking a participant\'s update before it is applied (`server/src/sync/update-check.ts`), against',
    'yjs\'s own apply of the same update, one at a time on a workshop of three boards and 300 notes, in this process',
    '(compiled as `npm start`\'s bundle is). Both are part of the latency above.',
    '',
    '| update | check µs | yjs apply µs | check as share of p95 in a |',
    '|---|---|---|---|',
    ...check.map((c) => `| ${c.kind} | ${c.checkMicros} | ${c.applyMicros} | ${shareOfP95(c, results)} |`),
    '',
  )
  return lines.join('\n')
}

/** The check's time as a share of our p95 in scenario a (one workshop, 60 clients). */
function shareOfP95(cost: CheckCost, results: ScenarioResult[]): string {
  const p95 = results.find((r) => r.scenario.key === 'a')?.servers.find((p) => p.server === 'ours')?.propagation.p95
  return p95 ? `${((cost.checkMicros / 1000 / p95) * 100).toFixed(1)} %` : '–'
}

/** Runs the scenario for each contender in turn, round after round, and prints the pooled figures. */
async function compare(scenario: Scenario, contenders: Contender[]): Promise<Pooled[]> {
  console.log(`\nscenario ${scenario.key}: ${scenario.label} (${rounds} rounds of ${durationMs / 1000} s; latency in ms)`)
  const runs = contenders.map(() => [] as Run[])
  for (let round = 0; round < rounds; round++) {
    // Who goes first swaps every round: a round just after another server's is not quite like the first.
    const order = [...contenders.keys()]
    if (round % 2 === 1) order.reverse()
    for (const i of order) runs[i]!.push(await runScenario(scenario, contenders[i]!))
  }
  const servers = runs.map(pool)
  console.log(consoleRow((c) => c.title))
  for (const p of servers) console.log(consoleRow((c) => c.value(p)))
  return servers
}

async function main() {
  const scenarios = SCENARIOS.filter((s) => wanted(s.key))
  const runsOf = scenarios.map(() => [] as ScenarioResult[])
  for (let run = 0; run < wholeRuns; run++) {
    if (wholeRuns > 1) console.log(`\nwhole run ${run + 1} of ${wholeRuns}`)
    for (const [i, scenario] of scenarios.entries()) {
      const servers = await compare(scenario, CONTENDERS)
      runsOf[i]!.push({ scenario, servers, ratio: ratioTo(servers, 'ours'), baseline: 'reference' })
    }
  }
  const results: ScenarioResult[] = runsOf.map(medianRun)

  const instanceScenarios = INSTANCE_SCENARIOS.filter((s) => wanted(s.scenario.key))
  if (instanceScenarios.length > 0 && (await postgresAvailable('the several-instance scenarios')) && (await redisAvailable('the several-instance scenarios'))) {
    for (const { scenario, instances } of instanceScenarios) {
      const servers = await compare(scenario, [CONTENDERS.find((c) => c.name === 'ours')!, instancesOf(instances)])
      results.push({ scenario, servers, ratio: ratioTo(servers, servers[1]!.server, 'ours'), baseline: 'ours' })
    }
  }

  const cold = wanted('cold') ? await coldLoad() : null
  if (cold) {
    console.log(`\ncold load of a workshop with ${cold.notes} notes: ${cold.loadMs.join(', ')} ms (median ${median(cold.loadMs)})`)
    console.log(`export of that workshop: JSON median ${median(cold.exportMs.json)} ms, DOCX median ${median(cold.exportMs.docx)} ms`)
  }

  const idle = wanted('idle') ? await idleMemory() : null
  if (idle) console.log(`\nmemory at rest (RSS MB): ${idle.map((m) => `${m.server} ${m.rssMB}`).join(', ')}`)

  const client = wanted('client') ? await measureClient(repoRoot) : null
  if (client) console.log(`\n${clientLines(client).join('\n')}`)

  const check = wanted('check') ? (await importCompiled<{ measureCheckCost: typeof measureCheckCost }>('tests/bench/check-cost.ts')).measureCheckCost() : null
  if (check) {
    console.log('\nthe trust boundary per update (µs):')
    for (const c of check) console.log(`${c.kind.padEnd(8)} check ${c.checkMicros}, yjs apply ${c.applyMicros}, share of p95 in a: ${shareOfP95(c, results)}`)
  }

  if (write) {
    if (only || !cold || !check || !idle || !client) throw new Error('--write needs the whole bench: leave out --only')
    writeFileSync(join(repoRoot, 'docs/benchmarks.md'), markdown(results, cold, check, idle, client))
    console.log('wrote docs/benchmarks.md')
  }
  console.log('')
  for (const r of results) {
    console.log(`${r.scenario.key}: ratio p95 ${r.baseline === 'reference' ? 'ours/reference' : `${r.servers[1]!.server}/ours`}: ${r.ratio}`)
    if (r.wholeRuns && r.wholeRuns.length > 1) console.log(wholeRunLines(r).join('\n'))
  }
  console.log(JSON.stringify({ durationMs, rounds, scenarios: results, cold, check, idle, client }))
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
