/**
 * Awareness (who is here, their cursor) as the server lets it through: each entry is read
 * and bounded before y-protocols sees it, and the fields others rely on — `user.role`,
 * `user.userId` and the presence's `userId` — are set from what the server knows about the
 * connection, whatever the client claimed. The projector follows the facilitator by these.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Role } from '@sfs/shared'

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** null removes the client's state. */
  state: Record<string, unknown> | null
}

export interface AwarenessLimits {
  /** Largest state, as the JSON text a client sends. */
  maxStateBytes: number
  maxEntries: number
  maxDepth: number
}

export class AwarenessRefused extends Error {
  override name = 'AwarenessRefused'
}

const MAX_NAME = 60
const MAX_COLOR = 32

/** Depth of nested arrays and objects, counted without recursion. */
function depthOf(value: unknown, limit: number): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    max = Math.max(max, depth)
    if (max > limit) return max
    for (const child of Object.values(current)) stack.push([child, depth + 1])
  }
  return max
}

const NULL_STATE = 'null'

/**
 * The entries of an awareness update that would change something: `changes(clientId, clock,
 * removal)` says which. Others (the echoes stock clients send of every change they receive)
 * are skipped before their state is even parsed.
 */
export function decodeAwareness(update: Uint8Array, limits: AwarenessLimits, changes: (clientId: number, clock: number, removal: boolean) => boolean = () => true): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const entries: AwarenessEntry[] = []
  try {
    const count = decoding.readVarUint(decoder)
    if (count > limits.maxEntries) throw new AwarenessRefused(`${count} awareness entries, more than ${limits.maxEntries}`)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const bytes = decoding.readVarUint8Array(decoder)
      if (bytes.length > limits.maxStateBytes) throw new AwarenessRefused(`awareness state of ${bytes.length} bytes, more than ${limits.maxStateBytes}`)
      if (decoder.pos > decoder.arr.length) throw new AwarenessRefused('truncated awareness update')
      const removal = bytes.length === NULL_STATE.length && String.fromCharCode(...bytes) === NULL_STATE
      if (!changes(clientId, clock, removal)) continue
      // V8's JSON.parse does not recurse on nesting depth; the depth is checked before anything else reads it.
      const state: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new AwarenessRefused('awareness state is not an object')
      if (depthOf(state, limits.maxDepth) > limits.maxDepth) throw new AwarenessRefused(`awareness state nested deeper than ${limits.maxDepth}`)
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null })
    }
    if (decoding.hasContent(decoder)) throw new AwarenessRefused('bytes after the awareness update')
  } catch (err) {
    if (err instanceof AwarenessRefused) throw err
    throw new AwarenessRefused(err instanceof Error ? `unreadable awareness update: ${err.message}` : 'unreadable awareness update')
  }
  return entries
}

/**
 * The state with the identity fields the server vouches for. A state that claims no identity
 * (neither `user` nor `presence`) is left as it is: nobody reads it as anyone's.
 */
export function vouchedState(state: Record<string, unknown>, clientId: number, who: { role: Role; userId: string | null }): Record<string, unknown> {
  if (!('user' in state) && !('presence' in state)) return state
  const claimed = typeof state.user === 'object' && state.user !== null ? (state.user as Record<string, unknown>) : {}
  const name = typeof claimed.name === 'string' ? claimed.name.slice(0, MAX_NAME) : ''
  const color = typeof claimed.color === 'string' ? claimed.color.slice(0, MAX_COLOR) : '#888888'
  const userId = who.userId ? `user:${who.userId}` : `user:guest-${clientId}`
  const out: Record<string, unknown> = { ...state, user: { name, color, role: who.role, userId } }
  if (typeof state.presence === 'object' && state.presence !== null) out.presence = { ...(state.presence as object), userId, userName: name }
  return out
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}
