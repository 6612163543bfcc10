/** The y-websocket wire protocol: message framing on top of y-protocols. */
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_QUERY_AWARENESS = 3

export const SYNC_STEP1 = syncProtocol.messageYjsSyncStep1
export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return encoding.toUint8Array(encoder)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/**
 * WebSocket close codes the server sends (4000–4999 are application codes). Clients tell
 * the person why; docs/security.md lists them.
 */
export const CLOSE = {
  /** Not the y-websocket protocol, or an update that cannot be read. */
  protocolError: 4400,
  /** The key was replaced by the facilitator: ask for the new link. */
  keyRevoked: 4401,
  /** The update does something this role may not do, or would leave an invalid record. */
  writeRefused: 4403,
  workshopDeleted: 4404,
  /** The update depends on something the server does not have: reconnect and send everything again. */
  outOfStep: 4409,
  documentTooLarge: 4413,
  /** The workshop's stored data cannot be read: the operator restores it from a backup. */
  workshopUnreadable: 4422,
  /** The workshop was written by a newer version of the product; this server does not write to it. */
  workshopNewer: 4426,
  tooManyRequests: 4429,
  storageFailure: 4500,
  /** The server is restarting: reconnect in a moment, nothing is lost. */
  restarting: 1012,
} as const

/** A message the server will not take; the sender's socket is closed with `code`, nobody else is affected. */
export class SyncRefusal extends Error {
  override name = 'SyncRefusal'
  constructor(
    readonly code: number,
    /** Sent as the close reason: short, and free of anything the client sent. */
    readonly reason: string,
    /** For the log: ids and counts, never content. */
    detail: string,
  ) {
    super(detail)
  }
}
