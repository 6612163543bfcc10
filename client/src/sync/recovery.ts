/**
 * What the device does when the server refused what it sent: fetch the server's copy,
 * re-apply the device's unsent work on it under the server's rules (rebase.ts), make that
 * the device's copy, and keep what the rules refuse aside for the person, on this device.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb'
import type { JsonRecord, Writer } from '@sfs/shared'
import { rebaseUnsent } from './rebase.ts'

/** How long the server's copy may take to arrive before the device tries again later. */
const FETCH_TIMEOUT_MS = 20_000

export const localCopyName = (workshopId: string) => `sfs-workshop-${workshopId}`

/** The server's copy of the workshop, as a viewer of it would receive it. */
async function fetchServerCopy(url: string, workshopId: string, params: Record<string, string>): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, workshopId, doc, { params, disableBc: true })
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not answer')), FETCH_TIMEOUT_MS)
      provider.once('sync', () => {
        clearTimeout(timer)
        resolve()
      })
    })
    return doc
  } finally {
    // Nothing is sent from this copy: the device's next session sends what was re-applied.
    provider.destroy()
  }
}

/** Records the person wrote that the server no longer takes, kept on this device. */
export const setAsideKey = (workshopId: string) => `sfs.setAside.${workshopId}`

export function readSetAside(workshopId: string): JsonRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(setAsideKey(workshopId)) ?? '[]')
    return Array.isArray(parsed) ? (parsed as JsonRecord[]) : []
  } catch {
    return []
  }
}

export function writeSetAside(workshopId: string, records: JsonRecord[]): void {
  if (records.length) localStorage.setItem(setAsideKey(workshopId), JSON.stringify(records))
  else localStorage.removeItem(setAsideKey(workshopId))
}

export interface RecoveryInput {
  workshopId: string
  syncUrl: string
  params: Record<string, string>
  /** The device's copy, with the unsent work in it. The caller stops using it after this. */
  local: Y.Doc
  writer: Writer
  valid(record: JsonRecord): boolean
  /** Set aside everything unsent instead of re-applying it: the last resort when the server refused again. */
  setAsideAll?: boolean
}

/**
 * Rebases the device's copy on the server's and stores the result as the device's copy.
 * Resolves with how many records were re-applied and set aside; rejects (and changes
 * nothing) when the server's copy could not be fetched.
 */
export async function recoverRefusedWork(input: RecoveryInput): Promise<{ applied: number; setAside: number }> {
  const fresh = await fetchServerCopy(input.syncUrl, input.workshopId, input.params)
  const rebased = rebaseUnsent(input.local, fresh, input.writer, input.setAsideAll ? () => false : input.valid)
  // Set aside first: if the page closes half-way, the words are on the device either way.
  const kept = new Map(readSetAside(input.workshopId).map((r) => [r.id, r]))
  for (const record of rebased.setAside) kept.set(record.id, record)
  writeSetAside(input.workshopId, [...kept.values()])
  await clearDocument(localCopyName(input.workshopId))
  const copy = new IndexeddbPersistence(localCopyName(input.workshopId), fresh)
  await copy.whenSynced
  await copy.destroy()
  fresh.destroy()
  return { applied: rebased.applied, setAside: rebased.setAside.length }
}
