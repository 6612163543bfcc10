import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { getControlMap, readFollow, readJoin, readPart, readPrivateBoards, readSealedCounts, readTimer, type FollowState, type JoinState, type PartState, type SealedCount, type TimerState } from '@sfs/shared'

/** The facilitation state of the document, live. */
export function useControl(doc: Y.Doc): { timer: TimerState; follow: FollowState | null; part: PartState | null; privateBoards: Set<string>; sealed: Record<string, SealedCount>; join: JoinState | null } {
  const read = () => ({ timer: readTimer(doc), follow: readFollow(doc), part: readPart(doc), privateBoards: readPrivateBoards(doc), sealed: readSealedCounts(doc), join: readJoin(doc) })
  const [state, setState] = useState(read)
  useEffect(() => {
    const control = getControlMap(doc)
    const update = () => setState(read())
    control.observeDeep(update)
    update()
    return () => control.unobserveDeep(update)
  }, [doc])
  return state
}
