import { describe, expect, it } from 'vitest'
import { vouchedState } from './awareness-guard.ts'

const guest = { role: 'participant' as const, userId: null }

describe('vouchedState', () => {
  it('sets the identity a state claims from what the server knows of the connection', () => {
    const state = vouchedState({ user: { name: 'Anna', role: 'facilitator', userId: 'user:fia' }, presence: { userId: 'user:fia', cursor: { x: 1 } } }, 42, guest)
    expect(state.user).toEqual({ name: 'Anna', color: '#888888', role: 'participant', userId: 'user:guest-42' })
    expect(state.presence).toEqual({ userId: 'user:guest-42', userName: 'Anna', cursor: { x: 1 } })
    expect(vouchedState({ presence: { userId: 'user:fia' } }, 7, { role: 'viewer', userId: 'p1' })).toEqual({
      presence: { userId: 'user:p1', userName: '' },
      user: { name: '', color: '#888888', role: 'viewer', userId: 'user:p1' },
    })
  })

  it('leaves a state that claims nobody as it is: the server adds no identity to what carries none', () => {
    const state = { cursor: { x: 3, y: 4 } }
    expect(vouchedState(state, 42, guest)).toBe(state)
  })
})
