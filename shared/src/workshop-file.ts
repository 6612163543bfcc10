/**
 * A whole workshop as one file, to move it to another server: its document (every board,
 * note, result and ended vote), the ballots of votes still open, and when the server first
 * saw each note. Keys and people are not in it: the server that imports it issues new ones.
 * docs/document-format.md describes it.
 */
import * as z from 'zod/mini'

export const WORKSHOP_FILE_FORMAT = 'stad-for-stad-workshop'
/** 2 added `recordTimes`; files of version 1 are still read. */
export const WORKSHOP_FILE_VERSION = 2
/**
 * Record times a server keeps per workshop, and a file carries: far more records than a
 * workshop holds, yet a script that creates and deletes records without end cannot grow the
 * table without end. Past it, exports show the device's time.
 */
export const MAX_RECORD_TIMES = 20_000
export const WORKSHOP_FILE_EXTENSION = '.stadforstad.json'

const boardId = z.string().check(z.regex(/^page:[A-Za-z0-9_-]{1,64}$/))

export const workshopFileSchema = z.strictObject({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  version: z.union([z.literal(1), z.literal(WORKSHOP_FILE_VERSION)]),
  exportedAt: z.string().check(z.maxLength(40)),
  /** The Yjs document, `Y.encodeStateAsUpdate`, in base64. */
  document: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'document must be base64')),
  ballots: z
    .array(
      z.strictObject({
        boardId,
        voter: z.string().check(z.minLength(1), z.maxLength(64)),
        noteId: z.string().check(z.regex(/^shape:[A-Za-z0-9_-]{1,64}$/)),
        dots: z.int().check(z.minimum(1), z.maximum(20)),
      }),
    )
    .check(z.maxLength(100_000)),
  /** When the exporting server first saw each record: the notes keep their times on the new server. */
  recordTimes: z.optional(
    z.array(z.strictObject({ record: z.string().check(z.minLength(1), z.maxLength(200)), at: z.iso.datetime() })).check(z.maxLength(MAX_RECORD_TIMES)),
  ),
})

export type WorkshopFile = z.infer<typeof workshopFileSchema>
