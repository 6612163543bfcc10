/** `npm run backup -- FILE`: a consistent copy of the running (or stopped) server's data. */
import { resolve } from 'node:path'
import { configFromEnv } from '../config.ts'
import { backup, BackupError } from '../storage/backup.ts'

const cwd = process.env.INIT_CWD ?? process.cwd()
const target = process.argv[2]
if (!target) {
  console.error('Usage: npm run backup -- FILE   (DATA_DIR says where the data is, ./data by default)')
  process.exit(2)
}
try {
  const { dataDir } = configFromEnv(process.env, cwd, cwd)
  const done = await backup(dataDir, resolve(cwd, target))
  console.log(`Backed up ${done.workshops} workshops (${Math.ceil(done.bytes / 1024)} KiB) to ${resolve(cwd, target)}.`)
} catch (err) {
  console.error(err instanceof BackupError ? err.message : `The backup failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
