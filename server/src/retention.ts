/** Deletes, from time to time, the workshops nobody has opened for RETENTION_DAYS (Workshops.deleteExpired). */
import type { Logger } from './log.ts'
import { errorFields } from './log.ts'
import type { Workshops } from './workshops.ts'
import { singleInstance, type Coordination } from './cluster/coordination.ts'

export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly workshops: Workshops,
    private readonly everyMs: number,
    private readonly log: Logger,
    /** With several instances, one sweeps at a time. */
    private readonly coordination: Coordination = singleInstance,
  ) {}

  /** Sweeps at once (a server that was off for months catches up) and then every `everyMs`. */
  start(): void {
    void this.sweep()
    this.timer = setInterval(() => void this.sweep(), this.everyMs)
    this.timer.unref()
  }

  sweep(): Promise<void> {
    this.running ??= this.coordination
      .ifFree('retention sweep', () => this.workshops.deleteExpired())
      .then(
        () => {},
        (err) => this.log.error('retention.sweep_failed', errorFields(err)),
      )
      .finally(() => {
        this.running = null
      })
    return this.running
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.running
  }
}
