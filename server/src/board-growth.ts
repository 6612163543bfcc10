/**
 * Template changes a participant may ask for, written by the server so the template stays
 * protected: a board's extensions (a table row, a group) and form cells growing to hold
 * their answers. Neither is open to a participant on a locked board.
 */
import { isLockedPage, putRecords, readAllRecords, readWorkshopMeta, type JsonRecord, type Role } from '@sfs/shared'
import { boardDefinition, growCell, isTemplate } from '@sfs/boards'
import { SERVER_ORIGIN, type WorkshopDocs } from './workshop-docs.ts'
import { ForbiddenError, NotFoundError } from './service-errors.ts'

export class BoardGrowth {
  constructor(private readonly docs: WorkshopDocs) {}

  /** Grows a board's template by one of its extensions, if the role may use it. */
  extend(id: string, boardId: string, extensionKey: string, role: Role): Promise<{ added: string[] }> {
    return this.docs.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
      const page = writablePage(records, boardId, role)
      const extension = boardDefinition(kindOf(page))?.extensions?.find((e) => e.key === extensionKey)
      if (!extension) throw new NotFoundError('This board has no such extension.')
      if (extension.allowed === 'facilitator' && role !== 'facilitator') throw new ForbiddenError('Only the facilitator can do this.')
      const meta = readWorkshopMeta(doc)
      const added = extension.add({ pageId: page.id, index: String(page.index), title: meta.title, city: meta.city }, records)
      putRecords(doc, added, SERVER_ORIGIN)
      return { added: added.map((r) => r.id) }
    })
  }

  /**
   * Grows a form cell (and its row) to at least `height`, moving what is below it down.
   * Asking for a height the cell already has changes nothing, so every client whose answer
   * overflows may ask at once.
   */
  growCell(id: string, boardId: string, zone: string, height: number, role: Role): Promise<{ height: number }> {
    return this.docs.withDoc(id, (doc) => {
      const records = readAllRecords(doc)
      const page = writablePage(records, boardId, role)
      if (!boardDefinition(kindOf(page))?.formCells) throw new NotFoundError('This board has no form cells.')
      const cell = records.find((r) => r.parentId === page.id && r.typeName === 'shape' && isTemplate(r) && (r.meta as { zone?: unknown } | undefined)?.zone === zone)
      if (!cell) throw new NotFoundError('No such cell on this board.')
      const changed = growCell(records, page.id, zone, height)
      putRecords(doc, changed, SERVER_ORIGIN)
      const grown = changed.find((r) => r.id === cell.id) ?? cell
      return { height: Number((grown.props as { h: unknown }).h) }
    })
  }
}

function kindOf(page: JsonRecord): string {
  const kind = (page.meta as { boardKind?: unknown } | undefined)?.boardKind
  return typeof kind === 'string' ? kind : ''
}

/** The board's page, when the role may change its template through the server. */
function writablePage(records: JsonRecord[], boardId: string, role: Role): JsonRecord {
  const page = records.find((r) => r.id === boardId && r.typeName === 'page')
  if (!page) throw new NotFoundError('No such board in this workshop.')
  if (role !== 'facilitator' && isLockedPage(page)) throw new ForbiddenError('The board is locked.')
  return page
}
