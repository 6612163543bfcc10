/** Every way of running the server in production runs it as `npm run serve` does: the same bundle with the same Node flags. */
import { expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { servedArgs } from '../support/servers.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
const read = (file: string) => readFileSync(resolve(repoRoot, file), 'utf8')
const served = ['node', ...servedArgs()].join(' ')

// Under load V8 grows its young generation to 2 × 16 MB by default, and keeps four helper threads
// with their own allocations; bounded, the peak stays near the reference server's (docs/performance.md).
it('npm run serve runs the bundle with a young generation and helper threads bounded for a small machine', () => {
  expect(servedArgs().at(-1)).toBe('server/dist/main.mjs')
  expect(servedArgs()).toContain('--max-semi-space-size=1')
  expect(servedArgs()).toContain('--v8-pool-size=1')
})

it('the Docker image runs the server as npm run serve does', () => {
  const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1]
  expect(cmd, 'a CMD in exec form').toBeDefined()
  expect((JSON.parse(cmd!) as string[]).join(' ')).toBe(served)
})

it('the systemd unit in docs/deploy.md runs the server as npm run serve does', () => {
  const exec = /^ExecStart=\/usr\/bin\/(node .*)$/m.exec(read('docs/deploy.md'))?.[1]
  expect(exec).toBe(served)
})
