import { describe, expect, it } from 'vitest'
import { allowTransaction, collapseOpeningSelection, firstKeyGoesToEnd, OPENING_MS, START_UP_MS } from './typed-text-first.ts'

const caretMove = { docChanged: false, selectionSet: true }
const typing = { docChanged: true, selectionSet: true }
const started = (typed: boolean, placed = false) => ({ startedAt: 1000, typed, placed })

describe('what is typed comes first while a text editor starts', () => {
  it('drops a start-up caret move from a timer once the person has typed', () => {
    expect(allowTransaction(caretMove, started(true), 1100, 'timer')).toBe(false)
  })

  it('lets start-up place the caret while nothing has been typed', () => {
    expect(allowTransaction(caretMove, started(false), 1100, 'timer')).toBe(true)
  })

  it("lets the person's own caret moves through: keys, taps and clicks", () => {
    expect(allowTransaction(caretMove, started(true), 1100, 'keyboard')).toBe(true)
    expect(allowTransaction(caretMove, started(true), 1100, 'pointer')).toBe(true)
  })

  it('never stops typing itself', () => {
    expect(allowTransaction(typing, started(true), 1100, 'timer')).toBe(true)
  })

  it('leaves every caret move alone once start-up is over', () => {
    expect(allowTransaction(caretMove, started(true), 1000 + START_UP_MS, 'timer')).toBe(true)
  })
})

describe('opening a text puts the caret at its end', () => {
  const selected = { selectsText: true, atEnd: false }
  const insideWord = { selectsText: false, atEnd: false }
  const atEnd = { selectsText: false, atEnd: true }
  it("turns tldraw's select-all, and the word or caret of the opening double click, into a caret at the end", () => {
    expect(collapseOpeningSelection(selected, started(false), 1100, 'timer')).toBe(true)
    expect(collapseOpeningSelection(selected, started(false), 1100, 'pointer')).toBe(true)
    expect(collapseOpeningSelection(insideWord, started(false), 1100, 'pointer')).toBe(true)
  })

  it('keeps what the person selects with the keyboard (Ctrl+A), and where they click once the opening is over', () => {
    expect(collapseOpeningSelection(selected, started(false), 1100, 'keyboard')).toBe(false)
    expect(collapseOpeningSelection(insideWord, started(false), 1000 + OPENING_MS, 'pointer')).toBe(false)
    expect(collapseOpeningSelection(selected, started(false), 1000 + START_UP_MS, 'timer')).toBe(false)
  })

  it("leaves a caret already at the end, the editor's own caret placement, and everything after the first key alone", () => {
    expect(collapseOpeningSelection(atEnd, started(false), 1100, 'pointer')).toBe(false)
    expect(collapseOpeningSelection(insideWord, started(false), 1100, 'timer')).toBe(false)
    expect(collapseOpeningSelection(selected, started(true), 1100, 'pointer')).toBe(false)
  })
})

describe('the first key after opening a text', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods })
  it('goes to the end when it writes and the caret is where the opening left it', () => {
    expect(firstKeyGoesToEnd(key('H'), started(false), false)).toBe(true)
    expect(firstKeyGoesToEnd(key('Backspace'), started(false), false)).toBe(true)
  })

  it('stays where the person put the caret, and leaves caret keys and shortcuts alone', () => {
    expect(firstKeyGoesToEnd(key('H'), started(false, true), false)).toBe(false)
    expect(firstKeyGoesToEnd(key('ArrowLeft'), started(false), false)).toBe(false)
    expect(firstKeyGoesToEnd(key('a', { ctrlKey: true }), started(false), false)).toBe(false)
  })

  it('does nothing once something was typed, or when the caret is already at the end', () => {
    expect(firstKeyGoesToEnd(key('H'), started(true), false)).toBe(false)
    expect(firstKeyGoesToEnd(key('H'), started(false), true)).toBe(false)
  })
})
