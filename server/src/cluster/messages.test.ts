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

  it('a claim that says it holds more clients than it has bytes is refused before anything is allocated', () => {
    const claim = encodeClusterMessage('x', { kind: 'claim', claim: { clients: [], owner: 'person:anna' } })
    // The count, the last byte, becomes 2^28 (varint: four bytes of 0x80 and a 0x01).
    const forged = new Uint8Array([...claim.slice(0, -1), 0x80, 0x80, 0x80, 0x80, 0x01])
    expect(() => decodeClusterMessage(forged)).toThrow(/claim of 268435456 clients/)
  })
})
