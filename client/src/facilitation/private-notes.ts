/**
 * Private writing: while it is on for a board, the notes this device creates there carry
 * meta.private and never reach the shared document (the binding skips them); they are
 * kept in this browser's localStorage, written synchronously on every change, so even an
 * immediate reload loses none (IndexedDB writes can lose that race), and sent to the server,
 * which holds them apart from the document until the reveal (sealing.ts). At the reveal the
 * server puts in what it holds, and each device publishes its own too, so a note written
 * offline and never sent still arrives when its device reconnects.
 */
import { type Editor, type TLRecord, type TLShape, type TLStore } from 'tldraw'
import { validateDocumentRecord } from '../sync/binding.ts'
import type { Sealing } from './sealing.ts'

export function isPrivate(record: TLRecord): boolean {
  return record.typeName === 'shape' && (record.meta as { private?: unknown }).private === true
}

/** The page a shape is on, also for a shape being created (not in the store yet). */
function pageOf(editor: Editor, shape: TLShape): string | null {
  if (shape.parentId.startsWith('page:')) return shape.parentId
  const parent = editor.getShape(shape.parentId as TLShape['id'])
  return parent ? (editor.getAncestorPageId(parent) ?? null) : null
}

export interface PrivateNotes {
  /** Publishes this device's private notes on boards that are no longer private. */
  reveal(privateBoards: Set<string>): void
  destroy(): void
}

export function keepPrivateNotes(store: TLStore, workshopId: string, sealing?: Sealing): { attach(editor: Editor, privateBoards: () => Set<string>): PrivateNotes; close(): void } {
  const storageKey = `sfs.private.${workshopId}`
  const kept = new Map<string, TLRecord>()
  try {
    for (const record of JSON.parse(localStorage.getItem(storageKey) ?? '[]') as TLRecord[]) kept.set(record.id, record)
  } catch {
    // An unreadable copy is dropped; there is nothing else to restore it from.
  }
  const save = () => localStorage.setItem(storageKey, JSON.stringify([...kept.values()]))

  const records: TLRecord[] = []
  for (const record of kept.values()) {
    try {
      records.push(validateDocumentRecord(store, record as never, null))
    } catch {
      kept.delete(record.id)
    }
  }
  // Into this device's store only: "remote" changes are not written back to the shared document.
  if (records.length) store.mergeRemoteChanges(() => store.put(records))
  // Sent to the server again: what was written while it could not be reached reaches it now.
  for (const record of records) sealing?.written(record)

  const stopKeeping = store.listen(
    ({ changes }) => {
      let changed = false
      const keep = (record: TLRecord) => {
        kept.set(record.id, record)
        changed = true
      }
      const drop = (id: string) => {
        if (kept.delete(id)) changed = true
      }
      for (const record of Object.values(changes.added)) {
        if (!isPrivate(record)) continue
        keep(record)
        sealing?.written(record)
      }
      for (const [, to] of Object.values(changes.updated)) {
        if (isPrivate(to)) {
          keep(to)
          sealing?.written(to)
        } else drop(to.id)
      }
      for (const record of Object.values(changes.removed)) {
        if (kept.has(record.id)) sealing?.deleted(record)
        drop(record.id)
      }
      if (changed) save()
    },
    { source: 'user', scope: 'document' },
  )

  // A tablet's lid closed or its tab put away right after typing: what it has not sent yet goes now.
  const putAway = () => {
    if (document.visibilityState === 'hidden') sealing?.flush()
  }
  const closing = () => sealing?.flush()
  document.addEventListener('visibilitychange', putAway)
  window.addEventListener('pagehide', closing)

  return {
    close() {
      stopKeeping()
      document.removeEventListener('visibilitychange', putAway)
      window.removeEventListener('pagehide', closing)
      sealing?.close()
    },
    attach(editor, privateBoards) {
      // New notes and texts on a private board start private.
      const stopMarking = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
        if (source !== 'user' || (shape.type !== 'note' && shape.type !== 'text')) return shape
        const page = pageOf(editor, shape)
        return page && privateBoards().has(page) ? { ...shape, meta: { ...shape.meta, private: true } } : shape
      })
      return {
        reveal(boards) {
          const mine = [...kept.values()].filter((record) => {
            const shape = store.get(record.id) as TLShape | undefined
            const page = shape ? pageOf(editor, shape) : null
            return shape && page && !boards.has(page)
          })
          if (mine.length === 0) return
          // This device's own copy wins: the server's held copy (put in at the reveal) can be a
          // few keystrokes behind it. The whole meta is replaced (updateShape would merge it and keep the flag).
          store.put(
            mine.map((record) => {
              const { private: _private, ...meta } = (record as TLShape).meta as Record<string, unknown>
              return { ...(record as TLShape), meta } as TLShape
            }),
          )
        },
        destroy() {
          stopMarking()
        },
      }
    },
  }
}

