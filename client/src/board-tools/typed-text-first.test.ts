import { describe, expect, it } from 'vitest'
import { allowTransaction, START_UP_MS } from './typed-text-first.ts'

const caretMove = { docChanged: false, selectionSet: true }
const typing = { docChanged: true, selectionSet: true }
const started = (typed: boolean) => ({ startedAt: 1000, typed })

describe('what is typed comes first while a text editor starts', () => {
  it("drops a start-up caret move from a timer once the person has typed", () => {
    expect(allowTransaction(caretMove, started(true), 1100, true)).toBe(false)
  })

  it('lets start-up place the caret while nothing has been typed', () => {
    expect(allowTransaction(caretMove, started(false), 1100, true)).toBe(true)
  })

  it("lets the person's own caret moves through: keys, taps and clicks", () => {
    expect(allowTransaction(caretMove, started(true), 1100, false)).toBe(true)
  })

  it('never stops typing itself', () => {
    expect(allowTransaction(typing, started(true), 1100, true)).toBe(true)
  })

  it('leaves every caret move alone once start-up is over', () => {
    expect(allowTransaction(caretMove, started(true), 1000 + START_UP_MS, true)).toBe(true)
  })
})
