import { describe, expect, it } from 'vitest'
import { JOIN_CODE_LIFETIME_MS, JoinCodes, MemoryJoinCodeTable } from './join-codes.ts'

describe('join codes', () => {
  it('lead to the link while shown, one per workshop, and not after being hidden or two hours', async () => {
    let now = 1_000_000
    const codes = new JoinCodes(new MemoryJoinCodeTable(() => now), () => now)
    const first = await codes.issue('w1', 'https://x/w/w1#key=a')
    expect(first).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
    expect(await codes.resolve(first.toLowerCase(), 'addr')).toBe('https://x/w/w1#key=a')
    const second = await codes.issue('w1', 'https://x/w/w1#key=b')
    expect(await codes.resolve(first, 'addr')).toBeNull()
    expect(await codes.resolve(second, 'addr')).toBe('https://x/w/w1#key=b')
    await codes.revoke('w1')
    expect(await codes.resolve(second, 'addr')).toBeNull()
    const third = await codes.issue('w1', 'link')
    now += JOIN_CODE_LIFETIME_MS + 1
    expect(await codes.resolve(third, 'addr')).toBeNull()
  })

  it('slow an address that guesses down, without slowing others', async () => {
    const codes = new JoinCodes()
    const code = await codes.issue('w', 'link')
    for (let i = 0; i < 20; i++) expect(await codes.resolve('AAAAAA', 'guesser')).toBeNull()
    expect(await codes.resolve(code, 'guesser')).toBe('slow-down')
    expect(await codes.resolve(code, 'someone else')).toBe('link')
  })
})
