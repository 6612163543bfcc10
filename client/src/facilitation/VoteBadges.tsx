/**
 * After a vote, each note's count drawn on the note itself, on every screen and the wall:
 * people look at the board, not at a list in a menu.
 */
import { useEditor, useValue } from 'tldraw'
import { useTexts } from '../i18n.ts'

export function VoteBadges() {
  const editor = useEditor()
  const t = useTexts()
  const badges = useValue(
    'sfs.voteBadges',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((s) => s.type === 'note' && Number((s.meta as { votes?: unknown }).votes) > 0)
        .map((s) => {
          const bounds = editor.getShapePageBounds(s.id)!
          const at = editor.pageToViewport({ x: bounds.maxX, y: bounds.minY })
          return { id: s.id, votes: Number((s.meta as { votes: number }).votes), x: at.x, y: at.y, zoom: editor.getZoomLevel() }
        }),
    [editor],
  )
  return (
    <>
      {badges.map((badge) => (
        <span
          key={badge.id}
          className="vote-badge"
          data-testid="vote-badge"
          aria-label={t.votesCount(badge.votes)}
          style={{ left: badge.x, top: badge.y, fontSize: `${Math.max(14, Math.min(40, 28 * badge.zoom))}px` }}
        >
          {badge.votes}
        </span>
      ))}
    </>
  )
}
