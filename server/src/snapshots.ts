/**
 * Kept snapshots: a workshop being worked on is stored whole every few minutes, and the
 * facilitator can bring one board back as it was in any of them, in case of accidents.
 * Restoring first keeps a snapshot of now, so a restore can itself be taken back.
 */
import * as Y from 'yjs'
import { getRecordsMap, NewerDocumentError, putRecord, readAllRecords, upgradeDocument, type JsonRecord } from '@sfs/shared'
import { shapesOnPage } from '@sfs/boards'
import { DocumentGoneError, type SnapshotInfo, type SnapshotReason, type Storage } from './storage/types.ts'
import { errorFields, type Logger } from './log.ts'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { ConflictError, NotFoundError } from './service-errors.ts'

export interface SnapshotPolicy {
  everyMs: number
  kept: number
}

/** A board's records: its page, the shapes on it and the bindings between them. */
function boardRecords(records: JsonRecord[], pageId: string): JsonRecord[] {
  const page = records.find((r) => r.id === pageId && r.typeName === 'page')
  if (!page) return []
  const shapes = shapesOnPage(records, pageId)
  const ids = new Set(shapes.map((s) => s.id))
  const bindings = records.filter((r) => r.typeName === 'binding' && (ids.has(String(r.fromId)) || ids.has(String(r.toId))))
  return [page, ...shapes, ...bindings]
}

export class Snapshots {
  private readonly lastTaken = new Map<string, number>()
  private readonly taking = new Set<string>()

  constructor(
    private readonly storage: Storage,
    private readonly docs: WorkshopDocs,
    private readonly policy: SnapshotPolicy,
    private readonly log: Logger,
    /** Refuses (throws) when the store has no room left. */
    private readonly checkRoom: () => Promise<void>,
  ) {}

  /** After a stored change: keeps a snapshot when the last one is older than the policy says. */
  noticeActivity(id: string): void {
    const now = Date.now()
    if (this.taking.has(id) || now - (this.lastTaken.get(id) ?? -Infinity) < this.policy.everyMs) return
    this.lastTaken.set(id, now)
    this.keep(id, 'auto', true).catch((err) => {
      // Deleted meanwhile, perhaps through another instance: nothing is left to keep.
      if (!(err instanceof DocumentGoneError)) this.log.warn('snapshot.failed', { workshop: id, ...errorFields(err) })
    })
  }

  /** Keeps the workshop as it is now. */
  async take(id: string, reason: SnapshotReason): Promise<SnapshotInfo> {
    return (await this.keep(id, reason, false))!
  }

  /** With `ifDue`, nothing is kept when a snapshot is younger than the policy's interval: another instance holding the workshop may just have kept one. */
  private async keep(id: string, reason: SnapshotReason, ifDue: boolean): Promise<SnapshotInfo | null> {
    this.taking.add(id)
    try {
      await this.checkRoom()
      return await this.docs.withDoc(id, async (doc) => {
        if (ifDue) {
          const newest = (await this.storage.listSnapshots(id))[0]
          if (newest && Date.now() - Date.parse(newest.takenAt) < this.policy.everyMs) return null
        }
        return this.storage.saveSnapshot(id, { takenAt: new Date().toISOString(), reason }, Y.encodeStateAsUpdate(doc), this.policy.kept)
      })
    } finally {
      this.taking.delete(id)
    }
  }

  list(id: string): Promise<SnapshotInfo[]> {
    return this.storage.listSnapshots(id)
  }

  /**
   * Brings one board back as it was in a snapshot: what was on it then is put back, what
   * was added since goes, and the rest of the workshop is left as it is. The board's lock
   * stays as it is now.
   */
  async restoreBoard(id: string, snapshotId: number, boardId: string): Promise<{ records: number }> {
    const data = await this.storage.loadSnapshot(id, snapshotId)
    if (!data) throw new NotFoundError('No such snapshot of this workshop.')
    const then = new Y.Doc()
    let past
    try {
      Y.applyUpdate(then, data)
      // A snapshot kept before an upgrade of tldraw holds records of the older schema.
      upgradeDocument(then, null)
      past = boardRecords(readAllRecords(then), boardId)
    } catch (err) {
      if (err instanceof NewerDocumentError) throw new ConflictError('That snapshot was kept by a newer version of the product.')
      throw err
    } finally {
      then.destroy()
    }
    if (past.length === 0) throw new NotFoundError('The board did not exist then.')
    await this.take(id, 'before-restore')
    return this.docs.withDoc(id, (doc) => {
      const now = boardRecords(readAllRecords(doc), boardId)
      const lockedNow = (now[0]?.meta as { locked?: unknown } | undefined)?.locked
      const [page, ...rest] = past
      const restoredPage = { ...page!, meta: { ...(page!.meta as object), locked: lockedNow === true } }
      const keep = new Set(past.map((r) => r.id))
      const records = getRecordsMap(doc)
      doc.transact(() => {
        for (const record of now) if (!keep.has(record.id)) records.delete(record.id)
        for (const record of [restoredPage, ...rest]) putRecord(records, record)
      }, SERVER_ORIGIN)
      this.log.info('snapshot.restored', { workshop: id, board: boardId, snapshot: snapshotId })
      return { records: past.length }
    })
  }
}
