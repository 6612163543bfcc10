/**
 * Tools a board offers through its definition: personal markers, mind-map editing and a
 * palette of suggestions. Nothing here knows a board by name.
 */
import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLShape } from 'tldraw'
import type { BoardDefinition, PaletteGroup } from '@sfs/shared'
import { useLocale, useTexts } from '../i18n.ts'
import { currentBoard } from './current-board.ts'
import { addChild, addSibling, installGraphKeys, nodeKind, targetNode } from './graph-editing.ts'
import { placeMyMarker } from './markers.ts'
import { addFromPalette } from './palette.ts'

interface Me {
  id: string
  name: string
}

export function BoardTools({ editor, me, canEdit }: { editor: Editor; me: Me; canEdit: boolean }) {
  const board = useValue('sfs.currentBoard', () => currentBoard(editor), [editor])
  useEffect(() => installGraphKeys(editor, () => currentBoard(editor)?.graph ?? null), [editor])
  if (!board || !canEdit) return null
  return (
    <>
      <div className="board-tools" data-testid="board-tools">
        {board.markers && <MarkerButtons editor={editor} board={board} me={me} />}
        {board.graph && <GraphButtons editor={editor} board={board} />}
        {board.palette && <Palette editor={editor} board={board} />}
      </div>
      {board.graph && <PlusHandle editor={editor} board={board} />}
    </>
  )
}

let nudge = 0

function MarkerButtons({ editor, board, me }: { editor: Editor; board: BoardDefinition; me: Me }) {
  const t = useTexts()
  const locale = useLocale()
  return (
    <>
      {board.markers!.map((spec) => (
        <button key={spec.key} type="button" className={`marker-button marker-${spec.color}`} onClick={() => placeMyMarker(editor, spec, me.id, me.name, nudge++)}>
          {t.myMarker} {spec.label[locale]}
        </button>
      ))}
    </>
  )
}

function GraphButtons({ editor, board }: { editor: Editor; board: BoardDefinition }) {
  const t = useTexts()
  const spec = board.graph!
  const selected = useValue('sfs.selectedNode', () => nodeKind(editor.getOnlySelectedShape()), [editor])
  const withTarget = (act: (node: TLShape) => void) => () => {
    const node = targetNode(editor, spec)
    if (node) act(node)
    editor.focus()
  }
  return (
    <>
      <button type="button" onClick={withTarget((node) => addChild(editor, spec, node))}>
        {t.addChild} <kbd>Tab</kbd>
      </button>
      {selected && selected !== spec.root && (
        <button type="button" onClick={withTarget((node) => addSibling(editor, spec, node))}>
          {t.addSibling} <kbd>Enter</kbd>
        </button>
      )}
    </>
  )
}

/** A large + beside the selected node, for fingers. */
function PlusHandle({ editor, board }: { editor: Editor; board: BoardDefinition }) {
  const t = useTexts()
  const spot = useValue(
    'sfs.plusHandle',
    () => {
      const shape = editor.getOnlySelectedShape()
      if (!nodeKind(shape) || editor.getEditingShape()) return null
      const bounds = editor.getShapePageBounds(shape!)!
      return editor.pageToViewport({ x: bounds.maxX, y: bounds.midY })
    },
    [editor],
  )
  if (!spot) return null
  return (
    <button
      type="button"
      className="plus-handle"
      style={{ left: spot.x + 12, top: spot.y - 28 }}
      aria-label={t.addChild}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={() => {
        const node = editor.getOnlySelectedShape()
        if (node) addChild(editor, board.graph!, node)
      }}
    >
      +
    </button>
  )
}

function Palette({ editor, board }: { editor: Editor; board: BoardDefinition }) {
  const t = useTexts()
  const locale = useLocale()
  // Read when opened, not on every change: suggestions may come from other boards' results.
  const [groups, setGroups] = useState<PaletteGroup[] | null>(null)
  const toggle = () => setGroups(groups ? null : board.palette!(editor.store.allRecords() as never))
  return (
    <div className="palette">
      <button type="button" aria-expanded={!!groups} onClick={toggle}>
        {t.suggestions}
      </button>
      {groups && (
        <div className="palette-panel" role="list">
          {groups.length === 0 && <p>{t.noSuggestions}</p>}
          {groups.map((group) => (
            <section key={group.label.sv}>
              <h4>{group.label[locale]}</h4>
              {group.items.map((item) => (
                <button key={item} type="button" role="listitem" onClick={() => addFromPalette(editor, board, group, item, nudge++)}>
                  {item}
                </button>
              ))}
            </section>
          ))}
        </div>
      )}
    </div>
  )
}
