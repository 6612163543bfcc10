/**
 * What the facilitator does to everyone's session, told to screen readers as it happens:
 * the timer starting, pausing, stopping and running out, and "bring everyone here". Politely,
 * once per change, never each second.
 */
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import { timerRemaining, type FollowState, type TimerState } from '@sfs/shared'
import { serverNow } from '../sync/server-clock.ts'
import { useTexts } from '../i18n.ts'
import { formatRemaining } from './Timer.tsx'

export function FacilitationNews({ editor, timer, follow, myUserId }: { editor: Editor; timer: TimerState; follow: FollowState | null; myUserId: string }) {
  const t = useTexts()
  const [news, setNews] = useState('')
  // What was already so when the session opened is shown, not announced.
  const timerBefore = useRef<TimerState | null>(null)
  const followBefore = useRef<{ follow: FollowState | null } | null>(null)

  useEffect(() => {
    const before = timerBefore.current
    timerBefore.current = timer
    if (!before) return
    if (timer.status === 'running' && (before.status !== 'running' || before.endsAt !== timer.endsAt)) setNews(t.newsTimerRunning(formatRemaining(timerRemaining(timer, serverNow()))))
    else if (timer.status === 'paused' && before.status !== 'paused') setNews(t.newsTimerPaused)
    else if (timer.status === 'stopped' && before.status !== 'stopped') setNews(t.newsTimerStopped)
  }, [timer])

  useEffect(() => {
    if (timer.status !== 'running') return
    const left = timerRemaining(timer, serverNow())
    if (left <= 0) return
    const ended = setTimeout(() => setNews(t.newsTimerEnded), left)
    return () => clearTimeout(ended)
  }, [timer])

  useEffect(() => {
    const before = followBefore.current
    followBefore.current = { follow }
    if (!before) return
    if (follow && follow.userId !== myUserId) {
      // The board is the facilitator's, which this device switches to a moment later.
      const told = setTimeout(() => setNews(t.newsBroughtHere(editor.getCurrentPage().name)), 500)
      return () => clearTimeout(told)
    }
    if (!follow && before.follow) setNews(t.newsLetGo)
  }, [follow?.at])

  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="facilitation-news">
      {news}
    </p>
  )
}
