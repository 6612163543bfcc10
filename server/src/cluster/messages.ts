/**
 * What server instances tell each other about a workshop they both hold. Only instances
 * send these (through Redis, which only they can reach); they carry what an instance has
 * already checked and stored, so a receiver applies them without checking again.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { ROLES, type Role } from '@sfs/shared'

/** Yjs client ids that became `owner`'s (an encoded ClientOwner, see sync/client-owners.ts). */
export interface Claim {
  clients: number[]
  owner: string
}

export type ClusterMessage =
  /** A document update, stored before it was sent. */
  | { kind: 'update'; update: Uint8Array }
  /** An awareness update from this instance's connections (presence, cursors). */
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'claim'; claim: Claim }
  /** An instance started holding the workshop: the others send their connections' presence. */
  | { kind: 'hello' }
  /** Close every connection to the workshop (it was deleted). */
  | { kind: 'evict'; code: number; reason: string }
  /** Close the connections of one role (its key was replaced). */
  | { kind: 'close-role'; role: Role; code: number; reason: string }

const KINDS = ['update', 'awareness', 'claim', 'hello', 'evict', 'close-role'] as const

/** The sender's instance id, then the message. */
export function encodeClusterMessage(sender: string, message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, sender)
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind))
  switch (message.kind) {
    case 'update':
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update)
      break
    case 'claim':
      encoding.writeVarString(encoder, message.claim.owner)
      encoding.writeVarUint(encoder, message.claim.clients.length)
      for (const client of message.claim.clients) encoding.writeVarUint(encoder, client)
      break
    case 'hello':
      break
    case 'close-role':
      encoding.writeVarString(encoder, message.role)
      encoding.writeVarUint(encoder, message.code)
      encoding.writeVarString(encoder, message.reason)
      break
    case 'evict':
      encoding.writeVarUint(encoder, message.code)
      encoding.writeVarString(encoder, message.reason)
      break
  }
  return encoding.toUint8Array(encoder)
}

export function decodeClusterMessage(data: Uint8Array): { sender: string; message: ClusterMessage } {
  const decoder = decoding.createDecoder(data)
  const sender = decoding.readVarString(decoder)
  const kind = KINDS[decoding.readVarUint(decoder)]
  switch (kind) {
    case 'update':
    case 'awareness':
      return { sender, message: { kind, update: decoding.readVarUint8Array(decoder) } }
    case 'claim': {
      const owner = decoding.readVarString(decoder)
      const count = decoding.readVarUint(decoder)
      // Each id takes at least a byte: a count beyond what is left is a broken message, not an allocation.
      if (count > decoder.arr.length - decoder.pos) throw new Error(`claim of ${count} clients in a shorter message`)
      const clients = Array.from({ length: count }, () => decoding.readVarUint(decoder))
      return { sender, message: { kind, claim: { owner, clients } } }
    }
    case 'hello':
      return { sender, message: { kind } }
    case 'close-role': {
      const role = decoding.readVarString(decoder) as Role
      if (!ROLES.includes(role)) throw new Error(`unknown role ${role}`)
      return { sender, message: { kind, role, code: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) } }
    }
    case 'evict':
      return { sender, message: { kind, code: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) } }
    default:
      throw new Error('unknown cluster message')
  }
}
