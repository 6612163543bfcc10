/** How far back the room's rate of presence changes looks: it follows a room getting busy within about a second. */
const RATE_WINDOW_MS = 1000

/** What decides when a change may go. */
export interface PresenceTiming {
  /** Send at once, with whatever is waiting (the facilitator's view, which others follow frame by frame). */
  now?: boolean
  /**
   * Not before this moment (`performance.now()`), so that a note sent just before goes ahead of
   * it; it goes sooner only with changes already due to go.
   */
  notBefore?: number
}

/**
 * A room's presence changes (cursors, who is here) sent on at most once per `gapMs` while the
 * room is busy: a change after a quiet spell goes at once; changes within the gap are gathered
 * and go together when it has passed, each client's newest state once. Every device then
 * handles, and its stock provider echoes back, one presence message per gap instead of one per
 * cursor move of everyone in the room.
 *
 * Holding a change back pays only where the gap is likely to gather others with it. In a room
 * whose presence changes less than once per gap on average (two people moving now and then),
 * a held change would gather nothing: there each change goes at once, unless it is told not
 * to go before a moment (`notBefore`), and then it goes then, with whatever changed meanwhile.
 */
export class PresenceBatch {
  /** Client ids changed since the last send; at most the room's awareness clients. */
  private readonly pending = new Set<number>()
  private timer: NodeJS.Timeout | null = null
  private lastSentAt = Number.NEGATIVE_INFINITY
  private stopped = false
  /** Changes per millisecond, averaged over about the last second (decaying). */
  private rate = 0
  private rateAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly gapMs: number,
    private readonly send: (clientIds: number[]) => void,
  ) {}

  add(clientIds: readonly number[], timing: PresenceTiming = {}): void {
    if (this.stopped) return
    for (const id of clientIds) this.pending.add(id)
    if (this.pending.size === 0) return
    const at = performance.now()
    this.rate = this.rate * Math.exp((this.rateAt - at) / RATE_WINDOW_MS) + clientIds.length / RATE_WINDOW_MS
    this.rateAt = at
    if (timing.now) {
      if (this.timer) clearTimeout(this.timer)
      this.flush()
      return
    }
    if (this.timer) return
    const busy = this.rate * this.gapMs >= 1
    const wait = Math.max(busy ? this.lastSentAt + this.gapMs - at : 0, (timing.notBefore ?? at) - at)
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Nothing more is sent, not even what a room's own closing changes. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
  }

  private flush(): void {
    this.timer = null
    const ids = [...this.pending]
    this.pending.clear()
    this.lastSentAt = performance.now()
    if (ids.length > 0) this.send(ids)
  }
}
