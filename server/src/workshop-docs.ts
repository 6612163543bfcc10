/** Reads and writes a workshop's live document, loading it if needed and releasing it after. */
import type * as Y from 'yjs'
import type { RoomManager } from './sync/rooms.ts'

/** Transaction origin of changes the server makes itself (facilitation, new boards, vote counts). */
export const SERVER_ORIGIN = Symbol('sfs.server')

export class WorkshopDocs {
  constructor(private readonly rooms: RoomManager) {}

  /** Runs `read` on the document, and resolves once what it wrote is stored. */
  async withDoc<T>(id: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = await this.rooms.acquire(id)
    try {
      const result = await read(room.doc)
      await room.flushed()
      return result
    } finally {
      this.rooms.release(room)
    }
  }
}
