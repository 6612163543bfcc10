/**
 * What each screen shows of tldraw's own interface: participants get the style panel on
 * demand (open, it covers the board's right edge on a tablet, and a stray tap restyles a
 * shape); the board's own buttons sit in tldraw's top panel, between its menu and style
 * button; the projector shows the board alone, with no cursors or name labels over it, nor
 * what others draw on the canvas about themselves (the arrow at the edge pointing to a cursor
 * out of view, their selection outlines, brushes and scribbles).
 * After a vote, every screen shows each note's count on the note.
 */
import {
  CollaboratorBrushOverlayUtil,
  CollaboratorHintOverlayUtil,
  CollaboratorScribbleOverlayUtil,
  CollaboratorShapeIndicatorOverlayUtil,
  DefaultStylePanel,
  MobileStylePanel,
  type TLAnyOverlayUtilConstructor,
  type TLComponents,
  type TLUiStylePanelProps,
} from 'tldraw'
import type { Role } from '@sfs/shared'
import { BoardToolsPanel } from './board-tools/BoardTools.tsx'
import { VoteBadges } from './facilitation/VoteBadges.tsx'

/** tldraw's compact style button, the one it shows on phones, opening the full panel. */
function StylePanelOnDemand(props: TLUiStylePanelProps) {
  if (props.isMobile) return <DefaultStylePanel {...props} />
  return (
    <div className="style-on-demand" data-testid="style-on-demand">
      <MobileStylePanel />
    </div>
  )
}

const participantComponents: TLComponents = { StylePanel: StylePanelOnDemand, TopPanel: BoardToolsPanel, InFrontOfTheCanvas: VoteBadges }
const projectorComponents: TLComponents = { CollaboratorCursor: null, InFrontOfTheCanvas: VoteBadges }
const facilitatorComponents: TLComponents = { TopPanel: BoardToolsPanel, InFrontOfTheCanvas: VoteBadges }

export function componentsFor(role: Role): TLComponents {
  return role === 'viewer' ? projectorComponents : role === 'participant' ? participantComponents : facilitatorComponents
}

/** One of tldraw's overlays of others' pointers, switched off (their presence stays in the document). */
function switchedOff<B extends new (...args: any[]) => { isActive(): boolean }>(Base: B) {
  return class extends Base {
    override isActive() {
      return false
    }
  }
}

const projectorOverlays: TLAnyOverlayUtilConstructor[] = [CollaboratorHintOverlayUtil, CollaboratorBrushOverlayUtil, CollaboratorScribbleOverlayUtil, CollaboratorShapeIndicatorOverlayUtil].map(
  switchedOff,
)
const noOverlayChanges: TLAnyOverlayUtilConstructor[] = []

/** Overlays replacing tldraw's own of the same type. */
export function overlayUtilsFor(role: Role): TLAnyOverlayUtilConstructor[] {
  return role === 'viewer' ? projectorOverlays : noOverlayChanges
}
