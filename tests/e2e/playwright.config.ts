import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { servedArgs } from '../support/servers.ts'

const port = Number(process.env.E2E_PORT ?? 3917)
const repoRoot = resolve(import.meta.dirname, '../..')

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      // Debian's chromium: Playwright's own browser download is not available here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
    // The offline app shell is tested on its own (offline.spec.ts); elsewhere it would only add each new device's precaching.
    serviceWorkers: 'block',
  },
  webServer: {
    // The server as npm start runs it: the bundle npm run build made (test:e2e builds first).
    command: ['node', ...servedArgs()].join(' '),
    cwd: repoRoot,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sfs-e2e-')),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      // Every test creates its workshops from this one address.
      CREATE_PER_HOUR: '500',
    },
  },
})
