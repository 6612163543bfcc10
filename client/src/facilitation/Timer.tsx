import { useEffect, useId, useRef, useState } from 'react'
import { timerRemaining, timerShown, type TimerAction, type TimerState } from '@sfs/shared'
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

const PRESET_MINUTES = [1, 2, 3, 5, 10, 15]
const MAX_MINUTES = 240

/**
 * The shared countdown, the same on every device; the facilitator also gets its controls.
 * At zero every screen says the time is up (and chimes, on devices that saw it run), and a
 * minute later it clears itself: nobody has to press Stop.
 */
export function Timer({ timer, canControl, onAction }: { timer: TimerState; canControl: boolean; onAction(action: TimerAction): void }) {
  const t = useTexts()
  const [now, setNow] = useState(serverNow)
  const sawItRun = useRef(false)
  useEffect(() => {
    sawItRun.current = timerRemaining(timer, serverNow()) > 0
    const tick = () => {
      const at = serverNow()
      const left = timerRemaining(timer, at)
      if (sawItRun.current && left === 0 && timer.status === 'running') {
        sawItRun.current = false
        chime()
      }
      setNow(at)
    }
    tick()
    const interval = setInterval(tick, 250)
    return () => clearInterval(interval)
  }, [timer])

  const remaining = timerRemaining(timer, now)
  const shown = timerShown(timer, now)
  if (shown === 'stopped' && !canControl) return null
  return (
    <div className="timer" data-testid="timer">
      {shown !== 'stopped' && (
        <span className="timer-time" data-testid="timer-time" data-status={shown} role="timer" aria-label={t.timer}>
          {shown === 'ended' ? t.timeUp : formatRemaining(remaining)}
        </span>
      )}
      {canControl && (
        <span className="timer-controls">
          {shown === 'stopped' || shown === 'ended' ? (
            <StartTimer onStart={(seconds) => onAction({ action: 'start', seconds })} />
          ) : (
            <>
              {timer.status === 'running' ? (
                <button type="button" onClick={() => onAction({ action: 'pause' })}>{t.pause}</button>
              ) : (
                <button type="button" onClick={() => onAction({ action: 'resume' })}>{t.resume}</button>
              )}
              <button type="button" onClick={() => onAction({ action: 'extend', seconds: 60 })}>+1 min</button>
            </>
          )}
          {shown !== 'stopped' && (
            <button type="button" onClick={() => onAction({ action: 'stop' })}>{t.stop}</button>
          )}
        </span>
      )}
    </div>
  )
}

/** A preset (1–15 minutes) or any number of minutes, and Start. */
function StartTimer({ onStart }: { onStart(seconds: number): void }) {
  const t = useTexts()
  const [choice, setChoice] = useState('5')
  const [custom, setCustom] = useState('')
  const customId = useId()
  const minutes = choice === 'custom' ? Number(custom.replace(',', '.')) : Number(choice)
  const valid = Number.isFinite(minutes) && minutes > 0 && minutes <= MAX_MINUTES
  return (
    <form
      className="timer-start"
      onSubmit={(event) => {
        event.preventDefault()
        if (valid) onStart(Math.max(1, Math.round(minutes * 60)))
      }}
    >
      <select aria-label={t.timerLength} value={choice} onChange={(event) => setChoice(event.target.value)}>
        {PRESET_MINUTES.map((m) => (
          <option key={m} value={String(m)}>{`${m} min`}</option>
        ))}
        <option value="custom">{t.timerCustom}</option>
      </select>
      {choice === 'custom' && (
        <span className="timer-custom">
          <input id={customId} type="text" inputMode="decimal" size={4} value={custom} onChange={(event) => setCustom(event.target.value)} aria-label={t.timerMinutes} autoFocus />
          <label htmlFor={customId}>min</label>
        </span>
      )}
      <button type="submit" disabled={!valid}>
        {t.startTimer}
      </button>
    </form>
  )
}
