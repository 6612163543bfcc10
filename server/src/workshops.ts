/** A workshop's lifecycle outside the live sync: creating, describing, its keys and people, deleting. */
import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import {
  DOC_FORMAT_VERSION,
  putRecords,
  readAllRecords,
  readWorkshopMeta,
  upgradeDocument,
  workshopLink,
  writeWorkshopMeta,
  type BoardSummary,
  type CreatedWorkshop,
  type Retention,
  type Person,
  type Role,
  type RotatedKeys,
  type WorkshopDetails,
  type WorkshopResults,
} from '@sfs/shared'
import { boardDefinition, boardPages, DEFAULT_BOARD_KINDS, extractBoard, workshopTemplates } from '@sfs/boards'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { hashKey, newKey, newWorkshopId, roleForKey } from './access.ts'
import type { JoinCodes } from './join-codes.ts'
import { exportWorkshop, type ExportFile, type ExportFormat, type ExportOptions } from './export/index.ts'
import { countWriters, recordsWithServerTimes } from './export/workshop-report.ts'
import type { Storage, WorkshopRow } from './storage/types.ts'
import type { Logger } from './log.ts'
import type { RoomManager } from './sync/rooms.ts'
import { CLOSE } from './sync/protocol.ts'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { LimitReachedError, UnknownBoardError } from './service-errors.ts'

export interface WorkshopLimits {
  maxPeoplePerWorkshop: number
  /** Disk budget of the store; 0 for none. */
  maxDataBytes: number
  /** A workshop nobody opens for this many days is deleted; 0 keeps workshops until deleted by hand. */
  retentionDays: number
}

/** Why a workshop was deleted, for the log. */
export type DeletionReason = 'facilitator' | 'retention'

const DAY_MS = 24 * 60 * 60 * 1000

export interface NewWorkshop {
  title: string
  city: string
  boards?: string[] | undefined
}

export class Workshops {
  private readonly lastTouched = new Map<string, number>()

  constructor(
    private readonly storage: Storage,
    private readonly rooms: RoomManager,
    private readonly docs: WorkshopDocs,
    private readonly joinCodes: JoinCodes,
    private readonly limits: WorkshopLimits,
    private readonly log: Logger,
  ) {}

  /** Refuses to grow the store past its disk budget. */
  async checkDiskBudget(): Promise<void> {
    if (this.limits.maxDataBytes > 0 && (await this.storage.diskBytes()) >= this.limits.maxDataBytes) {
      throw new LimitReachedError('The server’s storage budget (MAX_DATA_BYTES) is used up: delete old workshops or raise the budget.')
    }
  }

  async create(input: NewWorkshop, linkBase: string): Promise<CreatedWorkshop> {
    const kinds = input.boards && input.boards.length > 0 ? input.boards : [...DEFAULT_BOARD_KINDS]
    const unknown = kinds.filter((kind) => !boardDefinition(kind))
    if (unknown.length > 0) throw new UnknownBoardError(unknown)

    const doc = new Y.Doc()
    writeWorkshopMeta(doc, { formatVersion: DOC_FORMAT_VERSION, title: input.title, city: input.city, createdAt: new Date().toISOString() })
    putRecords(doc, workshopTemplates(kinds, input, () => `page:${nanoid(12)}`))
    try {
      return await this.createFrom(doc, [], linkBase)
    } finally {
      doc.destroy()
    }
  }

  /** A new workshop holding `doc` (built and checked by the server) and open votes' `ballots`, with new keys. */
  async createFrom(doc: Y.Doc, ballots: readonly { boardId: string; voter: string; noteId: string; dots: number }[], linkBase: string): Promise<CreatedWorkshop> {
    await this.checkDiskBudget()
    const id = newWorkshopId()
    const keys = { facilitator: newKey(), participant: newKey(), viewer: newKey() }
    const now = new Date().toISOString()
    upgradeDocument(doc, null)
    // The row first: a shared store takes a document's updates only while its workshop exists.
    await this.storage.createWorkshop({
      id,
      facilitatorKeyHash: hashKey(keys.facilitator),
      participantKey: keys.participant,
      viewerKey: keys.viewer,
      createdAt: now,
      lastActivityAt: now,
      keepUntil: null,
    })
    try {
      await this.storage.append(id, Y.encodeStateAsUpdate(doc))
      for (const b of ballots) await this.storage.setDots(id, b.boardId, b.voter, b.noteId, b.dots)
    } catch (err) {
      await this.remove(id).catch(() => {})
      throw err
    }
    return {
      id,
      facilitatorKey: keys.facilitator,
      participantKey: keys.participant,
      viewerKey: keys.viewer,
      links: {
        facilitator: workshopLink(linkBase, id, keys.facilitator),
        participant: workshopLink(linkBase, id, keys.participant),
        viewer: workshopLink(linkBase, id, keys.viewer),
      },
    }
  }

