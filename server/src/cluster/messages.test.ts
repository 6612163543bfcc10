import { describe, expect, it } from 'vitest'
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './messages.ts'

describe('messages between instances', () => {
  it('come out as they went in, with their sender', () => {
    const messages: ClusterMessage[] = [
      { kind: 'update', update: new Uint8Array([1, 2, 3]) },
      { kind: 'awareness', update: new Uint8Array([9]) },
      { kind: 'claim', claim: { clients: [1, 4_294_967_295], owner: 'person:anna' } },
      { kind: 'hello' },
      { kind: 'evict', code: 4404, reason: 'workshop deleted' },
      { kind: 'close-role', role: 'participant', code: 4401, reason: 'key replaced' },
    ]
    for (const message of messages) expect(decodeClusterMessage(encodeClusterMessage('instance-å', message))).toEqual({ sender: 'instance-å', message })
  })

  it('an unknown kind or role is an error, not a guess', () => {
    const unknownKind = encodeClusterMessage('x', { kind: 'hello' })
    unknownKind[unknownKind.length - 1] = 99
    expect(() => decodeClusterMessage(unknownKind)).toThrow(/unknown cluster message/)
    const role = encodeClusterMessage('x', { kind: 'close-role', role: 'participant', code: 1, reason: '' })
    const forged = new TextDecoder().decode(role).replace('participant', 'superadmins')
    expect(() => decodeClusterMessage(new TextEncoder().encode(forged))).toThrow(/unknown role/)
  })
})
