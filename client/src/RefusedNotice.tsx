import { useEffect } from 'react'
import { useValue, type Atom } from 'tldraw'
import { BOARD_LOCKED, OTHERS_MARKER, OTHERS_WORK } from '@sfs/shared'
import { RECORD_TOO_LARGE } from './sync/binding.ts'
import { useTexts } from './i18n.ts'

/** How long the person sees why a change of theirs was taken back. */
const SHOWN_MS = 6000

/**
 * Says why something the person just did was taken back or did not happen (a pasted image,
 * a write on a locked board, a colleague's note): without it the change would just vanish.
 */
export function RefusedNotice({ reason, onDone }: { reason: Atom<{ why: string; at: number } | null>; onDone(): void }) {
  const t = useTexts()
  const current = useValue('refused', () => reason.get(), [reason])
  useEffect(() => {
    if (!current) return
    const timer = setTimeout(onDone, SHOWN_MS)
    return () => clearTimeout(timer)
  }, [current])
  if (!current) return null
  const texts: Record<string, string> = { [BOARD_LOCKED]: t.refusedLocked, [RECORD_TOO_LARGE]: t.refusedTooLarge, [OTHERS_WORK]: t.refusedOthersWork, [OTHERS_MARKER]: t.refusedOthersMarker }
  const text = texts[current.why] ?? t.refusedRole
  return (
    <p className="refused-notice" role="status" data-testid="refused-notice">
      {text}
    </p>
  )
}
