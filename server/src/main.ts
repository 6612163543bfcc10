import { configFromEnv, linkBaseUrl } from './config.ts'
import { startServer, type RunningServer } from './app.ts'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
let server: RunningServer
let links: string
try {
  const config = configFromEnv(process.env, repoRoot, process.env.INIT_CWD ?? process.cwd())
  server = await startServer(config)
  // What people in the room open: PUBLIC_URL, else this machine's address on the local network.
  links = linkBaseUrl(config, server.port)
} catch (err) {
  // Said so that the person starting the server can act on it (a setting, a damaged database, a port in use), without a stack trace.
  const message = err instanceof Error ? err.message : String(err)
  const hint = (err as { code?: string }).code === 'EADDRINUSE' ? '\n  Another program uses this port: stop it, or start with another PORT.' : ''
  console.error(`\n  Stad för stad could not start.\n\n  ${message.replaceAll('\n', '\n  ')}${hint}\n`)
  process.exit(1)
}
const here = `http://localhost:${server.port}`
console.log(`\n  Stad för stad is running: ${links}${links === here ? '' : `  (on this computer: ${here})`}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
