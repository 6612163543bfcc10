/**
 * What an operator's Prometheus reads at /metrics: counts and timings, never content, ids
 * or names. Gauges are read when scraped; counters and the store latency are kept here.
 */

/** Store latencies kept for the quantiles: the most recent ones, so the numbers follow the present. */
const LATENCY_WINDOW = 2048

export class Metrics {
  private updatesStored = 0
  private readonly refused = new Map<number, number>()
  private readonly latencies = new Float64Array(LATENCY_WINDOW)
  private latencyCount = 0
  private latencySum = 0
  private readonly gauges: { name: string; help: string; read(): number }[] = []

  /** A value read when scraped (connections open, workshops loaded). */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push({ name, help, read })
  }

  /** An update was stored, `seconds` after it was handed to the store. */
  stored(seconds: number): void {
    this.updatesStored++
    this.latencies[this.latencyCount % LATENCY_WINDOW] = seconds
    this.latencyCount++
    this.latencySum += seconds
  }

  /** A client's message was refused and its connection closed with `code`. */
  refusedWith(code: number): void {
    this.refused.set(code, (this.refused.get(code) ?? 0) + 1)
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels} ${Number.isFinite(value) ? value : 0}`))
    }
    for (const gauge of this.gauges) metric(gauge.name, 'gauge', gauge.help, [['', gauge.read()]])
    metric('sfs_updates_stored_total', 'counter', 'Workshop updates stored (and then sent on).', [['', this.updatesStored]])
    const recent = Array.from(this.latencies.subarray(0, Math.min(this.latencyCount, LATENCY_WINDOW))).sort((a, b) => a - b)
    const quantile = (q: number) => (recent.length === 0 ? 0 : recent[Math.min(recent.length - 1, Math.floor(q * recent.length))]!)
    metric('sfs_store_latency_seconds', 'summary', 'Time from handing an update to the store until it counts as stored (recent updates).', [
      ['{quantile="0.5"}', quantile(0.5)],
      ['{quantile="0.95"}', quantile(0.95)],
      ['{quantile="0.99"}', quantile(0.99)],
    ])
    lines.push(`sfs_store_latency_seconds_sum ${this.latencySum}`, `sfs_store_latency_seconds_count ${this.latencyCount}`)
    metric(
      'sfs_refused_total',
      'counter',
      'Client messages refused, by the close code sent (docs/security.md).',
      [...this.refused.entries()].sort(([a], [b]) => a - b).map(([code, n]) => [`{code="${code}"}`, n]),
    )
    return `${lines.join('\n')}\n`
  }
}
