import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, Selection, type EditorState, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'

/**
 * How long a text editor's start-up may take. tldraw places the caret in a timer that fires
 * about 100 ms after the editor mounts (after TipTap's own autofocus, a tick after mounting);
 * a busy tablet can run it much later.
 */
export const START_UP_MS = 1500

interface StartUp {
  startedAt: number
  typed: boolean
  /** The person put the caret somewhere themselves: with the keyboard, or a click after the opening. */
  placed: boolean
}

/**
 * How long the click or tap that opened a text may go on placing the caret: its second press
 * and release reach the text editor just after it mounts. A click after that is the person's.
 */
export const OPENING_MS = 500

const key = new PluginKey<StartUp>('sfs.typedTextFirst')

/** Where a change comes from: the event whose listeners are running (window.event), if any. */
export type Origin = 'timer' | 'keyboard' | 'pointer'

/**
 * window.event is set for the whole time an event's listeners run, and the microtasks they
 * queue. Without one, the change comes from a timer, as the start-up caret placement does.
 */
function currentOrigin(): Origin {
  const event = typeof window === 'undefined' ? undefined : window.event
  if (event === undefined) return 'timer'
  return /^(key|input|beforeinput|composition)/.test(event.type) ? 'keyboard' : 'pointer'
}

const inStartUp = (startUp: StartUp | undefined, now: number): startUp is StartUp => startUp !== undefined && now - startUp.startedAt < START_UP_MS

/**
 * Whether a transaction may apply. Once the person has typed, a start-up caret move from a
 * timer is dropped. Exported for its unit test; the extension below is what the editor uses.
 */
export function allowTransaction(tr: Pick<Transaction, 'docChanged' | 'selectionSet'>, startUp: StartUp | undefined, now: number, origin: Origin): boolean {
  if (!inStartUp(startUp, now) || !startUp.typed || tr.docChanged || !tr.selectionSet) return true
  return origin !== 'timer'
}

export interface OpeningSelection {
  /** It spans some text, which the next key would replace. */
  selectsText: boolean
  /** It is a caret at the end of the text. */
  atEnd: boolean
}

/**
 * Whether a selection made while the text opens should become a caret at the end: tldraw
 * selects all of a text it opens with a double click or Enter (from a timer), and the double
 * click's second press selects the word under it or puts the caret inside a word; the first
 * key would replace the text or split the word. Selecting on purpose with the keyboard
 * (Ctrl+A, Shift+arrows) is kept, and so is a click once the opening is over.
 */
export function collapseOpeningSelection(selection: OpeningSelection, startUp: StartUp | undefined, now: number, origin: Origin): boolean {
  if (!inStartUp(startUp, now) || startUp.typed || origin === 'keyboard' || selection.atEnd) return false
  if (origin === 'timer') return selection.selectsText
  return now - startUp.startedAt < OPENING_MS
}

function openingSelection(state: EditorState): OpeningSelection {
  return { selectsText: !state.selection.empty && state.doc.textContent.length > 0, atEnd: atEndOf(state) }
}

/** Keys that write into the text (as opposed to moving the caret or running a shortcut). */
export function writes(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (event.ctrlKey || event.metaKey) return false
  return event.key.length === 1 || event.key === 'Enter' || event.key === 'Backspace' || event.key === 'Delete'
}

/**
 * Whether the first key should go to the end of the text: it writes, nothing was typed yet,
 * and the caret is where opening the text left it, not where the person put it.
 */
export function firstKeyGoesToEnd(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, startUp: StartUp | undefined, atEnd: boolean): boolean {
  return startUp !== undefined && !startUp.typed && !startUp.placed && !atEnd && writes(event)
}

const atEndOf = (state: EditorState) => state.selection.empty && state.selection.head === Selection.atEnd(state.doc).head

/**
 * The browser's own selection: a double click selects the word under it before the editor
 * hears of it, and typing would replace that word whatever the editor's state says.
 */
const domSelection = (view: EditorView) => view.dom.ownerDocument.getSelection()

/** Caret at the end of the text, in the editor's state and in the browser. */
function caretToEnd(view: EditorView): void {
  const end = Selection.atEnd(view.state.doc)
  view.dispatch(view.state.tr.setSelection(end))
  const { node, offset } = view.domAtPos(end.head)
  domSelection(view)?.collapse(node, offset)
}

/** A selection change the person made: with the keyboard, or a click once the opening is over. */
function placedByPerson(tr: Transaction, startUp: StartUp): boolean {
  if (!tr.selectionSet || tr.docChanged) return false
  const origin = currentOrigin()
  return origin === 'keyboard' || (origin === 'pointer' && performance.now() - startUp.startedAt >= OPENING_MS)
}

/**
 * When a note or text starts being edited, TipTap and tldraw move the caret a few times
 * from timers: to the start, to where the pointer was, then to the end. Someone who starts
 * typing at once has their first letters moved by those jumps ("aFttigdom" for
 * "Fattigdom"). Once the person has typed, what they typed decides: a start-up caret move
 * from a timer is dropped, and the caret stays where their typing left it.
 *
 * Opening a text never selects what is in it, and the first key goes to its end unless the
 * person put the caret elsewhere: a double click on a note and a key add to the note instead
 * of wiping it or splitting a word.
 */
export const TypedTextFirst = Extension.create({
  name: 'sfsTypedTextFirst',
  addProseMirrorPlugins() {
    return [
      new Plugin<StartUp>({
        key,
        state: {
          init: () => ({ startedAt: performance.now(), typed: false, placed: false }),
          apply: (tr, value) => {
            if (tr.docChanged && !value.typed) return { ...value, typed: true }
            if (!value.placed && placedByPerson(tr, value)) return { ...value, placed: true }
            return value
          },
        },
        props: {
          handleKeyDown: (view, event) => {
            const atEnd = atEndOf(view.state) && (domSelection(view)?.isCollapsed ?? true)
            if (firstKeyGoesToEnd(event, key.getState(view.state), atEnd)) caretToEnd(view)
            return false
          },
          handleDOMEvents: {
            // The opening double click's word selection, shown as selected until the first key.
            dblclick: (view) => {
              const startUp = key.getState(view.state)
              if (startUp && !startUp.typed && !startUp.placed && performance.now() - startUp.startedAt < OPENING_MS) caretToEnd(view)
              return false
            },
          },
        },
        filterTransaction: (tr, state) => allowTransaction(tr, key.getState(state), performance.now(), currentOrigin()),
        // A new transaction, not a filtered one: the view then puts the browser's own
        // selection (a double click selects a word) where the editor's is.
        appendTransaction: (transactions, _before, state) => {
          if (!transactions.some((tr) => tr.selectionSet)) return null
          if (!collapseOpeningSelection(openingSelection(state), key.getState(state), performance.now(), currentOrigin())) return null
          return state.tr.setSelection(Selection.atEnd(state.doc))
        },
      }),
    ]
  },
})