  find(id: string): Promise<WorkshopRow | null> {
    return this.storage.getWorkshop(id)
  }

  /** The role `key` grants on workshop `id`, or null when either is unknown. */
  async authenticate(id: string, key: string): Promise<{ row: WorkshopRow; role: Role | null } | null> {
    const row = await this.storage.getWorkshop(id)
    return row ? { row, role: roleForKey(row, key) } : null
  }

  details(row: WorkshopRow, linkBase: string): Promise<WorkshopDetails> {
    return this.docs.withDoc(row.id, (doc) => {
      const meta = readWorkshopMeta(doc)
      return {
        id: row.id,
        title: meta.title,
        city: meta.city,
        boards: boardPages(readAllRecords(doc)),
        created: row.createdAt,
        lastActivity: row.lastActivityAt,
        links: this.links(row, linkBase),
        retention: this.retention(row),
      }
    })
  }

  /** Every board's structured result, read from the live or stored document, with the server's times as the exports have them. */
  async results(id: string, boardId?: string): Promise<WorkshopResults | null> {
    const times = await this.storage.recordTimes(id)
    return this.docs.withDoc(id, (doc) => {
      const records = recordsWithServerTimes(doc, times)
      const meta = readWorkshopMeta(doc)
      const boards = boardPages(records).filter((board) => !boardId || board.id === boardId)
      if (boardId && boards.length === 0) return null
      return {
        id,
        title: meta.title,
        city: meta.city,
        boards: boards.map((board) => ({ ...board, result: extractBoard(board.kind, records, board.id) })),
      }
    })
  }

