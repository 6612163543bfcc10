/**
 * What the Vite build adds to its output, once it is written:
 * - /sw.js, the service worker (client/service-worker.js) with the build's id and the files
 *   every page needs to start (scripts and styles), so a reload works while the server is down;
 * - every compressible file also as brotli (`.br`) and gzip (`.gz`), at the highest levels,
 *   so the server only picks a file per request (server/src/http/client-files.ts). Browsers on
 *   plain HTTP (a laptop serving the room) accept gzip only; over HTTPS they take brotli.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ttf|otf)$/
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024
/** The shell: what starts the app. Fonts, icons and translations are kept as they are used. */
const SHELL = /^assets\/.*\.(js|css)$/

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

function writeServiceWorker(outDir: string, template: string): void {
  const shell = filesUnder(outDir)
    .filter((file) => SHELL.test(file))
    .sort()
  const build = createHash('sha256')
  for (const file of ['index.html', ...shell]) build.update(file).update(readFileSync(join(outDir, file)))
  const worker = template.replace('__BUILD__', build.digest('hex').slice(0, 16)).replace('__SHELL__', JSON.stringify(shell.map((file) => `/${file}`)))
  writeFileSync(join(outDir, 'sw.js'), worker)
}

function precompress(outDir: string): void {
  for (const file of filesUnder(outDir)) {
    if (!COMPRESSIBLE.test(file)) continue
    const path = join(outDir, file)
    if (statSync(path).size < MIN_BYTES) continue
    const data = readFileSync(path)
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } })
    const gz = gzipSync(data, { level: 9 })
    // A file that does not shrink is served as it is.
    if (br.byteLength < data.byteLength) writeFileSync(`${path}.br`, br)
    if (gz.byteLength < data.byteLength) writeFileSync(`${path}.gz`, gz)
  }
}

export function buildOutput(outDir: string, serviceWorkerTemplate: string): Plugin {
  return {
    name: 'sfs-build-output',
    apply: 'build',
    closeBundle() {
      writeServiceWorker(outDir, readFileSync(serviceWorkerTemplate, 'utf8'))
      precompress(outDir)
    },
  }
}
