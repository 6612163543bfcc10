import { configFromEnv, linkBaseUrl } from './config.ts'
import { startServer } from './app.ts'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const config = configFromEnv(process.env, repoRoot, process.env.INIT_CWD ?? process.cwd())
const server = await startServer(config)
// What people in the room open: PUBLIC_URL, else this machine's address on the local network.
const here = `http://localhost:${server.port}`
const links = linkBaseUrl(config, server.port)
console.log(`\n  Stad för stad is running: ${links}${links === here ? '' : `  (on this computer: ${here})`}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
