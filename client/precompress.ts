/**
 * A Vite build step: every compressible file of the build is also written as brotli (`.br`)
 * and gzip (`.gz`), once, at the highest levels, so the server only picks a file per request
 * (server/src/http/client-files.ts). Browsers on plain HTTP (a laptop serving the room)
 * accept gzip only; over HTTPS they take brotli.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ttf|otf)$/
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024

export function precompress(outDir: string): Plugin {
  return {
    name: 'sfs-precompress',
    apply: 'build',
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue
        const path = join(entry.parentPath, entry.name)
        if (statSync(path).size < MIN_BYTES) continue
        const data = readFileSync(path)
        const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } })
        const gz = gzipSync(data, { level: 9 })
        // A file that does not shrink is served as it is.
        if (br.byteLength < data.byteLength) writeFileSync(`${path}.br`, br)
        if (gz.byteLength < data.byteLength) writeFileSync(`${path}.gz`, gz)
      }
    },
  }
}
