import { configFromEnv } from './config.ts'
import { startServer } from './app.ts'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const config = configFromEnv(process.env, repoRoot, process.env.INIT_CWD ?? process.cwd())
const server = await startServer(config)
console.log(`\n  Stad för stad is running: http://localhost:${server.port}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
