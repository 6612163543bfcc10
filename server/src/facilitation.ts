/** The facilitator's controls: timer, locks, private writing, the join code, "bring everyone here". */
import { applyTimerAction, getControlMap, getRecordsMap, patchRecord, readRecord, readTimer, workshopLink, type TimerAction, type TimerState } from '@sfs/shared'
import type { WorkshopRow } from './storage/types.ts'
import type { JoinCodes } from './join-codes.ts'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { boardNotes } from './voting.ts'
import { boardDefinition } from '@sfs/boards'
import { NotFoundError } from './service-errors.ts'
import type { SealedNotes } from './sealed-notes.ts'

export class Facilitation {
  constructor(
    private readonly docs: WorkshopDocs,
    private readonly joinCodes: JoinCodes,
    private readonly sealed: SealedNotes,
  ) {}

  /** Runs a timer action on the server's clock; everyone sees the result through the document. */
  timer(id: string, action: TimerAction): Promise<TimerState> {
    return this.docs.withDoc(id, (doc) => {
      const next = applyTimerAction(readTimer(doc), action, Date.now())
      doc.transact(() => getControlMap(doc).set('timer', next), SERVER_ORIGIN)
      return next
    })
  }

  /** Locks or unlocks a board: while locked, participants' changes to it are undone. */
  lockBoard(id: string, boardId: string, locked: boolean): Promise<boolean> {
    return this.docs.withDoc(id, (doc) => {
      const records = getRecordsMap(doc)
      const page = readRecord(records, boardId)
      if (!page || page.typeName !== 'page') return false
      doc.transact(() => patchRecord(records, page, { ...page, meta: { ...(page.meta as object), locked } }), SERVER_ORIGIN)
      return true
    })
  }

  /**
   * Turns private writing on for a board, or off, which reveals everyone's notes: those the
   * server holds go into the document in the same transaction, whether or not their device
   * is still here.
   */
  privateWriting(id: string, boardId: string, on: boolean): Promise<boolean> {
    return this.docs.withDoc(id, async (doc) => {
      if (!boardNotes(doc, boardId)) return false
      const control = getControlMap(doc)
      const boards = { ...((control.get('private') as Record<string, boolean> | undefined) ?? {}) }
      if (on) {
        boards[boardId] = true
        doc.transact(() => control.set('private', boards), SERVER_ORIGIN)
        return true
      }
      delete boards[boardId]
      await this.sealed.reveal(doc, id, boardId, () => control.set('private', boards))
      return true
    })
  }

  /** Shows the join code (participant link and a short link) for the wall, or hides it. */
  showJoin(row: WorkshopRow, show: boolean, linkBase: string): Promise<void> {
    return this.docs.withDoc(row.id, async (doc) => {
      const control = getControlMap(doc)
      if (!show) {
        await this.joinCodes.revoke(row.id)
        doc.transact(() => control.delete('join'), SERVER_ORIGIN)
        return
      }
      const link = workshopLink(linkBase, row.id, row.participantKey)
      const code = await this.joinCodes.issue(row.id, link)
      doc.transact(() => control.set('join', { link, shortLink: `${linkBase.replace(/\/+$/, '')}/j/${code}` }), SERVER_ORIGIN)
    })
  }

  /** Shows the join code again for the workshop's current participant link, if it is shown. */
  refreshJoin(row: WorkshopRow, linkBase: string): Promise<void> {
    return this.docs.withDoc(row.id, async (doc) => {
      if (getControlMap(doc).has('join')) await this.showJoin(row, true, linkBase)
    })
  }

  /** Every device shows this part of a board (or, with null, goes back to the facilitator's view). */
  showPart(id: string, part: { boardId: string; section: string } | null): Promise<void> {
    return this.docs.withDoc(id, (doc) => {
      if (part) {
        const page = readRecord(getRecordsMap(doc), part.boardId)
        const kind = (page?.meta as { boardKind?: unknown } | undefined)?.boardKind
        const sections = typeof kind === 'string' ? boardDefinition(kind)?.sections : undefined
        if (page?.typeName !== 'page' || !sections?.some((s) => s.key === part.section)) throw new NotFoundError('This board has no such part.')
      }
      doc.transact(() => {
        if (part) getControlMap(doc).set('part', { ...part, at: Date.now() })
        else getControlMap(doc).delete('part')
      }, SERVER_ORIGIN)
    })
  }

  /** Everyone follows `userId` (the facilitator's view), or nobody when null. */
  follow(id: string, userId: string | null): Promise<void> {
    return this.docs.withDoc(id, (doc) => {
      doc.transact(() => {
        if (userId) getControlMap(doc).set('follow', { userId, at: Date.now() })
        else getControlMap(doc).delete('follow')
      }, SERVER_ORIGIN)
    })
  }
}
