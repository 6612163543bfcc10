import { useEffect } from 'react'
import { useValue, type Atom } from 'tldraw'
import { BOARD_LOCKED } from '@sfs/shared'
import { RECORD_TOO_LARGE } from './sync/binding.ts'
import { useTexts } from './i18n.ts'

/** How long the person sees why a change of theirs was taken back. */
const SHOWN_MS = 6000

/**
 * Says why something the person just did was taken back (a pasted image, a write on a
 * locked board): without it the change would just vanish.
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
  const text = current.why === BOARD_LOCKED ? t.refusedLocked : current.why === RECORD_TOO_LARGE ? t.refusedTooLarge : t.refusedRole
  return (
    <p className="refused-notice" role="status" data-testid="refused-notice">
      {text}
    </p>
  )
}
