/** A workshop nobody is in is unloaded, and the server's memory goes back to where it was. */
import { expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

it('unloads a workshop its last client left, and its memory returns to the baseline, time after time', async () => {
  // A process of its own: its heap holds only the server, and gc can be forced there.
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/support/idle-memory.ts'], {
    cwd: resolve(import.meta.dirname, '../..'),
  })
  const { baseline, cycles } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { baseline: number; cycles: { loaded: number; idle: number }[] }
  for (const { loaded, idle } of cycles) {
    // Loaded, the workshop of 1,000 notes is plainly visible in the heap...
    expect(loaded - baseline).toBeGreaterThan(2)
    // ...and once unloaded, at most a tenth of it remains (caches the size of the code, not of the workshop).
    expect(idle - baseline, JSON.stringify({ baseline, cycles })).toBeLessThan((loaded - baseline) / 10)
  }
}, 60_000)
