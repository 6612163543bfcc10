/**
 * Private writing, held by the server: while a board is private, each device sends the
 * notes it writes there, and the server keeps them apart from the document (no other device
 * receives them) until the facilitator reveals the board. Then every held note goes into the
 * document at once, also those of a device that is closed or asleep. The facilitator sees
 * how many are held and from how many people, never what they say.
 */
import type * as Y from 'yjs'
import { getControlMap, getRecordsMap, putRecord, readPrivateBoards, readRecord, validateDocumentRecord, workshopSchema, type JsonRecord, type SealedCount } from '@sfs/shared'
import type { SealedNoteStore } from './storage/types.ts'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { ConflictError, ForbiddenError, LimitReachedError } from './service-errors.ts'

/** A person holds at most this many private notes on one board. */
export const MAX_SEALED_PER_PERSON = 200

export class InvalidSealedNoteError extends Error {
  override name = 'InvalidSealedNoteError'
}

function metaOf(record: JsonRecord): Record<string, unknown> {
  return typeof record.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : {}
}

/** What may be held: a note or text of this person's, written privately directly on the board. */
function checkRecord(record: JsonRecord, boardId: string, noteId: string, owner: string, maxBytes: number): string {
  const json = JSON.stringify(record)
  if (json.length > maxBytes) throw new InvalidSealedNoteError(`The note is larger than ${maxBytes} bytes.`)
  if (record.id !== noteId) throw new InvalidSealedNoteError('The note id does not match the address.')
  if (record.typeName !== 'shape' || (record.type !== 'note' && record.type !== 'text')) throw new InvalidSealedNoteError('Only notes and texts are written privately.')
  if (record.parentId !== boardId) throw new InvalidSealedNoteError('The note is not on this board.')
  const meta = metaOf(record)
  if (meta.private !== true) throw new InvalidSealedNoteError('The note is not private.')
  if (meta.owner !== owner) throw new ForbiddenError('A private note is sent by the person who wrote it.')
  if (meta.template !== undefined || meta.votes !== undefined) throw new InvalidSealedNoteError('The note claims what only the server writes.')
  try {
    validateDocumentRecord(workshopSchema(), record)
  } catch (err) {
    throw new InvalidSealedNoteError(`The note is not a valid record: ${(err as Error).message}`)
  }
  return json
}

export class SealedNotes {
  constructor(
    private readonly storage: SealedNoteStore,
    private readonly docs: WorkshopDocs,
    private readonly maxRecordBytes: number,
  ) {}

  /** Holds (or replaces) one of `owner`'s private notes on a private board. */
  seal(id: string, boardId: string, noteId: string, owner: string, record: JsonRecord): Promise<void> {
    return this.docs.withDoc(id, async (doc) => {
      if (!readPrivateBoards(doc).has(boardId)) throw new ConflictError('Private writing is not on for this board.')
      const json = checkRecord(record, boardId, noteId, owner, this.maxRecordBytes)
      if (readRecord(getRecordsMap(doc), noteId)) throw new ConflictError('This note is already on the board.')
      const held = await this.storage.sealedNotes(id, boardId)
      const existing = held.find((note) => note.noteId === noteId)
      if (existing && existing.owner !== owner) throw new ForbiddenError('A private note is changed by the person who wrote it.')
      if (!existing && held.filter((note) => note.owner === owner).length >= MAX_SEALED_PER_PERSON) throw new LimitReachedError(`At most ${MAX_SEALED_PER_PERSON} private notes per person on a board.`)
      await this.storage.sealNote(id, { boardId, noteId, owner, record: json })
      this.showCount(doc, boardId, existing ? held : [...held, { owner }])
    })
  }

  /** Forgets one of `owner`'s private notes (deleted on their device before the reveal). */
  unseal(id: string, boardId: string, noteId: string, owner: string): Promise<void> {
    return this.docs.withDoc(id, async (doc) => {
      const held = await this.storage.sealedNotes(id, boardId)
      const existing = held.find((note) => note.noteId === noteId)
      if (!existing) return
      if (existing.owner !== owner) throw new ForbiddenError('A private note is deleted by the person who wrote it.')
      await this.storage.unsealNote(id, noteId)
      this.showCount(doc, boardId, held.filter((note) => note !== existing))
    })
  }

  /**
   * Puts every note held for the board into the document, as public notes, in the same
   * transaction that ends private writing there; then forgets them. Called inside withDoc.
   */
  async reveal(doc: Y.Doc, id: string, boardId: string, endPrivateWriting: () => void): Promise<number> {
    const held = await this.storage.sealedNotes(id, boardId)
    const records = getRecordsMap(doc)
    const control = getControlMap(doc)
    doc.transact(() => {
      for (const note of held) {
        if (readRecord(records, note.noteId)) continue
        const record = JSON.parse(note.record) as JsonRecord
        const { private: _private, ...meta } = metaOf(record)
        putRecord(records, { ...record, meta })
      }
      const counts = { ...((control.get('sealed') as Record<string, SealedCount> | undefined) ?? {}) }
      delete counts[boardId]
      control.set('sealed', counts)
      endPrivateWriting()
    }, SERVER_ORIGIN)
    await this.storage.deleteSealed(id, boardId)
    return held.length
  }

  /** Counts from what was just read and changed, so a note sent costs one read, not two. */
  private showCount(doc: Y.Doc, boardId: string, held: readonly { owner: string }[]): void {
    const control = getControlMap(doc)
    const counts = { ...((control.get('sealed') as Record<string, SealedCount> | undefined) ?? {}) }
    counts[boardId] = { notes: held.length, writers: new Set(held.map((note) => note.owner)).size }
    doc.transact(() => control.set('sealed', counts), SERVER_ORIGIN)
  }
}
