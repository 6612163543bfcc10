/** Reads and writes a workshop's live document, loading it if needed and releasing it after. */
import { AsyncLocalStorage } from 'node:async_hooks'
import type * as Y from 'yjs'
import type { RoomManager } from './sync/rooms.ts'
import { singleInstance, type Coordination } from './cluster/coordination.ts'

/** Transaction origin of changes the server makes itself (facilitation, new boards, vote counts). */
export const SERVER_ORIGIN = Symbol('sfs.server')

export class WorkshopDocs {
  /** The workshops whose turn the current call already holds, so that a nested call does not wait for itself. */
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>()

  constructor(
    private readonly rooms: RoomManager,
    private readonly coordination: Coordination = singleInstance,
  ) {}

  /**
   * Runs `read` on the document, and resolves once what it wrote is stored. With several
   * instances it runs in the workshop's turn, on the document as every instance stored it,
   * so that an action (ending a vote, say) happens once, whichever instance is asked.
   */
  withDoc<T>(id: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    // Alone, there are no turns to track; and once an AsyncLocalStorage is used, every promise in
    // the process pays for it (about 3 % of the sync path's time in a profile).
    if (!this.coordination.takesTurns) return this.run(id, read)
    const held = this.held.getStore()
    if (held?.has(id)) return this.run(id, read)
    return this.coordination.exclusive(`workshop:${id}`, () => this.held.run(new Set([...(held ?? []), id]), () => this.run(id, read)))
  }

  private async run<T>(id: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = await this.rooms.acquire(id)
    try {
      await room.heal()
      const result = await read(room.doc)
      await room.flushed()
      return result
    } finally {
      this.rooms.release(room)
    }
  }
}
