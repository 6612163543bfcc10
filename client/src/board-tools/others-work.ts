import { defaultShapeUtils, type Editor, type TLEditStartInfo, type TLEventInfo, type TLRecord, type TLShape, type TLShapePartial, type TLShapeUtilConstructor } from 'tldraw'
import { contentRefusal, writeRefusal, type JsonRecord, type Writer } from '@sfs/shared'

interface EditableUtil {
  editor: Editor
  canEdit(shape: TLShape, info: TLEditStartInfo): boolean
  onDoubleClick?(shape: TLShape): TLShapePartial | void
}

/** Per editor: whether this person may change a shape's content, and how to tell them they may not. */
interface ContentRule {
  mayEdit(shape: TLShape): boolean
  refuse(shape: TLShape): void
}
const contentRules = new WeakMap<Editor, ContentRule>()

/**
 * tldraw's shapes, opened for editing only by someone who may change their text. Without
 * this a colleague's note opens with all its text selected, and the next key replaces it.
 */
export const guardedShapeUtils: readonly TLShapeUtilConstructor<TLShape>[] = defaultShapeUtils.map((Util) => {
  const Base = Util as unknown as new (editor: Editor) => EditableUtil
  class Guarded extends Base {
    override canEdit(shape: TLShape, info: TLEditStartInfo): boolean {
      return super.canEdit(shape, info) && (contentRules.get(this.editor)?.mayEdit(shape) ?? true)
    }

    // tldraw makes a new text where a double click cannot edit: on a colleague's note that
    // would cover it with the person's typing. A change that changes nothing ends the click.
    override onDoubleClick(shape: TLShape): TLShapePartial | void {
      const rule = contentRules.get(this.editor)
      if (rule && !rule.mayEdit(shape)) {
        rule.refuse(shape)
        return { id: shape.id, type: shape.type }
      }
      return super.onDoubleClick?.(shape)
    }
  }
  return Guarded as unknown as TLShapeUtilConstructor<TLShape>
})

const asJson = (record: TLRecord) => record as unknown as JsonRecord

/**
 * Keeps what this person may not change from changing on their device: someone else's note
 * can be moved but not rewritten or deleted (Select all + Delete removes only their own),
 * and someone else's marker stays where its owner put it. The server refuses the same
 * writes (`shared/src/write-rules.ts`); stopping them here means nobody sees them happen
 * and vanish. `notify` tells the person why.
 */
export function keepOthersWork(editor: Editor, writer: Writer, notify: (why: string) => void): () => void {
  const refuse = (shape: TLShape) => {
    const why = contentRefusal(writer, asJson(shape))
    if (why) notify(why)
  }
  contentRules.set(editor, { mayEdit: (shape) => contentRefusal(writer, asJson(shape)) === null, refuse })
  const lookup = (id: string) => {
    const record = editor.store.get(id as TLRecord['id'])
    return record ? asJson(record) : null
  }
  const stopChanges = editor.sideEffects.registerBeforeChangeHandler('shape', (before, after, source) => {
    if (source !== 'user') return after
    const why = writeRefusal(writer, asJson(before), asJson(after), lookup)
    if (!why) return after
    notify(why)
    return before
  })
  const stopDeletes = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    if (source !== 'user') return
    const why = writeRefusal(writer, asJson(shape), null, lookup)
    if (!why) return
    notify(why)
    return false
  })
  // Enter on a colleague's note does nothing; say why instead of leaving the person guessing.
  const onEvent = (info: TLEventInfo) => {
    if (info.type !== 'keyboard' || info.name !== 'key_up' || info.key !== 'Enter' || !editor.isIn('select.idle')) return
    const shape = editor.getOnlySelectedShape()
    if (shape) refuse(shape)
  }
  editor.on('event', onEvent)
  return () => {
    contentRules.delete(editor)
    stopChanges()
    stopDeletes()
    editor.off('event', onEvent)
  }
}
