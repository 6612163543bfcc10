/**
 * What the trust boundary costs per update: decoding and checking a participant's write
 * against yjs's own apply of the same update, on a workshop of a few hundred notes.
 * Reported by `npm run bench` (`--only=check` for this part alone).
 */
import * as Y from 'yjs'
import { getMetaMap, getRecordsMap, patchRecord, putRecords, readRecord, type JsonRecord } from '@sfs/shared'
import { workshopTemplates } from '@sfs/boards'
import { note } from '@sfs/boards/fixtures'
import { decodeUpdate } from '../../server/src/sync/update-decoder.ts'
import { checkUpdate, type CheckContext } from '../../server/src/sync/update-check.ts'

export interface CheckCost {
  kind: string
  checkMicros: number
  applyMicros: number
}

function workshop(notes: number) {
  const server = new Y.Doc()
  getMetaMap(server).set('title', 'Arbetspass')
  putRecords(server, workshopTemplates(['swot', 'brave-space', 'mindmap'], { title: 'Arbetspass', city: 'Malmö' }, () => 'page:board'))
  const page = readRecordsOfType(server, 'page')[0]!.id
  const records: JsonRecord[] = []
  for (let i = 0; i < notes; i++) records.push(note(`Lapp nummer ${i} med lite text`, 100 + (i % 20) * 220, 1200 + Math.floor(i / 20) * 220, page, { id: `shape:n${i}` }))
  putRecords(server, records)
  return server
}

function readRecordsOfType(doc: Y.Doc, typeName: string): JsonRecord[] {
  const map = getRecordsMap(doc)
  return [...map.keys()].map((id) => readRecord(map, id)!).filter((r) => r?.typeName === typeName)
}

/** Updates a participant's device sends: moves, text edits, new notes. */
function writes(server: Y.Doc, count: number): { kind: string; update: Uint8Array }[] {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const records = getRecordsMap(client)
  const page = readRecordsOfType(client, 'page')[0]!.id
  const out: { kind: string; update: Uint8Array }[] = []
  // As a y-websocket client sends it: the transaction's own update.
  const capture = (kind: string, change: () => void) => {
    const send = (update: Uint8Array) => out.push({ kind, update })
    client.on('update', send)
    client.transact(change)
    client.off('update', send)
  }
  for (let i = 0; i < count; i++) {
    const id = `shape:n${i % 200}`
    const from = readRecord(records, id)!
    const kind = ['move', 'text', 'create'][i % 3]!
    if (kind === 'move') capture(kind, () => patchRecord(records, from, { ...from, x: (from.x as number) + 5 }))
    else if (kind === 'text') capture(kind, () => patchRecord(records, from, note(`Lapp ${i} ändrad`, from.x as number, from.y as number, page, { id })))
    else capture(kind, () => putRecords(client, [note(`Ny lapp ${i}`, 300, 300, page, { id: `shape:new${i}` })]))
  }
  return out
}

export function measureCheckCost(notes = 300, count = 3000): CheckCost[] {
  const base = workshop(notes)
  const updates = writes(base, count)
  const ctx: CheckContext = { writer: { role: 'participant', userId: null }, owner: { kind: 'guest' }, ownerOf: () => undefined, maxRecordBytes: 64 * 1024, maxFactLength: 200 }
  const totals = new Map<string, { check: number; apply: number; n: number }>()
  for (let round = 0; round < 2; round++) {
    // The server's document as it will be: updates are checked and applied one by one, in order.
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
    for (const { kind, update } of updates) {
      const t0 = performance.now()
      checkUpdate(doc, decodeUpdate(update), ctx)
      const t1 = performance.now()
      Y.applyUpdate(doc, update)
      const t2 = performance.now()
      if (round === 0) continue // warm-up
      const total = totals.get(kind) ?? { check: 0, apply: 0, n: 0 }
      total.check += t1 - t0
      total.apply += t2 - t1
      total.n++
      totals.set(kind, total)
    }
  }
  return [...totals].map(([kind, t]) => ({ kind, checkMicros: Math.round((t.check / t.n) * 1000), applyMicros: Math.round((t.apply / t.n) * 1000) }))
}

