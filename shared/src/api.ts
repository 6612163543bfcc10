/** The HTTP API's shapes, shared by the server (validation) and the client (typing). */
import * as z from 'zod/mini'

export const ROLES = ['facilitator', 'participant', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const LOCALES = ['sv', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export type Localized = Record<Locale, string>

/** Board kinds are short lowercase ids, e.g. "swot" or "a3-rutin". */
export const boardKindSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'unknown board kind'))

export const createWorkshopSchema = z.strictObject({
  /** The server's CREATE_KEY, when it has one. */
  createKey: z.optional(z.string().check(z.maxLength(200))),
  title: z.string().check(z.trim(), z.minLength(1, 'title is required'), z.maxLength(200, 'title is longer than 200 characters')),
  city: z._default(z.optional(z.string().check(z.trim(), z.maxLength(100, 'city is longer than 100 characters'))), ''),
  boards: z.optional(z.array(boardKindSchema).check(z.maxLength(30, 'at most 30 boards'))),
})
export type CreateWorkshopInput = z.input<typeof createWorkshopSchema>

export interface WorkshopLinks {
  facilitator: string
  participant: string
  viewer: string
}

export interface CreatedWorkshop {
  id: string
  facilitatorKey: string
  participantKey: string
  viewerKey: string
  links: WorkshopLinks
}

export interface BoardSummary {
  id: string
  /** The board's kind from the catalogue, or null for a plain page added during the workshop. */
  kind: string | null
  title: string
}

export interface WorkshopDetails {
  id: string
  title: string
  city: string
  boards: BoardSummary[]
  created: string
  lastActivity: string
  /** The facilitator key is stored hashed, so only these two links can be rebuilt. */
  links: Omit<WorkshopLinks, 'facilitator'>
  retention: Retention
}

/** A workshop made from a file moved from another server. */
export interface ImportedWorkshop extends CreatedWorkshop {
  /** Records left out because they are not valid records of this server's tldraw. */
  skippedRecords: number
}

/** When a workshop nobody opens is deleted (RETENTION_DAYS), and how long the facilitator asked to keep it. */
export interface Retention {
  /** null when the server keeps workshops until they are deleted by hand. */
  deletesAt: string | null
  keepUntil: string | null
  retentionDays: number
}

/** The facilitator keeps the workshop at least this many days from now (at most five years). */
export const keepWorkshopSchema = z.strictObject({ days: z.int().check(z.minimum(1), z.maximum(5 * 366)) })

export const addBoardSchema = z.strictObject({ kind: boardKindSchema })
export const extendBoardSchema = z.strictObject({ extension: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'unknown extension')) })
export const restoreBoardSchema = z.strictObject({ snapshot: z.int().check(z.positive()) })

/** A kept snapshot of a workshop, as the facilitator's list shows it. */
export interface SnapshotSummary {
  id: number
  takenAt: string
  /** Kept on a timer while people work, on the facilitator's request, or just before a restore. */
  reason: 'auto' | 'manual' | 'before-restore'
}

/** The tallest a form cell may be asked to grow (boards' MAX_CELL_HEIGHT says the same). */
export const MAX_CELL_HEIGHT = 4000

/** The largest picture of a board the Word report takes, in bytes: a 1600 px board as PNG is well under it. */
export const MAX_REPORT_PICTURE_BYTES = 3 * 1024 * 1024
export const growCellSchema = z.strictObject({
  zone: z.string().check(z.regex(/^[A-Za-z0-9-]{1,60}$/, 'unknown cell')),
  height: z.int().check(z.positive(), z.maximum(MAX_CELL_HEIGHT)),
})

export interface BoardResult extends BoardSummary {
  /** The board's structured result, as its board module reads it (see docs/document-format.md). */
  result: unknown
}

export interface WorkshopResults {
  id: string
  title: string
  city: string
  boards: BoardResult[]
}

/** What any key holder learns about the workshop it opens. */
export interface WorkshopAccess {
  id: string
  role: Role
  title: string
}

export interface ClientConfig {
  /** tldraw license key, read from TLDRAW_LICENSE_KEY at runtime; empty when unset. */
  tldrawLicenseKey: string
  /** Creating a workshop needs the server's CREATE_KEY. */
  createKeyRequired: boolean
}

/** A person in one workshop: the server's id for them and the token that proves it (kept on their device). */
export interface Person {
  userId: string
  token: string
}

/** Personal tokens travel in this header on HTTP requests (and as `token` on the sync URL). */
export const PERSON_TOKEN_HEADER = 'x-person-token'

export const rotateKeysSchema = z.strictObject({
  roles: z.array(z.enum(['participant', 'viewer'])).check(z.minLength(1), z.maxLength(2)),
})

export interface RotatedKeys {
  participantKey: string
  viewerKey: string
  links: Omit<WorkshopLinks, 'facilitator'>
}

export interface ApiError {
  error: { code: string; message: string }
}

/** Ids and keys are nanoid strings of this length (URL-safe alphabet). */
export const ID_LENGTH = 21
export const KEY_LENGTH = 32
export const idSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{21}$/))

/** Keys travel in the link's fragment so they never reach server logs or Referer headers. */
export function workshopLink(baseUrl: string, id: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/w/${id}#key=${key}`
}
