/**
 * Presence over Yjs awareness: our cursor, page and selection go out as the awareness
 * field "presence"; everyone else's come in as tldraw instance_presence records, which
 * tldraw draws as named, coloured cursors.
 */
import type { Awareness } from 'y-protocols/awareness'
import { createPresenceStateDerivation, InstancePresenceRecordType, react, type Signal, type TLRecord, type TLStore, type TLUser } from 'tldraw'

export interface Participant {
  clientId: number
  name: string
  color: string
  role: string
  isSelf: boolean
}

export function readParticipants(awareness: Awareness): Participant[] {
  const out: Participant[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { name?: unknown; color?: unknown; role?: unknown } }).user
    if (!user || typeof user.name !== 'string') continue
    out.push({
      clientId,
      name: user.name.slice(0, 60),
      color: typeof user.color === 'string' ? user.color : '#888',
      role: typeof user.role === 'string' ? user.role : 'participant',
      isSelf: clientId === awareness.clientID,
    })
  }
  return out.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'sv'))
}

/** How many of the participants here follow `userId` (the facilitator who brought everyone). */
export function countFollowers(awareness: Awareness, userId: string): { following: number; participants: number } {
  let following = 0
  let participants = 0
  for (const [clientId, state] of awareness.getStates()) {
    const s = state as { user?: { role?: unknown }; presence?: { followingUserId?: unknown } }
    if (clientId === awareness.clientID || s.user?.role !== 'participant') continue
    participants++
    if (s.presence?.followingUserId === userId) following++
  }
  return { following, participants }
}

/** A cursor on an anonymous board: grey, unnamed, selecting nothing. */
const NOBODY = { userName: '', color: '#9e9e9e', selectedShapeIds: [], brush: null, scribbles: [], chatMessage: '' }

/**
 * What this device draws of a peer: on an anonymous board a participant's cursor is drawn
 * unnamed and grey, without the selection outline that would sit on the note they just wrote.
 */
export function presenceToDraw(presence: Record<string, unknown>, role: unknown, isAnonymousPage: (pageId: string) => boolean): Record<string, unknown> {
  const page = presence.currentPageId
  if (role === 'facilitator' || typeof page !== 'string' || !isAnonymousPage(page)) return presence
  return { ...presence, ...NOBODY }
}

/**
 * `publish` false: this device shows others' presence but sends none of its own. The
 * projector does so, or its idle cursor and "Projektor" label would sit on everyone's board.
 */
export function syncPresence(store: TLStore, awareness: Awareness, user: Signal<TLUser | null>, publish = true, isAnonymousPage: (pageId: string) => boolean = () => false): () => void {
  const presence = createPresenceStateDerivation(user)(store)
  const stopReacting = publish
    ? react('sfs.presence', () => {
        awareness.setLocalStateField('presence', presence.get())
      })
    : () => {}

  const idFor = (clientId: number) => InstancePresenceRecordType.createId(String(clientId))
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = awareness.getStates().get(clientId) as { presence?: unknown; user?: { role?: unknown } } | undefined
      if (!state?.presence || typeof state.presence !== 'object') {
        if (store.has(idFor(clientId))) toRemove.push(idFor(clientId))
        continue
      }
      try {
        const record = { ...presenceToDraw(state.presence as Record<string, unknown>, state.user?.role, isAnonymousPage), id: idFor(clientId) } as unknown as TLRecord
        const before = store.get(record.id) ?? null
        toPut.push(store.schema.validateRecord(store, record, before ? 'updateRecord' : 'createRecord', before))
      } catch {
        // A peer with a broken presence is simply not drawn.
      }
    }
    for (const clientId of removed) if (store.has(idFor(clientId))) toRemove.push(idFor(clientId))
    if (toPut.length || toRemove.length) {
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove)
        if (toPut.length) store.put(toPut)
      })
    }
  }
  awareness.on('change', onChange)
  // Peers who were here before we started listening.
  onChange({ added: Array.from(awareness.getStates().keys()), updated: [], removed: [] })
  return () => {
    stopReacting()
    awareness.off('change', onChange)
    awareness.setLocalStateField('presence', null)
  }
}
