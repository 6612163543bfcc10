import type { ErrorRequestHandler, Response } from 'express'
import type { ApiError } from '@sfs/shared'
import type { Logger } from '../log.ts'
import { errorFields } from '../log.ts'
import { WorkshopUnavailableError } from '../service-errors.ts'

export class HttpError extends Error {
  override name = 'HttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ApiError = { error: { code, message } }
  res.status(status).json(body)
}

/** Every failure becomes a JSON error with a clear message; stack traces never leave the server. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message)
    if (err instanceof WorkshopUnavailableError) {
      return err.kind === 'newer' ? sendError(res, 409, 'workshop_newer_version', err.message) : sendError(res, 500, 'workshop_unreadable', err.message)
    }
    const type = (err as { type?: string }).type
    if (type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.')
    if (type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The request body is too large.')
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendError(res, 415, 'unsupported_encoding', 'The request body must be UTF-8 JSON.')
    const status = (err as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'bad_request', 'The request could not be read.')
    log.error('http.unhandled', errorFields(err))
    sendError(res, 500, 'internal', 'Something went wrong on the server. Nothing was changed.')
  }
}
