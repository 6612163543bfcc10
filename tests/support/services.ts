/**
 * The local services some tests need (PostgreSQL, Redis). Where one does not answer, its
 * tests are skipped and this says so; under CI=true it throws instead, so that CI never
 * passes without running them.
 */
export async function serviceAvailable(service: string, url: string, what: string, probe: () => Promise<void>): Promise<boolean> {
  let why: string | null = null
  try {
    await probe()
  } catch (err) {
    why = err instanceof Error ? err.message : String(err)
  }
  if (why === null) return true
  const message = `${service} is not reachable at ${url} (${why}): ${what} are SKIPPED`
  if (process.env.CI === 'true') throw new Error(`${message}; under CI=true that is a failure.`)
  console.warn(`\n  ${message}.\n`)
  return false
}