  /** Adds a board to a workshop, live: connected clients see it appear. */
  async addBoard(id: string, kind: string): Promise<BoardSummary> {
    const board = boardDefinition(kind)
    if (!board) throw new UnknownBoardError([kind])
    await this.checkDiskBudget()
    return this.docs.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
      const lastIndex = boardPages(records).map((b) => String(records.find((r) => r.id === b.id)?.index)).sort().at(-1)
      const meta = readWorkshopMeta(doc)
      const pageId = `page:${nanoid(12)}`
      const template = board.template({ pageId, index: getIndexAbove((lastIndex ?? null) as IndexKey | null), title: meta.title, city: meta.city })
      putRecords(doc, template, SERVER_ORIGIN)
      return { id: pageId, kind, title: String(template[0]?.name ?? '') }
    })
  }

  /** The workshop (or one board) as a file; null when the board is not in the workshop. */
  async export(id: string, format: ExportFormat, opts: Omit<ExportOptions, 'writers' | 'times'>): Promise<ExportFile | null> {
    const owners = await this.storage.clientOwners(id)
    const times = await this.storage.recordTimes(id)
    return this.docs.withDoc(id, (doc) => exportWorkshop(doc, id, format, { ...opts, writers: countWriters(doc, owners), times }))
  }

  title(id: string): Promise<string> {
    return this.docs.withDoc(id, (doc) => readWorkshopMeta(doc).title)
  }

  /** When the workshop will be deleted if nobody opens it, and until when the facilitator asked to keep it. */
  retention(row: WorkshopRow): Retention {
    const { retentionDays } = this.limits
    if (retentionDays <= 0) return { deletesAt: null, keepUntil: row.keepUntil, retentionDays }
    const idle = Date.parse(row.lastActivityAt) + retentionDays * DAY_MS
    const kept = row.keepUntil ? Date.parse(row.keepUntil) : 0
    return { deletesAt: new Date(Math.max(idle, kept)).toISOString(), keepUntil: row.keepUntil, retentionDays }
  }

  /** Keeps the workshop at least `days` from now, whatever its activity (a plan revisited next year). */
  async keep(row: WorkshopRow, days: number): Promise<Retention> {
    const keepUntil = new Date(Date.now() + days * DAY_MS).toISOString()
    await this.storage.setKeepUntil(row.id, keepUntil)
    return this.retention({ ...row, keepUntil })
  }

  /** Deletes the workshops nobody has opened for RETENTION_DAYS and nobody asked to keep; one with people in it waits. */
  async deleteExpired(now = Date.now()): Promise<string[]> {
    if (this.limits.retentionDays <= 0) return []
    const idleSince = new Date(now - this.limits.retentionDays * DAY_MS).toISOString()
    const deleted: string[] = []
    for (const id of await this.storage.expiredWorkshops(idleSince, new Date(now).toISOString())) {
      const room = await this.rooms.loaded(id)
      if (room && room.connections.size + room.pendingJoins > 0) continue
      await this.delete(id, 'retention')
      deleted.push(id)
    }
    return deleted
  }

  /** Removes every trace: live connections are closed on every instance, then the document and the rows are deleted and scrubbed from the files. */
  async delete(id: string, reason: DeletionReason): Promise<void> {
    this.lastTouched.delete(id)
    await this.joinCodes.revoke(id)
    await this.rooms.evictEverywhere(id, CLOSE.workshopDeleted, 'workshop deleted')
    await this.remove(id)
    this.log.info('workshop.deleted', { workshop: id, reason })
  }

  private async remove(id: string): Promise<void> {
    // The row first: no new connection is let in, and an instance still writing is refused (PostgreSQL).
    await this.storage.deleteWorkshop(id)
    await this.storage.delete(id)
    await this.storage.clearVotes(id)
    await this.storage.deleteSnapshots(id)
    await this.storage.deletePeople(id)
    await this.storage.deleteSealed(id)
    await this.storage.deleteRecordTimes(id)
    await this.storage.scrub()
  }

  /** A new person in the workshop: a user id and the personal token that proves it (kept only hashed). */
  async addPerson(id: string): Promise<Person> {
    if ((await this.storage.countPeople(id)) >= this.limits.maxPeoplePerWorkshop) throw new LimitReachedError('This workshop has as many people as it can take.')
    const person: Person = { userId: nanoid(), token: newKey() }
    await this.storage.createPerson(id, person.userId, hashKey(person.token), new Date().toISOString())
    return person
  }

  /** The user id a personal token proves, or null. */
  personByToken(id: string, token: string): Promise<string | null> {
    return this.storage.personByToken(id, hashKey(token))
  }

  /**
   * New participant and/or viewer keys: the old ones stop working at once and the sockets
   * opened with them are closed. A join code on the wall is replaced by one for the new link.
   */
  async rotateKeys(row: WorkshopRow, roles: readonly ('participant' | 'viewer')[], linkBase: string): Promise<RotatedKeys> {
    const keys = { participantKey: roles.includes('participant') ? newKey() : undefined, viewerKey: roles.includes('viewer') ? newKey() : undefined }
    await this.storage.setKeys(row.id, keys)
    for (const role of roles) await this.rooms.closeRoleEverywhere(row.id, role, CLOSE.keyRevoked, 'key replaced')
    const next: WorkshopRow = { ...row, participantKey: keys.participantKey ?? row.participantKey, viewerKey: keys.viewerKey ?? row.viewerKey }
    return { links: this.links(next, linkBase), participantKey: next.participantKey, viewerKey: next.viewerKey }
  }

  /** Records activity, at most once a minute per workshop so busy rooms do not double their writes. */
  touch(id: string): void {
    const now = Date.now()
    if (now - (this.lastTouched.get(id) ?? 0) < 60_000) return
    this.lastTouched.set(id, now)
    void this.storage.touchWorkshop(id, new Date(now).toISOString())
  }

  private links(row: WorkshopRow, linkBase: string): WorkshopDetails['links'] {
    return {
      participant: workshopLink(linkBase, row.id, row.participantKey),
      viewer: workshopLink(linkBase, row.id, row.viewerKey),
    }
  }
}
