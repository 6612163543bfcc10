/** `npm run restore -- FILE`: puts a backup back, with the server stopped; the replaced database is kept aside. */
import { resolve } from 'node:path'
import { configFromEnv } from '../config.ts'
import { BackupError, restore } from '../storage/backup.ts'

const cwd = process.env.INIT_CWD ?? process.cwd()
const source = process.argv[2]
if (!source) {
  console.error('Usage: npm run restore -- BACKUP_FILE   (with the server stopped; DATA_DIR says where, ./data by default)')
  process.exit(2)
}
try {
  const { dataDir } = configFromEnv(process.env, cwd, cwd)
  const done = restore(dataDir, resolve(cwd, source))
  console.log(`Restored ${done.workshops} workshops into ${dataDir}.`)
  if (done.keptAside) console.log(`The database it replaced is kept as ${done.keptAside}: delete it once you have checked the restore (it holds workshops deleted since the backup).`)
} catch (err) {
  console.error(err instanceof BackupError ? err.message : `The restore failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
