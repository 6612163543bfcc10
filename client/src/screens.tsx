/**
 * What each screen shows of tldraw's own interface: participants get the style panel on
 * demand (open, it covers the board's right edge on a tablet, and a stray tap restyles a
 * shape); the board's own buttons sit in tldraw's top panel, between its menu and style
 * button; the projector shows the board alone, with no cursors or name labels over it.
 * After a vote, every screen shows each note's count on the note.
 */
import { DefaultStylePanel, MobileStylePanel, type TLComponents, type TLUiStylePanelProps } from 'tldraw'
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
