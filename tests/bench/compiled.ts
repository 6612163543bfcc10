/**
 * A module of ours compiled as the server's bundle is, for timing what `npm start` runs: tsx,
 * which runs the tests, wraps every closure in a naming call at each creation, and that alone
 * made the update check look a quarter dearer than it is.
 */
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { repoRoot, serverBundleOptions } from '../../scripts/server-bundle.mjs'

export async function importCompiled<T>(entry: string): Promise<T> {
  // Inside the repository, so that the packages it leaves out are found.
  const cache = join(repoRoot, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const outdir = mkdtempSync(join(cache, 'sfs-compiled-'))
  try {
    // yjs stays the one instance this process already has (it is JavaScript either way).
    await build({ ...serverBundleOptions, entryPoints: { entry }, outdir, splitting: false, external: [...(serverBundleOptions.external ?? []), 'yjs', 'lib0', 'y-protocols'] })
    return (await import(pathToFileURL(join(outdir, 'entry.mjs')).href)) as T
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}
