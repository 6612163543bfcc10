/** Levels on a scale (the ambition scale, the Huxham ladder): zones tagged with a level number. */

/** The median of levels, halfway between the two middle ones for an even count; null when empty. */
export function median(levels: number[]): number | null {
  if (levels.length === 0) return null
  const sorted = [...levels].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function levelOf(meta: Record<string, unknown> | undefined): number | null {
  return typeof meta?.level === 'number' ? meta.level : null
}
