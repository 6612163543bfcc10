/**
 * A whole workshop as one file, to move it to another server: its document (every board,
 * note, result and ended vote) and the ballots of votes still open. Keys and people are not
 * in it: the server that imports it issues new ones. docs/document-format.md describes it.
 */
import { z } from 'zod'

export const WORKSHOP_FILE_FORMAT = 'stad-for-stad-workshop'
export const WORKSHOP_FILE_VERSION = 1
export const WORKSHOP_FILE_EXTENSION = '.stadforstad.json'

const boardId = z.string().regex(/^page:[A-Za-z0-9_-]{1,64}$/)

export const workshopFileSchema = z.strictObject({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  version: z.literal(WORKSHOP_FILE_VERSION),
  exportedAt: z.string().max(40),
  /** The Yjs document, `Y.encodeStateAsUpdate`, in base64. */
  document: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'document must be base64'),
  ballots: z
    .array(
      z.strictObject({
        boardId,
        voter: z.string().min(1).max(64),
        noteId: z.string().regex(/^shape:[A-Za-z0-9_-]{1,64}$/),
        dots: z.number().int().min(1).max(20),
      }),
    )
    .max(100_000),
})

export type WorkshopFile = z.infer<typeof workshopFileSchema>
