/** Creating, describing and deleting workshops: the lifecycle outside the live sync. */
import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import {
  DOC_FORMAT_VERSION,
  applyTimerAction,
  getControlMap,
  getRecordsMap,
  patchRecord,
  readRecord,
  readTimer,
  readVote,
  type Ballot,
  type JsonRecord,
  type TimerAction,
  type VoteAction,
  type VoteState,
  type TimerState,
  putRecords,
  readAllRecords,
  readWorkshopMeta,
  workshopLink,
  writeWorkshopMeta,
  type BoardSummary,
  type CreatedWorkshop,
  type Role,
  type WorkshopDetails,
  type WorkshopResults,
} from '@sfs/shared'
import { boardDefinition, boardPages, DEFAULT_BOARD_KINDS, extractBoard, shapesOnPage, workshopTemplates } from '@sfs/boards'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { hashKey, newKey, newWorkshopId, roleForKey } from './access.ts'
import { JoinCodes } from './join-codes.ts'
import { exportWorkshop, type ExportFile, type ExportFormat } from './export/index.ts'
import type { Separator } from './export/csv.ts'
import type { Storage, WorkshopRow } from './storage/types.ts'
import type { RoomManager } from './sync/rooms.ts'
import { CLOSE } from './sync/protocol.ts'

/** Transaction origin of changes the server makes itself (new boards). */
export const SERVER_ORIGIN = Symbol('sfs.server')

export class ConflictError extends Error {
  override name = 'ConflictError'
}

/** The notes on a board (null when the board is not in the workshop). */
function boardNotes(doc: Y.Doc, boardId: string): JsonRecord[] | null {
  const records = readAllRecords(doc)
  if (!records.some((r) => r.id === boardId && r.typeName === 'page')) return null
  return shapesOnPage(records, boardId).filter((r) => r.type === 'note')
}

function withVotes(note: JsonRecord, votes: number | undefined): JsonRecord {
  const { votes: _old, ...meta } = (note.meta ?? {}) as Record<string, unknown>
  return { ...note, meta: votes === undefined ? meta : { ...meta, votes } }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError'
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
}

export class UnknownBoardError extends Error {
  override name = 'UnknownBoardError'
  constructor(readonly kinds: string[]) {
    super(`unknown board kind: ${kinds.join(', ')}`)
  }
}

export interface NewWorkshop {
  title: string
  city: string
  boards?: string[] | undefined
}

export class Workshops {
  private readonly storage: Storage
  private readonly rooms: RoomManager
  private readonly lastTouched = new Map<string, number>()
  private readonly joinCodes = new JoinCodes()
  constructor(storage: Storage, rooms: RoomManager) {
    this.storage = storage
    this.rooms = rooms
  }

  async create(input: NewWorkshop, linkBase: string): Promise<CreatedWorkshop> {
    const kinds = input.boards && input.boards.length > 0 ? input.boards : [...DEFAULT_BOARD_KINDS]
    const unknown = kinds.filter((kind) => !boardDefinition(kind))
    if (unknown.length > 0) throw new UnknownBoardError(unknown)

    const id = newWorkshopId()
    const keys = { facilitator: newKey(), participant: newKey(), viewer: newKey() }
    const now = new Date().toISOString()
    const doc = new Y.Doc()
    writeWorkshopMeta(doc, { formatVersion: DOC_FORMAT_VERSION, title: input.title, city: input.city, createdAt: now })
    const templates = workshopTemplates(kinds, input, () => `page:${nanoid(12)}`)
    putRecords(doc, templates)
    await this.storage.append(id, Y.encodeStateAsUpdate(doc))
    doc.destroy()
    await this.storage.createWorkshop({
      id,
      facilitatorKeyHash: hashKey(keys.facilitator),
      participantKey: keys.participant,
      viewerKey: keys.viewer,
      createdAt: now,
      lastActivityAt: now,
    })
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
    return this.withDoc(row.id, (doc) => {
      const meta = readWorkshopMeta(doc)
      return {
        id: row.id,
        title: meta.title,
        city: meta.city,
        boards: boardPages(readAllRecords(doc)),
        created: row.createdAt,
        lastActivity: row.lastActivityAt,
        links: this.links(row, linkBase),
      }
    })
  }

