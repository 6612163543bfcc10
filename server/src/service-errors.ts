/** What the workshop services refuse, mapped to HTTP answers in http/api.ts. */

export class ConflictError extends Error {
  override name = 'ConflictError'
}

export class NotFoundError extends Error {
  override name = 'NotFoundError'
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
}

/** A bound was reached (people in a workshop, the disk budget). */
export class LimitReachedError extends Error {
  override name = 'LimitReachedError'
}

export class UnknownBoardError extends Error {
  override name = 'UnknownBoardError'
  constructor(readonly kinds: string[]) {
    super(`unknown board kind: ${kinds.join(', ')}`)
  }
}

/**
 * A workshop that cannot be opened: written by a newer version of the product (it is not
 * written to), or stored data that cannot be read. Only that workshop is affected.
 */
export class WorkshopUnavailableError extends Error {
  override name = 'WorkshopUnavailableError'
  constructor(
    readonly kind: 'newer' | 'unreadable',
    message: string,
  ) {
    super(message)
  }
}
