/**
 * Undo and redo of one's own changes only. tldraw's history would restore whole records
 * (and with them a colleague's concurrent edit); Y.UndoManager reverts only the fields
 * this client wrote.
 */
import * as Y from 'yjs'
import { atom, type Editor } from 'tldraw'
import { LOCAL_ORIGIN } from './binding.ts'

export function createOwnUndo(records: Y.Map<any>) {
  const manager = new Y.UndoManager(records, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 1000 })
  const canUndo = atom('sfs.canUndo', false)
  const canRedo = atom('sfs.canRedo', false)
  const refresh = () => {
    canUndo.set(manager.canUndo())
    canRedo.set(manager.canRedo())
  }
  manager.on('stack-item-added', refresh)
  manager.on('stack-item-popped', refresh)
  manager.on('stack-cleared', refresh)
  return { manager, canUndo, canRedo }
}

export type OwnUndo = ReturnType<typeof createOwnUndo>

/** Routes the editor's undo/redo (keyboard, menus, toolbar) to the own-changes undo manager. */
export function useOwnUndoInEditor(editor: Editor, undo: OwnUndo): () => void {
  const original = {
    undo: editor.undo,
    redo: editor.redo,
    getCanUndo: editor.getCanUndo,
    getCanRedo: editor.getCanRedo,
    markHistoryStoppingPoint: editor.markHistoryStoppingPoint,
  }
  editor.undo = () => {
    editor.complete()
    undo.manager.undo()
    return editor
  }
  editor.redo = () => {
    editor.complete()
    undo.manager.redo()
    return editor
  }
  editor.getCanUndo = () => undo.canUndo.get()
  editor.getCanRedo = () => undo.canRedo.get()
  // Each new user action (a drag, a new note, a text edit) becomes its own undo step.
  editor.markHistoryStoppingPoint = (name?: string) => {
    undo.manager.stopCapturing()
    return original.markHistoryStoppingPoint.call(editor, name)
  }
  return () => Object.assign(editor, original)
}
