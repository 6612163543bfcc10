/**
 * The load, in a process of its own: stock y-websocket clients in workshops, some of them
 * writing notes and moving their cursor at a steady rate, every client watching for what
 * the others wrote. Run by bench.ts with a LoadPlan as its argument; prints one JSON line.
 *
 * A write counts as delivered to a client once that client's document holds it (its state
 * vector has reached the writer's clock), so updates that arrive merged are still counted.
 * All clients share this process's clock: latencies need no clock sync.
 */
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { stockProvider, whenSynced } from '../support/clients.ts'
import { getRecordsMap, patchRecord, putRecord, type JsonRecord } from '@sfs/shared'
import { note, richText } from '@sfs/boards/fixtures'

export interface LoadRoom {
  /** The room name (our workshop id). */
  name: string
  /** Our participant key; the reference server takes none. */
  key?: string
  /** The board the notes go on. */
  pageId: string
}

export interface LoadPlan {
  /** Where stock providers connect (`ws://host:port/sync`); client i goes to `syncUrls[i % length]`, as a load balancer would spread them. */
  syncUrls: string[]
  rooms: LoadRoom[]
  clientsPerRoom: number
  writersPerRoom: number
  /** Writes (and cursor moves) per writer per second. */
  hz: number
  warmupMs: number
  durationMs: number
  /** How long to wait after the last write for deliveries still under way. */
  drainMs: number
}

export interface LoadResult {
  clients: number
  writers: number
  /** Writes made in the measured window, and how many client deliveries they called for. */
  writes: number
  expectedDeliveries: number
  missingDeliveries: number
  /** Latencies in ms, for bench.ts to pool over rounds. */
  samples: {
    /** Write → seen on one other client. */
    delivery: number[]
    /** Write → seen on every other client in the workshop. */
    propagation: number[]
    /** Cursor move → seen on another client. */
    cursor: number[]
  }
  /** CPU used by this load process, to show whether it was itself the bottleneck. */
  loadCpuSeconds: number
}

interface Write {
  /** The writer's next clock after this write: a client holding it has this state or more. */
  clock: number
  at: number
  measured: boolean
  seen: number
  lastSeen: number
}

interface Peer {
  doc: Y.Doc
  provider: WebsocketProvider
}

interface Writer extends Peer {
  writes: Write[]
  notes: JsonRecord[]
  cursorSentAt: Map<number, { at: number; measured: boolean }>
}

function connectPeer(plan: LoadPlan, room: LoadRoom, index: number): Peer {
  const doc = new Y.Doc()
  return { doc, provider: stockProvider(plan.syncUrls[index % plan.syncUrls.length]!, room.name, doc, { key: room.key }) }
}

