/**
 * Tools a board offers through its definition: personal markers, mind-map editing and a
 * palette of suggestions. Nothing here knows a board by name.
 */
import { createContext, useContext, useEffect, useState } from 'react'
import { useEditor, useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { BoardDefinition, BoardSection, PaletteGroup, Role } from '@sfs/shared'
import { api } from '../api.ts'
import { useLocale, useTexts } from '../i18n.ts'
import { currentBoard } from './current-board.ts'
import { addChild, addSibling, installGraphKeys, nodeKind, targetNode } from './graph-editing.ts'
import { placeMyMarker } from './markers.ts'
import { addFromPalette } from './palette.ts'
import { printBoard } from './print.ts'
import { framesOnScreen, showFrame } from './sections.ts'
import { EarlierVersions } from '../facilitation/EarlierVersions.tsx'

interface Me {
  id: string
  name: string
}

export interface Session {
  workshopId: string
  workshopKey: string
  role: Role
}

/** Who is using the board tools: given around tldraw, whose top panel shows the buttons. */
export const BoardToolsContext = createContext<{ me: Me; session: Session } | null>(null)

/** What works on the canvas itself: the mind map's keys and its "+" handle. */
export function BoardTools({ editor, session }: { editor: Editor; session: Session }) {
  const board = useValue('sfs.currentBoard', () => currentBoard(editor), [editor])
  useEffect(() => installGraphKeys(editor, () => currentBoard(editor)?.graph ?? null), [editor])
  if (!board?.graph || session.role === 'viewer') return null
  return <PlusHandle editor={editor} board={board} />
}

/**
 * The board's buttons, in tldraw's top panel: between its menu and its style button, so
 * they never cover either on a narrow screen.
 */
export function BoardToolsPanel() {
  const editor = useEditor()
  const context = useContext(BoardToolsContext)
  const board = useValue('sfs.currentBoard', () => currentBoard(editor), [editor])
  if (!board || !context || context.session.role === 'viewer') return null
  const { me, session } = context
  return (
    <div className="board-tools" data-testid="board-tools">
      {board.sections ? <SectionNav key={board.kind} editor={editor} sections={board.sections} session={session} /> : <FitButton editor={editor} />}
      <ExtensionButtons editor={editor} board={board} session={session} />
      {board.paper && <PrintButton editor={editor} paper={board.paper} />}
      {board.markers && <MarkerButtons editor={editor} board={board} me={me} />}
      {board.graph && <GraphButtons editor={editor} board={board} />}
      {board.palette && <Palette editor={editor} board={board} />}
      {session.role === 'facilitator' && <EarlierVersions editor={editor} workshopId={session.workshopId} workshopKey={session.workshopKey} />}
    </div>
  )
}

let nudge = 0

/** Back to the whole board after zooming in or panning away, in one tap. */
function FitButton({ editor }: { editor: Editor }) {
  const t = useTexts()
  return (
    <button type="button" onClick={() => editor.zoomToFit({ animation: { duration: 200 } })}>
      {t.showWholeBoard}
    </button>
  )
}

/**
 * Reading and writing one part at a time: a part is shown a few zones at a time at a size
 * that can be read on this screen; ‹ and › step through the frames of all parts in order.
 * The facilitator's "bring everyone here" then shows everyone the same part.
 */
function SectionNav({ editor, sections, session }: { editor: Editor; sections: readonly BoardSection[]; session: Session }) {
  const t = useTexts()
  const locale = useLocale()
  const [current, setCurrent] = useState<{ frame: number; section: string } | null>(null)
  const show = (frame: number) => {
    const frames = framesOnScreen(editor, sections)
    if (frames.length === 0) return
    const index = Math.max(0, Math.min(frames.length - 1, frame))
    showFrame(editor, frames[index]!)
    setCurrent({ frame: index, section: frames[index]!.section.key })
  }
  const facilitator = session.role === 'facilitator'
  const showEveryone = (section: string | null) =>
    void api.showPart(session.workshopId, session.workshopKey, section ? { boardId: editor.getCurrentPageId(), section } : null).catch(() => {})
  const choose = (key: string) => {
    if (!key) {
      setCurrent(null)
      editor.zoomToFit({ animation: { duration: 200 } })
      if (facilitator) showEveryone(null)
      return
    }
    show(framesOnScreen(editor, sections).findIndex((f) => f.section.key === key))
  }
  return (
    <span className="section-nav">
      <button type="button" aria-label={t.previousPart} disabled={!current || current.frame === 0} onClick={() => current && show(current.frame - 1)}>
        ‹
      </button>
      <select aria-label={t.partOfBoard} value={current?.section ?? ''} onChange={(event) => choose(event.target.value)}>
        <option value="">{t.wholeBoard}</option>
        {sections.map((section) => (
          <option key={section.key} value={section.key}>
            {section.label[locale]}
          </option>
        ))}
      </select>
      <button type="button" aria-label={t.nextPart} onClick={() => show(current ? current.frame + 1 : 0)}>
        ›
      </button>
      {facilitator && current && (
        <button type="button" className="show-part" onClick={() => showEveryone(current.section)}>
          {t.showPartToEveryone}
        </button>
      )}
    </span>
  )
}

function PrintButton({ editor, paper }: { editor: Editor; paper: NonNullable<BoardDefinition['paper']> }) {
  const t = useTexts()
  return (
    <button type="button" className="print-button" onClick={() => void printBoard(editor, paper)}>
      {t.printA3}
    </button>
  )
}

/** Runs `then` once all the shapes are in the store (they arrive through sync). */
function whenShapesArrive(editor: Editor, ids: string[], then: () => void): void {
  const arrived = () => ids.every((id) => editor.getShape(id as TLShapeId))
  if (arrived()) return then()
  const stop = editor.store.listen(() => {
    if (!arrived()) return
    stop()
    then()
  })
}

export function ExtensionButtons({ editor, board, session }: { editor: Editor; board: BoardDefinition; session: Session }) {
  const t = useTexts()
  const locale = useLocale()
  const [failed, setFailed] = useState(false)
  const usable = (board.extensions ?? []).filter((e) => e.allowed === 'participant' || session.role === 'facilitator')
  const extend = (key: string) =>
    api.extendBoard(session.workshopId, session.workshopKey, editor.getCurrentPageId(), key).then(
      ({ added }) => {
        setFailed(false)
        whenShapesArrive(editor, added, () => {
          const view = editor.getViewportPageBounds()
          const outside = added.some((id) => {
            const bounds = editor.getShapePageBounds(id as TLShapeId)
            return bounds && !view.contains(bounds)
          })
          if (outside) editor.zoomToFit({ animation: { duration: 200 } })
        })
      },
      () => setFailed(true),
    )
  return (
    <>
      {usable.map((extension) => (
        <button key={extension.key} type="button" onClick={() => extend(extension.key)}>
          + {extension.label[locale]}
        </button>
      ))}
      {failed && <span className="error">{t.errorGeneric}</span>}
    </>
  )
}

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

/**
 * Suggestions to add with one tap. Picking one closes the list and hands the keyboard back to the board (Tab
 * adds under the new node, Enter beside it, letters are tldraw's again), and Esc closes the
 * list: before, focus stayed on the list, so Tab went to the next suggestion and a space
 * added it again.
 */
function Palette({ editor, board }: { editor: Editor; board: BoardDefinition }) {
  const t = useTexts()
  const locale = useLocale()
  // Read when opened, not on every change: suggestions may come from other boards' results.
  const [groups, setGroups] = useState<PaletteGroup[] | null>(null)
  const [hint, setHint] = useState<string | null>(null)
  const toCanvas = () => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    // A node opened for its name takes the keyboard itself once its text editor starts.
    if (editor.getEditingShapeId()) return
    editor.getContainer().focus()
    editor.focus()
  }
  const toggle = () => {
    setHint(null)
    setGroups(groups ? null : board.palette!(editor.store.allRecords() as never))
  }
  const pick = (group: PaletteGroup, item: string) => {
    const added = addFromPalette(editor, board, group, item, nudge++)
    const parentKind = board.graph && group.kind ? Object.entries(board.graph.childKind).find(([, child]) => child === group.kind)?.[0] : undefined
    const parentLabel = board.graph?.kinds.find((k) => k.key === parentKind)?.label[locale]
    setHint(added ? null : t.chooseParentFirst(parentLabel ?? ''))
    // Like any menu it closes on a choice: open, it covers the nodes to pick from next.
    if (!added) return
    setGroups(null)
    toCanvas()
  }
  return (
    <div
      className="palette"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !groups) return
        event.stopPropagation()
        setGroups(null)
        toCanvas()
      }}
    >
      <button type="button" aria-expanded={!!groups} onClick={toggle}>
        {t.suggestions}
      </button>
      {groups && (
        <div className="palette-panel" role="list">
          {hint && <p role="status">{hint}</p>}
          {groups.length === 0 && <p>{t.noSuggestions}</p>}
          {groups.map((group) => (
            <section key={group.label.sv}>
              <h4>{group.label[locale]}</h4>
              {group.items.map((item) => (
                <button key={item} type="button" role="listitem" onClick={() => pick(group, item)}>
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
