/** What the facilitation state does to this device's editor. */
import { react, type Editor, type TLUserId } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type { FollowState, Role } from '@sfs/shared'
import { isBoardLocked } from './FacilitationBar.tsx'

/** Viewers never edit; participants do not edit a locked board. */
export function applyEditRights(editor: Editor, role: Role): () => void {
  return react('sfs.editRights', () => {
    const readonly = role === 'viewer' || (role === 'participant' && isBoardLocked(editor))
    if (editor.getInstanceState().isReadonly !== readonly) editor.updateInstanceState({ isReadonly: readonly })
  })
}

/** The facilitator present in the room, for the projector to follow. */
export function facilitatorUserId(awareness: Awareness): string | null {
  for (const state of awareness.getStates().values()) {
    const s = state as { user?: { role?: string }; presence?: { userId?: string } }
    if (s.user?.role === 'facilitator' && typeof s.presence?.userId === 'string') return s.presence.userId
  }
  return null
}

/**
 * Each new "bring everyone here" makes this device follow; a participant may step out by
 * moving the view and step back in. The projector follows the facilitator all the time.
 */
export function followRequest(editor: Editor, role: Role, myUserId: string, follow: FollowState | null, awareness: Awareness): void {
  const target = follow?.userId ?? (role === 'viewer' ? facilitatorUserId(awareness) : null)
  if (!target || target === myUserId) {
    if (!follow && role !== 'viewer' && editor.getInstanceState().followingUserId) editor.stopFollowingUser()
    return
  }
  if (editor.getInstanceState().followingUserId !== target) editor.startFollowingUser(target as TLUserId)
}
