/** The facilitator's controls and what everyone sees of them: timer, following, lock. */
import { useValue, type Editor, type TLUserId } from 'tldraw'
import type { FollowState, Role, SealedCount, TimerAction, TimerState } from '@sfs/shared'
import { api } from '../api.ts'
import { useTexts } from '../i18n.ts'
import { Timer } from './Timer.tsx'
import { Voting } from './Voting.tsx'
import type { Ballots } from './ballot.ts'

interface Props {
  editor: Editor
  ballots: Ballots
  privateBoards: Set<string>
  joinShown: boolean
  role: Role
  workshopId: string
  workshopKey: string
  myUserId: string
  timer: TimerState
  follow: FollowState | null
  /** Participants following the facilitator, for the facilitator's eyes. */
  followers: { following: number; participants: number }
  /** Private notes the server holds, per board. */
  sealed: Record<string, SealedCount>
}

export function isBoardLocked(editor: Editor): boolean {
  return (editor.getCurrentPage().meta as { locked?: unknown }).locked === true
}

export function FacilitationBar({ editor, ballots, privateBoards, joinShown, role, workshopId, workshopKey, myUserId, timer, follow, followers, sealed }: Props) {
  const t = useTexts()
  const locked = useValue('sfs.locked', () => isBoardLocked(editor), [editor])
  const following = useValue('sfs.following', () => editor.getInstanceState().followingUserId, [editor])
  const facilitator = role === 'facilitator'
  const onTimer = (action: TimerAction) => void api.timer(workshopId, workshopKey, action)
  const bringEveryone = follow?.userId === myUserId
  return (
    <div className="facilitation" data-testid="facilitation">
      <Timer timer={timer} canControl={facilitator} onAction={onTimer} />
      {facilitator && (
        <>
          <button type="button" aria-pressed={bringEveryone} onClick={() => void api.follow(workshopId, workshopKey, bringEveryone ? null : myUserId)}>
            {bringEveryone ? t.releaseEveryone : t.bringEveryone}
          </button>
          {bringEveryone && (
            <span className="badge" data-testid="followers">
              {t.followersCount(followers.following, followers.participants)}
            </span>
          )}
          <button type="button" aria-pressed={joinShown} onClick={() => void api.showJoin(workshopId, workshopKey, !joinShown)}>
            {joinShown ? t.hideJoin : t.showJoin}
          </button>
          <button type="button" aria-pressed={locked} onClick={() => void api.lockBoard(workshopId, workshopKey, editor.getCurrentPageId(), !locked)}>
            {locked ? t.unlockBoard : t.lockBoard}
          </button>
        </>
      )}
      {!facilitator && locked && <span className="badge">{t.boardLocked}</span>}
      <PrivateWriting editor={editor} role={role} privateBoards={privateBoards} sealed={sealed} workshopId={workshopId} workshopKey={workshopKey} />
      <Voting editor={editor} ballots={ballots} role={role} workshopId={workshopId} workshopKey={workshopKey} />
      {role === 'viewer' && (
        <button type="button" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}>
          {t.fullscreen}
        </button>
      )}
      {role === 'participant' && follow && following !== follow.userId && (
        <button type="button" onClick={() => editor.startFollowingUser(follow.userId as TLUserId)}>
          {t.followFacilitator}
        </button>
      )}
    </div>
  )
}

function PrivateWriting({ editor, role, privateBoards, sealed, workshopId, workshopKey }: { editor: Editor; role: Role; privateBoards: Set<string>; sealed: Record<string, SealedCount>; workshopId: string; workshopKey: string }) {
  const t = useTexts()
  const boardId = useValue('sfs.boardId', () => editor.getCurrentPageId(), [editor])
  const on = privateBoards.has(boardId)
  if (role === 'facilitator')
    return (
      <>
        <button type="button" aria-pressed={on} onClick={() => void api.privateWriting(workshopId, workshopKey, boardId, !on)}>
          {on ? t.revealNotes : t.startPrivate}
        </button>
        {on && (
          <span className="badge" data-testid="private-count" role="status">
            {t.privateCount(sealed[boardId]?.notes ?? 0, sealed[boardId]?.writers ?? 0)}
          </span>
        )}
      </>
    )
  return on ? (
    <span className="badge private-badge" data-testid="private-writing">
      {t.privateWriting}
    </span>
  ) : null
}
