/**
 * The board catalogue. Adding a board means adding its module here; nothing else in the
 * code base knows a board by name.
 */
import { catalogueEntry, type BoardCatalogueEntry, type BoardDefinition } from '@sfs/shared'
import { blank } from './blank.ts'

export const BOARDS: readonly BoardDefinition[] = [blank]

export const DEFAULT_BOARD_KINDS: readonly string[] = ['blank']

export function boardDefinition(kind: string): BoardDefinition | undefined {
  return BOARDS.find((board) => board.kind === kind)
}

export function boardCatalogue(): BoardCatalogueEntry[] {
  return BOARDS.map(catalogueEntry)
}

/** Fractional index keys (tldraw's IndexKey format) for the n-th board: a1, a2, … az. */
export function boardIndex(position: number): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  if (position < 0 || position >= digits.length - 1) throw new RangeError('too many boards')
  return 'a' + digits[position + 1]
}

export * from './records.ts'
