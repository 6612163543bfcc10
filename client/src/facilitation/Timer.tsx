import { useEffect, useRef, useState } from 'react'
import { timerRemaining, type TimerAction, type TimerState } from '@sfs/shared'
import { serverNow } from '../sync/server-clock.ts'
import { useTexts } from '../i18n.ts'

export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** A soft two-tone chime, made here: no sound file, nothing fetched. */
function chime(): void {
  try {
    const audio = new AudioContext()
    for (const [i, frequency] of [660, 880].entries()) {
      const tone = audio.createOscillator()
      const gain = audio.createGain()
      tone.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, audio.currentTime + i * 0.35)
      gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + i * 0.35 + 0.05)
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + i * 0.35 + 0.6)
      tone.connect(gain).connect(audio.destination)
      tone.start(audio.currentTime + i * 0.35)
      tone.stop(audio.currentTime + i * 0.35 + 0.65)
    }
  } catch {
    // No sound available: the flashing display is the signal.
  }
}

/** The shared countdown, the same on every device; the facilitator also gets its controls. */
export function Timer({ timer, canControl, onAction }: { timer: TimerState; canControl: boolean; onAction(action: TimerAction): void }) {
  const t = useTexts()
  const [remaining, setRemaining] = useState(() => timerRemaining(timer, serverNow()))
  const [ended, setEnded] = useState(false)
  const last = useRef(remaining)
  useEffect(() => {
    const tick = () => {
      const left = timerRemaining(timer, serverNow())
      if (last.current > 0 && left === 0 && timer.status === 'running') {
        setEnded(true)
        chime()
        setTimeout(() => setEnded(false), 6000)
      }
      last.current = left
      setRemaining(left)
    }
    tick()
    const interval = setInterval(tick, 250)
    return () => clearInterval(interval)
  }, [timer])

  if (timer.status === 'stopped' && !canControl) return null
  return (
    <div className={`timer${ended ? ' timer-ended' : ''}`} data-testid="timer">
      {timer.status !== 'stopped' && (
        <span className="timer-time" data-testid="timer-time" data-status={timer.status} role="timer" aria-label={t.timer}>
          {formatRemaining(remaining)}
        </span>
      )}
      {canControl && (
        <span className="timer-controls">
          {timer.status === 'stopped' ? (
            [5, 10, 15].map((minutes) => (
              <button key={minutes} type="button" onClick={() => onAction({ action: 'start', seconds: minutes * 60 })}>
                {minutes} min
              </button>
            ))
          ) : (
            <>
              {timer.status === 'running' ? (
                <button type="button" onClick={() => onAction({ action: 'pause' })}>{t.pause}</button>
              ) : (
                <button type="button" onClick={() => onAction({ action: 'resume' })}>{t.resume}</button>
              )}
              <button type="button" onClick={() => onAction({ action: 'extend', seconds: 60 })}>+1 min</button>
              <button type="button" onClick={() => onAction({ action: 'stop' })}>{t.stop}</button>
            </>
          )}
        </span>
      )}
    </div>
  )
}
