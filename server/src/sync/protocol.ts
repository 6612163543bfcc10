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

/** A message the server will not process; the sending socket is closed, nobody else is affected. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** A limit was reached; the sending socket is closed with a code the client can explain. */
export class LimitError extends Error {
  override name = 'LimitError'
}

/** WebSocket close codes used by the server (4000–4999 are application codes). */
export const CLOSE = {
  protocolError: 4400,
  workshopDeleted: 4404,
  documentTooLarge: 4413,
  storageFailure: 4500,
  shuttingDown: 1001,
} as const
