/**
 * Private writing: while it is on for a board, the notes this device creates there carry
 * meta.private and never reach the shared document (the binding skips them); they are
 * kept in a local document of their own, in IndexedDB, so a reload loses none. When the
 * facilitator reveals, each device publishes its own; an offline device publishes through
 * the usual sync when it reconnects.
 */
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { type Editor, type TLRecord, type TLShape, type TLStore } from 'tldraw'
import { validateDocumentRecord } from '../sync/binding.ts'

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

export function keepPrivateNotes(store: TLStore, workshopId: string): { ready: Promise<void>; attach(editor: Editor, privateBoards: () => Set<string>): PrivateNotes; close(): void } {
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(`sfs-private-${workshopId}`, doc)
  const kept = doc.getMap<TLRecord>('records')

  const ready = local.whenSynced.then(() => {
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
  })

  const stopKeeping = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) if (isPrivate(record)) kept.set(record.id, record)
        for (const [, to] of Object.values(changes.updated)) {
          if (isPrivate(to)) kept.set(to.id, to)
          else kept.delete(to.id)
        }
        for (const record of Object.values(changes.removed)) kept.delete(record.id)
      })
    },
    { source: 'user', scope: 'document' },
  )

  return {
    ready,
    close() {
      stopKeeping()
      void local.destroy()
      doc.destroy()
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
          // The whole meta is replaced (updateShape would merge it and keep the flag).
          store.put(
            mine.map((record) => {
              const shape = store.get(record.id) as TLShape
              const { private: _private, ...meta } = shape.meta as Record<string, unknown>
              return { ...shape, meta } as TLShape
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

