/** The JSON API under /api. */
import express, { type Request, type Response, type Router } from 'express'
import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'
import { addBoardSchema, createWorkshopSchema, dotSchema, joinSchema, privateWritingSchema, sealedNoteSchema, extendBoardSchema, growCellSchema, restoreBoardSchema, partSchema, followSchema, lockBoardSchema, rotateKeysSchema, timerActionSchema, voteActionSchema, idSchema, keepWorkshopSchema, workshopFileSchema, fileSafeName, WORKSHOP_FILE_EXTENSION, PERSON_TOKEN_HEADER, type ClientConfig, type JsonRecord, type Role, type WorkshopAccess } from '@sfs/shared'
import { boardCatalogue } from '@sfs/boards'
import { keyFromRequest, sameSecret } from '../access.ts'
import type { Workshops } from '../workshops.ts'
import type { BoardGrowth } from '../board-growth.ts'
import type { Snapshots } from '../snapshots.ts'
import type { Facilitation } from '../facilitation.ts'
import type { Voting } from '../voting.ts'
import { InvalidSealedNoteError, type SealedNotes } from '../sealed-notes.ts'
import { InvalidWorkshopFileError, type WorkshopFiles } from '../workshop-files.ts'
import { ConflictError, ForbiddenError, LimitReachedError, NotFoundError, UnknownBoardError } from '../service-errors.ts'
import { DocumentGoneError, type WorkshopRow } from '../storage/types.ts'
import { EXPORT_FORMATS } from '../export/index.ts'
import { MAX_PICTURE_BYTES, PictureRefused, readPngPicture, type ReportPicture } from '../export/pictures.ts'
import { KeyedLimiter } from '../rate-limit.ts'
import { HttpError } from './errors.ts'

export interface ApiOptions {
  workshops: Workshops
  facilitation: Facilitation
  sealed: SealedNotes
  growth: BoardGrowth
  snapshots: Snapshots
  voting: Voting
  files: WorkshopFiles
  maxJsonBytes: number
  /** Largest workshop file an import takes (its document is base64 in JSON). */
  maxImportBytes: number
  tldrawLicenseKey: string
  /** When set, creating a workshop needs it. */
  createKey: string
  /** Workshops one address may create per hour. */
  createPerHour: number
  linkBase(req: Request): string
}

// zod's mini build has no messages of its own: every 400 says what was wrong in English.
z.config(en())

const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  board: z.optional(z.string().check(z.maxLength(100))),
  separator: z.optional(z.enum(['comma', 'semicolon'])),
  key: z.optional(z.string()),
})

/** Pictures a Word report takes: one per board at most, and a workshop has a few dozen boards at most. */
const MAX_REPORT_PICTURES = 40
/** The Word report with pictures of boards drawn on the facilitator's device (POST, as the pictures are large). */
const reportRequestSchema = z.object({
  board: z.optional(z.string().check(z.maxLength(100))),
  pictures: z
    .array(z.object({ board: z.string().check(z.maxLength(100)), png: z.string().check(z.maxLength(Math.ceil(MAX_PICTURE_BYTES / 3) * 4)) }))
    .check(z.maxLength(MAX_REPORT_PICTURES)),
})
/** Its body: the pictures as base64, and room for the rest. */
const MAX_REPORT_BODY_BYTES = 16 * 1024 * 1024
/** A device resends all its held private notes when a session starts: a burst of that many, then this many a second. */
const PERSON_WRITE_BURST = 60
const PERSON_WRITES_PER_SECOND = 10
const REPORT_PATH = /^\/workshops\/[^/]+\/export$/

/** Maps the workshop service's errors to HTTP answers. */
async function handled<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof NotFoundError) throw new HttpError(404, 'not_found', err.message)
    if (err instanceof DocumentGoneError) throw new HttpError(404, 'workshop_not_found', 'The workshop was deleted meanwhile.')
    if (err instanceof ForbiddenError) throw new HttpError(403, 'forbidden', err.message)
    if (err instanceof InvalidSealedNoteError) throw new HttpError(400, 'invalid_note', err.message)
    if (err instanceof ConflictError) throw new HttpError(409, 'conflict', err.message)
    if (err instanceof LimitReachedError) throw new HttpError(507, 'limit_reached', err.message)
    if (err instanceof UnknownBoardError) throw new HttpError(400, 'unknown_board', err.message)
    if (err instanceof InvalidWorkshopFileError) throw new HttpError(400, 'invalid_workshop_file', err.message)
    if (err instanceof PictureRefused) throw new HttpError(400, 'invalid_picture', err.message)
    throw err
  }
}

