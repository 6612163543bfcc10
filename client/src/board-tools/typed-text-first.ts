import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'

/**
 * How long a text editor's start-up may take. tldraw places the caret in a timer that fires
 * about 100 ms after the editor mounts (after TipTap's own autofocus, a tick after mounting);
 * a busy tablet can run it much later.
 */
export const START_UP_MS = 1500

interface StartUp {
  startedAt: number
  typed: boolean
}

const key = new PluginKey<StartUp>('sfs.typedTextFirst')

/**
 * A selection change nobody asked for: not part of a key, pointer, input or focus event
 * (window.event is set for the whole time an event's listeners run, and the microtasks
 * they queue), so it comes from a timer, as the start-up caret placement does.
 */
function fromTimer(): boolean {
  return typeof window !== 'undefined' && window.event === undefined
}

/**
 * Decides whether a transaction may apply. Exported for its unit test; the extension below
 * is what the editor uses.
 */
export function allowTransaction(tr: Pick<Transaction, 'docChanged' | 'selectionSet'>, startUp: StartUp | undefined, now: number, timer: boolean): boolean {
  if (!startUp?.typed || tr.docChanged || !tr.selectionSet) return true
  return !(timer && now - startUp.startedAt < START_UP_MS)
}

/**
 * When a note or text starts being edited, TipTap and tldraw move the caret a few times
 * from timers: to the start, to where the pointer was, then to the end. Someone who starts
 * typing at once has their first letters moved by those jumps ("aFttigdom" for
 * "Fattigdom"). Once the person has typed, what they typed decides: a start-up caret move
 * from a timer is dropped, and the caret stays where their typing left it.
 */
export const TypedTextFirst = Extension.create({
  name: 'sfsTypedTextFirst',
  addProseMirrorPlugins() {
    return [
      new Plugin<StartUp>({
        key,
        state: {
          init: () => ({ startedAt: performance.now(), typed: false }),
          apply: (tr, value) => (tr.docChanged && !value.typed ? { ...value, typed: true } : value),
        },
        filterTransaction: (tr, state) => allowTransaction(tr, key.getState(state), performance.now(), fromTimer()),
      }),
    ]
  },
})
