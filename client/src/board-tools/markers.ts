import { createShapeId, type Editor } from 'tldraw'
import type { MarkerSpec } from '@sfs/shared'
import { markerShape } from '@sfs/boards'
import { spotInView } from './current-board.ts'

/** Places this person's marker of a kind, or selects it when it is already on the board. */
export function placeMyMarker(editor: Editor, spec: MarkerSpec, owner: string, ownerName: string, nudge: number): void {
  const existing = editor.getCurrentPageShapes().find((s) => {
    const meta = s.meta as { marker?: unknown; owner?: unknown }
    return meta.marker === spec.key && meta.owner === owner
  })
  if (existing) {
    editor.select(existing.id)
    return
  }
  const pageId = editor.getCurrentPageId()
  const at = spotInView(editor, nudge)
  const record = markerShape({ id: createShapeId(), pageId, spec, owner, ownerName, x: at.x, y: at.y, index: editor.getHighestIndexForParent(pageId) })
  editor.markHistoryStoppingPoint('place marker')
  editor.createShape({ id: record.id as never, type: 'geo', x: at.x, y: at.y, meta: record.meta as never, props: record.props as never })
  editor.select(record.id as never)
}
