/**
 * Moving a workshop between servers: the whole workshop as one file, and a new workshop made
 * from such a file. The file comes from outside, so nothing of it is applied as it is: the
 * server reads its document apart, migrates it if an older tldraw wrote it, and builds a new
 * document from the records that pass the same checks a live update must pass.
 */
import * as Y from 'yjs'
import {
  getControlMap,
  getRecordsMap,
  MAX_RECORD_TIMES,
  NewerDocumentError,
  putRecords,
  readAllRecords,
  readVote,
  readWorkshopMeta,
  upgradeDocument,
  validateDocumentRecord,
  workshopSchema,
  writeWorkshopMeta,
  DOC_FORMAT_VERSION,
  WORKSHOP_FILE_FORMAT,
  WORKSHOP_FILE_VERSION,
  type ImportedWorkshop,
  type JsonRecord,
  type WorkshopFile,
} from '@sfs/shared'
import type { Storage } from './storage/types.ts'
import type { WorkshopDocs } from './workshop-docs.ts'
import type { Workshops } from './workshops.ts'
import { WorkshopUnavailableError } from './service-errors.ts'

/** The file cannot become a workshop; the message says why, without its content. */
export class InvalidWorkshopFileError extends Error {
  override name = 'InvalidWorkshopFileError'
}

export class WorkshopFiles {
  constructor(
    private readonly workshops: Workshops,
    private readonly docs: WorkshopDocs,
    private readonly storage: Storage,
    private readonly limits: { maxDocumentBytes: number; maxRecordBytes: number },
  ) {}

  async exportFile(id: string): Promise<WorkshopFile> {
    const times = await this.storage.recordTimes(id)
    const { document, recordTimes } = await this.docs.withDoc(id, (doc) => {
      const records = getRecordsMap(doc)
      // Only of records still there: a deleted note's time says nothing on the new server.
      return { document: Y.encodeStateAsUpdate(doc), recordTimes: [...times].filter(([record]) => records.has(record)).map(([record, at]) => ({ record, at })) }
    })
    return {
      format: WORKSHOP_FILE_FORMAT,
      version: WORKSHOP_FILE_VERSION,
      exportedAt: new Date().toISOString(),
      document: Buffer.from(document).toString('base64'),
      ballots: await this.storage.allBallots(id),
      recordTimes,
    }
  }

  async importFile(file: WorkshopFile, linkBase: string): Promise<ImportedWorkshop> {
    const bytes = Buffer.from(file.document, 'base64')
    if (bytes.byteLength > this.limits.maxDocumentBytes) throw new InvalidWorkshopFileError('The workshop in the file is larger than this server takes (MAX_DOCUMENT_BYTES).')
    const source = new Y.Doc()
    const doc = new Y.Doc()
    try {
      try {
        Y.applyUpdate(source, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      } catch {
        throw new InvalidWorkshopFileError('The workshop in the file cannot be read.')
      }
      try {
        upgradeDocument(source, null)
      } catch (err) {
        if (err instanceof NewerDocumentError) throw new WorkshopUnavailableError('newer', err.message)
        throw new InvalidWorkshopFileError('The workshop in the file cannot be migrated to this version.')
      }
      const { records, skipped } = this.checkedRecords(readAllRecords(source))
      const boards = new Set(records.filter((r) => r.typeName === 'page').map((r) => r.id))
      if (boards.size === 0) throw new InvalidWorkshopFileError('The file holds no board.')
      const notes = new Set(records.filter((r) => r.typeName === 'shape').map((r) => r.id))

      const meta = readWorkshopMeta(source)
      writeWorkshopMeta(doc, {
        formatVersion: DOC_FORMAT_VERSION,
        title: meta.title.trim().slice(0, 200) || 'Arbetspass',
        city: meta.city.trim().slice(0, 100),
        createdAt: Number.isNaN(Date.parse(meta.createdAt)) ? new Date().toISOString() : meta.createdAt,
      })
      putRecords(doc, records)
      // Votes go with the boards they are on; the rest of the facilitation state (timer, who follows whom) belongs to a session, not to the workshop.
      const votes = Object.fromEntries([...boards].flatMap((board) => (readVote(source, board) ? [[board, readVote(source, board)!]] : [])))
      if (Object.keys(votes).length > 0) getControlMap(doc).set('votes', votes)
      const ballots = file.ballots.filter((b) => votes[b.boardId]?.status === 'open' && notes.has(b.noteId))
      const created = await this.workshops.createFrom(doc, ballots, linkBase)
      // Times of records the new workshop holds, as the old server recorded them; a note written here later gets this server's.
      const present = new Set(records.map((r) => r.id))
      const stamps = (file.recordTimes ?? []).filter((t) => present.has(t.record)).map((t) => [t.record, new Date(t.at).toISOString()] as const)
      // The workshop is made by now: were the times not stored, its notes would show their devices' times, as before.
      await this.storage.stampRecords(created.id, stamps, MAX_RECORD_TIMES).catch(() => 0)
      return { ...created, skippedRecords: skipped }
    } finally {
      source.destroy()
      doc.destroy()
    }
  }

  private checkedRecords(all: JsonRecord[]): { records: JsonRecord[]; skipped: number } {
    const schema = workshopSchema()
    const records: JsonRecord[] = []
    for (const record of all) {
      try {
        validateDocumentRecord(schema, record)
        if (JSON.stringify(record).length > this.limits.maxRecordBytes) continue
        records.push(record)
      } catch {
        // Counted below: an older document may hold a record no tldraw accepts any more.
      }
    }
    return { records, skipped: all.length - records.length }
  }
}