const round = (ms: number) => Math.round(ms * 100) / 100

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  // Every stock provider adds a process 'exit' listener; hundreds of clients are expected here.
  process.setMaxListeners(0)
  const cpuStart = process.cpuUsage()
  const delivery: number[] = []
  const propagation: number[] = []
  const cursor: number[] = []
  let measuring = false
  const peers: Peer[] = []
  const writers: Writer[] = []

  for (const room of plan.rooms) {
    const roomPeers = Array.from({ length: plan.clientsPerRoom }, (_, i) => connectPeer(plan, room, i))
    peers.push(...roomPeers)
    const roomWriters = roomPeers.slice(0, plan.writersPerRoom).map((peer) => ({ ...peer, writes: [], notes: [], cursorSentAt: new Map() }) as Writer)
    writers.push(...roomWriters)
    const writerByAwarenessId = new Map(roomWriters.map((w) => [w.provider.awareness.clientID, w]))
    for (const receiver of roomPeers) {
      const others = roomWriters.filter((w) => w.doc !== receiver.doc)
      const next = new Map<Writer, number>(others.map((w) => [w, 0]))
      receiver.doc.on('update', () => {
        const now = performance.now()
        for (const writer of others) {
          const state = Y.getState(receiver.doc.store, writer.doc.clientID)
          let i = next.get(writer)!
          while (i < writer.writes.length && writer.writes[i]!.clock <= state) {
            const write = writer.writes[i++]!
            write.seen++
            write.lastSeen = now
            if (write.measured) delivery.push(now - write.at)
          }
          next.set(writer, i)
        }
      })
      receiver.provider.awareness.on('change', ({ updated }: { updated: number[] }) => {
        const now = performance.now()
        for (const id of updated) {
          const writer = writerByAwarenessId.get(id)
          if (!writer || writer.doc === receiver.doc) continue
          const seq = (receiver.provider.awareness.getStates().get(id) as { cursor?: { seq: number } } | undefined)?.cursor?.seq
          const sent = seq === undefined ? undefined : writer.cursorSentAt.get(seq)
          if (sent?.measured) cursor.push(now - sent.at)
        }
      })
    }
  }
  await Promise.all(peers.map((p) => whenSynced(p.provider)))

  const receiversPerWrite = plan.clientsPerRoom - 1
  const roomOf = new Map(writers.map((w, i) => [w, plan.rooms[Math.floor(i / plan.writersPerRoom)]!]))
  let seq = 0
  const tick = (writer: Writer) => {
    const n = ++seq
    const records = getRecordsMap(writer.doc)
    writer.doc.transact(() => {
      // Mostly dragging or retyping one's notes, now and then a new one: the shape of a workshop.
      if (writer.notes.length === 0 || n % 10 === 0) {
        const created = note(`Lapp ${n}`, 100 + (n % 40) * 30, 100 + (n % 25) * 30, roomOf.get(writer)!.pageId, { id: `shape:bench${writer.doc.clientID}x${n}` })
        putRecord(records, created)
        writer.notes.push(created)
      } else {
        const i = n % writer.notes.length
        const from = writer.notes[i]!
        const to = n % 3 === 0 ? { ...from, props: { ...(from.props as object), richText: richText(`Lapp ${n}: omskriven`) } } : { ...from, x: Number(from.x) + 3, y: Number(from.y) + 2 }
        patchRecord(records, from, to)
        writer.notes[i] = to
      }
    })
    writer.writes.push({ clock: Y.getState(writer.doc.store, writer.doc.clientID), at: performance.now(), measured: measuring, seen: 0, lastSeen: 0 })
    writer.cursorSentAt.set(n, { at: performance.now(), measured: measuring })
    writer.provider.awareness.setLocalStateField('cursor', { x: n % 1000, y: (n * 7) % 700, seq: n })
  }

  const period = 1000 / plan.hz
  const timers: NodeJS.Timeout[] = []
  // Writers start out of phase, as people do.
  writers.forEach((writer, i) => {
    timers.push(
      setTimeout(() => {
        timers.push(setInterval(() => tick(writer), period))
      }, (i * period) / writers.length),
    )
  })
  await new Promise((r) => setTimeout(r, plan.warmupMs))
  measuring = true
  await new Promise((r) => setTimeout(r, plan.durationMs))
  measuring = false
  timers.forEach((t) => clearInterval(t))

  const measured = writers.flatMap((w) => w.writes.filter((write) => write.measured))
  const drainUntil = performance.now() + plan.drainMs
  while (performance.now() < drainUntil && measured.some((w) => w.seen < receiversPerWrite)) await new Promise((r) => setTimeout(r, 50))
  for (const write of measured) if (write.seen === receiversPerWrite) propagation.push(write.lastSeen - write.at)

  for (const peer of peers) {
    peer.provider.destroy()
    peer.doc.destroy()
  }
  const cpu = process.cpuUsage(cpuStart)
  return {
    clients: peers.length,
    writers: writers.length,
    writes: measured.length,
    expectedDeliveries: measured.length * receiversPerWrite,
    missingDeliveries: measured.reduce((sum, w) => sum + (receiversPerWrite - w.seen), 0),
    samples: { delivery: delivery.map(round), propagation: propagation.map(round), cursor: cursor.map(round) },
    loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
  }
}

if (process.argv[1] === import.meta.filename) {
  const plan = JSON.parse(process.argv[2]!) as LoadPlan
  runLoad(plan).then(
    // Exit only once the pipe has taken all of it.
    (result) => process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0)),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