function requestUrl(req: Request): URL {
  return new URL(req.originalUrl, 'http://localhost')
}

/** A download's Content-Disposition: the name in UTF-8, and an ASCII fallback for old clients. */
function attachment(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ')
}

export function apiRouter(opts: ApiOptions): Router {
  const { workshops, facilitation, sealed, voting, growth, snapshots } = opts
  const creations = new KeyedLimiter(opts.createPerHour, opts.createPerHour / 3600)
  /** A person's dots and held private notes: each is a write to the store, so a script may not send them without end. */
  const personWrites = new KeyedLimiter(PERSON_WRITE_BURST, PERSON_WRITES_PER_SECOND)
  const router = express.Router()
  const json = express.json({ limit: opts.maxJsonBytes, strict: true })
  const workshopFileJson = express.json({ limit: opts.maxImportBytes, strict: true })
  const reportJson = express.json({ limit: MAX_REPORT_BODY_BYTES, strict: true })
  // The large bodies (a report's pictures, a workshop file) are read in their routes, once the key
  // is known to allow them: nobody else makes the server parse that much.
  const readLater: express.RequestHandler = (_req, _res, next) => next()
  const bodyParserFor = (req: Request) => (req.method === 'POST' && (req.path === '/workshops/import' || REPORT_PATH.test(req.path)) ? readLater : json)
  router.use((req, res, next) => bodyParserFor(req)(req, res, next))
  const readBody = (parser: express.RequestHandler, req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })

  /** The workshop and the caller's role, or a 401/403/404 HttpError. */
  async function access(req: Request, allowed: readonly Role[]): Promise<{ row: WorkshopRow; role: Role }> {
    const id = idSchema.safeParse(req.params.id)
    if (!id.success) throw new HttpError(404, 'not_found', 'No such workshop.')
    const key = keyFromRequest(req.headers, requestUrl(req))
    if (!key) throw new HttpError(401, 'key_required', 'A key is required: ?key=… or Authorization: Bearer ….')
    const found = await workshops.authenticate(id.data, key)
    // Ids are unguessable, so saying that one is gone reveals nothing; it lets the devices that held the workshop forget it.
    if (!found) throw new HttpError(404, 'workshop_not_found', 'There is no such workshop: it was deleted, or the link is wrong.')
    if (!found.role) throw new HttpError(403, 'forbidden', 'This key does not open this workshop.')
    if (!allowed.includes(found.role)) throw new HttpError(403, 'forbidden', `This needs the ${allowed.join(' or ')} key.`)
    // Opening a workshop counts as using it (RETENTION_DAYS), as writing in it does.
    workshops.touch(found.row.id)
    return { row: found.row, role: found.role }
  }

  /** The person whose personal token comes with the request, or a 401/403 HttpError. */
  async function person(req: Request, row: WorkshopRow): Promise<string> {
    const token = req.get(PERSON_TOKEN_HEADER)
    if (!token) throw new HttpError(401, 'token_required', `Your personal token is required: ${PERSON_TOKEN_HEADER}: ….`)
    const userId = await workshops.personByToken(row.id, token)
    if (!userId) throw new HttpError(403, 'forbidden', 'This personal token does not belong to this workshop.')
    return userId
  }

  /** The person, whose writes (dots, held notes) are bounded in rate: a 429 asks their device to send again later. */
  async function writingPerson(req: Request, row: WorkshopRow): Promise<string> {
    const userId = await person(req, row)
    if (!personWrites.take(`${row.id} ${userId}`)) throw new HttpError(429, 'too_many_requests', 'Too many changes at once. They are sent again in a moment.')
    return userId
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' })
  })

  router.get('/config', (_req, res) => {
    const config: ClientConfig = { tldrawLicenseKey: opts.tldrawLicenseKey, createKeyRequired: opts.createKey !== '' }
    res.json(config)
  })

  /** The server's clock, so devices can show the same timer whatever their own clocks say. */
  router.get('/time', (_req, res) => {
    res.json({ now: Date.now() })
  })

  router.get('/boards', (_req, res) => {
    res.json(boardCatalogue())
  })

  /** Creating a workshop (new, or from a file) needs the server's CREATE_KEY when it has one, and is rate-bound per address (`countCreation`). */
  function checkCreateKey(req: Request, givenInBody: string | undefined): void {
    if (!opts.createKey) return
    const given = givenInBody ?? keyFromRequest(req.headers, requestUrl(req)) ?? ''
    if (!given) throw new HttpError(401, 'create_key_required', 'This server needs its creation key to create a workshop.')
    if (!sameSecret(given, opts.createKey)) throw new HttpError(403, 'forbidden', 'That is not this server’s creation key.')
  }

  function countCreation(req: Request): void {
    if (!creations.take(req.socket.remoteAddress ?? '')) throw new HttpError(429, 'too_many_requests', 'Too many new workshops from this address. Wait a while.')
  }

  router.post('/workshops', async (req, res) => {
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.')
    const parsed = createWorkshopSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    checkCreateKey(req, parsed.data.createKey)
    countCreation(req)
    res.status(201).json(await handled(() => workshops.create(parsed.data, opts.linkBase(req))))
  })

  /** A workshop moved from another server: its file in, a new workshop with new keys out. */
  router.post('/workshops/import', async (req, res) => {
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send the workshop file with Content-Type: application/json.')
    // The key travels in a header: checked before the file (up to MAX_IMPORT_BYTES) is read.
    checkCreateKey(req, undefined)
    await readBody(workshopFileJson, req, res)
    const parsed = workshopFileSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_workshop_file', `This is not a workshop file of Stad för stad: ${describeIssues(parsed.error).slice(0, 300)}`)
    countCreation(req)
    res.status(201).json(await handled(() => opts.files.importFile(parsed.data, opts.linkBase(req))))
  })

  router.get('/workshops/:id/file', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const file = await opts.files.exportFile(row.id)
    res.set('Content-Disposition', attachment(`${fileSafeName(await workshops.title(row.id))}${WORKSHOP_FILE_EXTENSION}`))
    res.json(file)
  })

  router.get('/workshops/:id', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    res.json(await workshops.details(row, opts.linkBase(req)))
  })

  router.post('/workshops/:id/retention', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = keepWorkshopSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await workshops.keep(row, parsed.data.days))
  })

  router.get('/workshops/:id/results', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const board = typeof req.query.board === 'string' ? req.query.board : undefined
    const results = await workshops.results(row.id, board)
    if (!results) throw new HttpError(404, 'not_found', 'No such board in this workshop.')
    res.json(results)
  })

  router.get('/workshops/:id/export', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const query = exportQuerySchema.safeParse(req.query)
    if (!query.success) throw new HttpError(400, 'invalid_request', describeIssues(query.error))
    const { format, board, separator } = query.data
    const file = await workshops.export(row.id, format, { boardId: board, separator: separator === 'semicolon' ? ';' : ',' })
    if (!file) throw new HttpError(404, 'not_found', 'No such board in this workshop.')
    res.set({ 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.filename) })
    res.send(file.body)
  })

  router.post('/workshops/:id/export', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.')
    await readBody(reportJson, req, res)
    const parsed = reportRequestSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    const pictures = await handled(async () => {
      const read = new Map<string, ReportPicture>()
      for (const { board, png } of parsed.data.pictures) {
        if (read.has(board)) throw new PictureRefused(`two pictures of board ${board}`)
        read.set(board, readPngPicture(png))
      }
      return read
    })
    const file = await handled(() => workshops.export(row.id, 'docx', { boardId: parsed.data.board, pictures }))
    if (!file) throw new HttpError(404, 'not_found', 'No such board in this workshop.')
    res.set({ 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.filename) })
    res.send(file.body)
  })

  router.post('/workshops/:id/boards', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = addBoardSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.status(201).json(await handled(() => workshops.addBoard(row.id, parsed.data.kind)))
  })

  router.post('/workshops/:id/boards/:boardId/extend', async (req, res) => {
    const { row, role } = await access(req, ['facilitator', 'participant'])
    const parsed = extendBoardSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.status(201).json(await handled(() => growth.extend(row.id, String(req.params.boardId), parsed.data.extension, role)))
  })

  router.post('/workshops/:id/boards/:boardId/grow', async (req, res) => {
    const { row, role } = await access(req, ['facilitator', 'participant'])
    const parsed = growCellSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await handled(() => growth.growCell(row.id, String(req.params.boardId), parsed.data.zone, parsed.data.height, role)))
  })

  router.get('/workshops/:id/snapshots', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    res.json(await snapshots.list(row.id))
  })

  router.post('/workshops/:id/snapshots', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    res.status(201).json(await handled(() => snapshots.take(row.id, 'manual')))
  })

  router.post('/workshops/:id/boards/:boardId/restore', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = restoreBoardSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await handled(() => snapshots.restoreBoard(row.id, parsed.data.snapshot, String(req.params.boardId))))
  })

  router.post('/workshops/:id/timer', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = timerActionSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await facilitation.timer(row.id, parsed.data))
  })

  router.post('/workshops/:id/boards/:boardId/lock', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = lockBoardSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    if (!(await facilitation.lockBoard(row.id, String(req.params.boardId), parsed.data.locked))) throw new HttpError(404, 'not_found', 'No such board in this workshop.')
    res.json({ locked: parsed.data.locked })
  })

  router.post('/workshops/:id/boards/:boardId/vote', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = voteActionSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await handled(() => voting.vote(row.id, String(req.params.boardId), parsed.data)))
  })

  router.post('/workshops/:id/boards/:boardId/dots', async (req, res) => {
    const { row } = await access(req, ['facilitator', 'participant'])
    const voter = await writingPerson(req, row)
    const parsed = dotSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    res.json(await handled(() => voting.placeDot(row.id, String(req.params.boardId), voter, parsed.data)))
  })

  router.get('/workshops/:id/boards/:boardId/dots', async (req, res) => {
    const { row } = await access(req, ['facilitator', 'participant'])
    res.json(await voting.ballot(row.id, String(req.params.boardId), await person(req, row)))
  })

  router.post('/workshops/:id/boards/:boardId/private', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = privateWritingSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    if (!(await facilitation.privateWriting(row.id, String(req.params.boardId), parsed.data.on))) throw new HttpError(404, 'not_found', 'No such board in this workshop.')
    res.json({ on: parsed.data.on })
  })

  /** Private writing: a device sends each private note to be held until the reveal, or takes it back. */
  router.put('/workshops/:id/boards/:boardId/sealed/:noteId', async (req, res) => {
    const { row } = await access(req, ['facilitator', 'participant'])
    const owner = await writingPerson(req, row)
    const parsed = sealedNoteSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    await handled(() => sealed.seal(row.id, String(req.params.boardId), String(req.params.noteId), owner, parsed.data.record as JsonRecord))
    res.status(204).end()
  })

  router.delete('/workshops/:id/boards/:boardId/sealed/:noteId', async (req, res) => {
    const { row } = await access(req, ['facilitator', 'participant'])
    const owner = await writingPerson(req, row)
    await handled(() => sealed.unseal(row.id, String(req.params.boardId), String(req.params.noteId), owner))
    res.status(204).end()
  })

  router.post('/workshops/:id/join', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = joinSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    await facilitation.showJoin(row, parsed.data.show, opts.linkBase(req))
    res.status(204).end()
  })

  router.post('/workshops/:id/part', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = partSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    await handled(() => facilitation.showPart(row.id, parsed.data.boardId === null ? null : parsed.data))
    res.status(204).end()
  })

  router.post('/workshops/:id/follow', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = followSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    await facilitation.follow(row.id, parsed.data.userId)
    res.status(204).end()
  })

  router.get('/workshops/:id/access', async (req, res) => {
    const { row, role } = await access(req, ['facilitator', 'participant', 'viewer'])
    const body: WorkshopAccess = { id: row.id, role, title: await workshops.title(row.id) }
    res.json(body)
  })

  /** A device joining for the first time gets its personal token here (any key). */
  router.post('/workshops/:id/people', async (req, res) => {
    const { row } = await access(req, ['facilitator', 'participant', 'viewer'])
    res.status(201).json(await handled(() => workshops.addPerson(row.id)))
  })

  router.post('/workshops/:id/keys', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    const parsed = rotateKeysSchema.safeParse(req.body)
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error))
    const rotated = await workshops.rotateKeys(row, parsed.data.roles, opts.linkBase(req))
    // A join code on the wall leads to the participant link: it follows the new key.
    await facilitation.refreshJoin({ ...row, participantKey: rotated.participantKey, viewerKey: rotated.viewerKey }, opts.linkBase(req))
    res.json(rotated)
  })

  router.delete('/workshops/:id', async (req, res) => {
    const { row } = await access(req, ['facilitator'])
    await workshops.delete(row.id, 'facilitator')
    res.status(204).end()
  })

  router.use((_req, _res) => {
    throw new HttpError(404, 'not_found', 'No such API endpoint.')
  })
  return router
}