  /** Every board's structured result, read from the live or stored document. */
  async results(id: string, boardId?: string): Promise<WorkshopResults | null> {
    return this.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
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
    return this.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
      const lastIndex = boardPages(records).map((b) => String(records.find((r) => r.id === b.id)?.index)).sort().at(-1)
      const meta = readWorkshopMeta(doc)
      const pageId = `page:${nanoid(12)}`
      const template = board.template({ pageId, index: getIndexAbove((lastIndex ?? null) as IndexKey | null), title: meta.title, city: meta.city })
      putRecords(doc, template, SERVER_ORIGIN)
      return { id: pageId, kind, title: String(template[0]?.name ?? '') }
    })
  }

  /** Grows a board's template by one of its extensions, if the role may use it. */
  async extendBoard(id: string, boardId: string, extensionKey: string, role: Role): Promise<{ added: string[] }> {
    return this.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
      const page = records.find((r) => r.id === boardId && r.typeName === 'page')
      if (!page) throw new NotFoundError('No such board in this workshop.')
      const kind = (page.meta as { boardKind?: unknown } | undefined)?.boardKind
      const extension = (typeof kind === 'string' ? boardDefinition(kind) : undefined)?.extensions?.find((e) => e.key === extensionKey)
      if (!extension) throw new NotFoundError('This board has no such extension.')
      if (extension.allowed === 'facilitator' && role !== 'facilitator') throw new ForbiddenError('Only the facilitator can do this.')
      const meta = readWorkshopMeta(doc)
      const ctx = { pageId: page.id, index: String(page.index), title: meta.title, city: meta.city }
      const added = extension.add(ctx, records)
      putRecords(doc, added, SERVER_ORIGIN)
      return { added: added.map((r) => r.id) }
    })
  }

  /** Runs a timer action on the server's clock; everyone sees the result through the document. */
  timer(id: string, action: TimerAction): Promise<TimerState> {
    return this.withDoc(id, (doc) => {
      const next = applyTimerAction(readTimer(doc), action, Date.now())
      doc.transact(() => getControlMap(doc).set('timer', next), SERVER_ORIGIN)
      return next
    })
  }

  /** Locks or unlocks a board: while locked, participants' changes to it are undone. */
  lockBoard(id: string, boardId: string, locked: boolean): Promise<boolean> {
    return this.withDoc(id, (doc) => {
      const records = getRecordsMap(doc)
      const page = readRecord(records, boardId)
      if (!page || page.typeName !== 'page') return false
      doc.transact(() => patchRecord(records, page, { ...page, meta: { ...(page.meta as object), locked } }), SERVER_ORIGIN)
      return true
    })
  }

  /** Turns private writing on for a board, or off, which reveals everyone's notes. */
  privateWriting(id: string, boardId: string, on: boolean): Promise<boolean> {
    return this.withDoc(id, (doc) => {
      if (!boardNotes(doc, boardId)) return false
      const control = getControlMap(doc)
      const boards = { ...((control.get('private') as Record<string, boolean> | undefined) ?? {}) }
      if (on) boards[boardId] = true
      else delete boards[boardId]
      doc.transact(() => control.set('private', boards), SERVER_ORIGIN)
      return true
    })
  }

  /** Shows the join code (participant link and a short link) for the wall, or hides it. */
  showJoin(row: WorkshopRow, show: boolean, linkBase: string): Promise<void> {
    return this.withDoc(row.id, (doc) => {
      const control = getControlMap(doc)
      if (!show) {
        this.joinCodes.revoke(row.id)
        doc.transact(() => control.delete('join'), SERVER_ORIGIN)
        return
      }
      const link = workshopLink(linkBase, row.id, row.participantKey)
      const code = this.joinCodes.issue(row.id, link)
      doc.transact(() => control.set('join', { link, shortLink: `${linkBase.replace(/\/+$/, '')}/j/${code}` }), SERVER_ORIGIN)
    })
  }

  resolveJoinCode(code: string, address: string): string | null | 'slow-down' {
    return this.joinCodes.resolve(code, address)
  }

  /** Everyone follows `userId` (the facilitator's view), or nobody when null. */
  follow(id: string, userId: string | null): Promise<void> {
    return this.withDoc(id, (doc) => {
      doc.transact(() => {
        if (userId) getControlMap(doc).set('follow', { userId, at: Date.now() })
        else getControlMap(doc).delete('follow')
      }, SERVER_ORIGIN)
    })
  }

  /** Starts a dot vote on a board (forgetting any earlier one), or ends it and writes the counts on the notes. */
  vote(id: string, boardId: string, action: VoteAction): Promise<VoteState> {
    return this.withDoc(id, async (doc) => {
      const records = getRecordsMap(doc)
      const notes = boardNotes(doc, boardId)
      if (!notes) throw new NotFoundError('No such board in this workshop.')
      const control = getControlMap(doc)
      const setVote = (state: VoteState) => control.set('votes', { ...((control.get('votes') as object | undefined) ?? {}), [boardId]: state })
      if (action.action === 'start') {
        await this.storage.clearVotes(id, boardId)
        const state: VoteState = { status: 'open', dots: action.dots }
        doc.transact(() => {
          for (const note of notes) if ((note.meta as { votes?: unknown }).votes !== undefined) patchRecord(records, note, withVotes(note, undefined))
          setVote(state)
        }, SERVER_ORIGIN)
        return state
      }
      const current = readVote(doc, boardId)
      if (current?.status !== 'open') throw new ConflictError('There is no open vote on this board.')
      const tally = await this.storage.tally(id, boardId)
      const state: VoteState = { ...current, status: 'closed' }
      doc.transact(() => {
        for (const note of notes) patchRecord(records, note, withVotes(note, tally[note.id] ?? 0))
        setVote(state)
      }, SERVER_ORIGIN)
      return state
    })
  }

  /** Puts one of a voter's dots on a note, or takes one back. */
  placeDot(id: string, boardId: string, dot: { voter: string; noteId: string; delta: 1 | -1 }): Promise<Ballot> {
    return this.withDoc(id, async (doc) => {
      const vote = readVote(doc, boardId)
      if (vote?.status !== 'open') throw new ConflictError('There is no open vote on this board.')
      if (!boardNotes(doc, boardId)?.some((note) => note.id === dot.noteId)) throw new NotFoundError('No such note on this board.')
      const ballot = await this.storage.ballot(id, boardId, dot.voter)
      const used = Object.values(ballot).reduce((sum, n) => sum + n, 0)
      const current = ballot[dot.noteId] ?? 0
      if (dot.delta > 0 && used >= vote.dots) throw new ConflictError('All your dots are placed.')
      const next = Math.max(0, current + dot.delta)
      await this.storage.setDots(id, boardId, dot.voter, dot.noteId, next)
      const dots = { ...ballot, [dot.noteId]: next }
      if (!next) delete dots[dot.noteId]
      return { dots, remaining: vote.dots - (used - current + next) }
    })
  }

  /** A voter's own dots on a board (only they should ask: it is keyed by their device's id). */
  ballot(id: string, boardId: string, voter: string): Promise<Ballot> {
    return this.withDoc(id, async (doc) => {
      const vote = readVote(doc, boardId)
      const dots = vote?.status === 'open' ? await this.storage.ballot(id, boardId, voter) : {}
      return { dots, remaining: vote?.status === 'open' ? vote.dots - Object.values(dots).reduce((a, b) => a + b, 0) : 0 }
    })
  }

  /** The workshop (or one board) as a file; null when the board is not in the workshop. */
  export(id: string, format: ExportFormat, opts: { boardId?: string; separator?: Separator }): Promise<ExportFile | null> {
    return this.withDoc(id, (doc) => exportWorkshop(doc, id, format, opts))
  }

  private async withDoc<T>(id: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = await this.rooms.acquire(id)
    try {
      const result = await read(room.doc)
      await room.flushed()
      return result
    } finally {
      this.rooms.release(room)
    }
  }

  title(id: string): Promise<string> {
    return this.withDoc(id, (doc) => readWorkshopMeta(doc).title)
  }

  /** Removes every trace: live connections are closed, then the document and the row are deleted. */
  async delete(id: string): Promise<void> {
    this.lastTouched.delete(id)
    this.joinCodes.revoke(id)
    await this.rooms.evict(id, CLOSE.workshopDeleted, 'workshop deleted')
    await this.storage.delete(id)
    await this.storage.clearVotes(id)
    await this.storage.deleteWorkshop(id)
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
