import { describe, expect, it } from 'vitest'
import { applyTimerAction, STOPPED_TIMER, TIMER_SHOWN_AFTER_END_MS, timerRemaining, timerShown } from './control.ts'

describe('timer', () => {
  const t0 = 1_000_000
  it('says it has ended at zero, and clears itself a minute later on every screen', () => {
    const running = applyTimerAction(STOPPED_TIMER, { action: 'start', seconds: 120 }, t0)
    expect(timerShown(running, t0 + 119_999)).toBe('running')
    expect(timerShown(running, t0 + 120_000)).toBe('ended')
    expect(timerShown(running, t0 + 120_000 + TIMER_SHOWN_AFTER_END_MS)).toBe('ended')
    expect(timerShown(running, t0 + 120_001 + TIMER_SHOWN_AFTER_END_MS)).toBe('stopped')
    expect(timerShown(applyTimerAction(running, { action: 'pause' }, t0 + 10_000), t0 + 999_999)).toBe('paused')
    expect(timerShown(STOPPED_TIMER, t0)).toBe('stopped')
  })

  it('counts down from a start, in server time', () => {
    const running = applyTimerAction(STOPPED_TIMER, { action: 'start', seconds: 300 }, t0)
    expect(running).toMatchObject({ status: 'running', endsAt: t0 + 300_000, durationMs: 300_000 })
    expect(timerRemaining(running, t0 + 60_000)).toBe(240_000)
    expect(timerRemaining(running, t0 + 400_000)).toBe(0)
  })

  it('never shows more than it had when set running, on a device whose clock estimate is behind', () => {
    const running = applyTimerAction(STOPPED_TIMER, { action: 'start', seconds: 600 }, t0)
    expect(timerRemaining(running, t0 - 1_500)).toBe(600_000)
    const extended = applyTimerAction(running, { action: 'extend', seconds: 60 }, t0 + 30_000)
    expect(timerRemaining(extended, t0 + 29_000)).toBe(630_000)
    const resumed = applyTimerAction(applyTimerAction(extended, { action: 'pause' }, t0 + 40_000), { action: 'resume' }, t0 + 50_000)
    expect(timerRemaining(resumed, t0 + 49_000)).toBe(620_000)
    expect(timerRemaining(resumed, t0 + 60_000)).toBe(610_000)
  })

  it('pauses, resumes where it was, and extends while running or paused', () => {
    const running = applyTimerAction(STOPPED_TIMER, { action: 'start', seconds: 300 }, t0)
    const paused = applyTimerAction(running, { action: 'pause' }, t0 + 100_000)
    expect(paused).toMatchObject({ status: 'paused', remainingMs: 200_000, endsAt: null })
    expect(timerRemaining(paused, t0 + 999_999)).toBe(200_000)
    const extended = applyTimerAction(paused, { action: 'extend', seconds: 60 }, t0 + 500_000)
    expect(extended).toMatchObject({ status: 'paused', remainingMs: 260_000, durationMs: 360_000 })
    const resumed = applyTimerAction(extended, { action: 'resume' }, t0 + 600_000)
    expect(resumed).toMatchObject({ status: 'running', endsAt: t0 + 860_000 })
    const more = applyTimerAction(resumed, { action: 'extend', seconds: 60 }, t0 + 700_000)
    expect(timerRemaining(more, t0 + 700_000)).toBe(220_000)
  })

  it('never goes below zero, ignores actions that do not apply, and stops', () => {
    const running = applyTimerAction(STOPPED_TIMER, { action: 'start', seconds: 60 }, t0)
    expect(timerRemaining(applyTimerAction(running, { action: 'extend', seconds: -120 }, t0), t0)).toBe(0)
    expect(applyTimerAction(STOPPED_TIMER, { action: 'extend', seconds: 60 }, t0)).toBe(STOPPED_TIMER)
    expect(applyTimerAction(STOPPED_TIMER, { action: 'resume' }, t0)).toBe(STOPPED_TIMER)
    expect(applyTimerAction(running, { action: 'resume' }, t0)).toBe(running)
    expect(applyTimerAction(running, { action: 'stop' }, t0)).toEqual(STOPPED_TIMER)
  })
})
