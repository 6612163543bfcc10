// The server as `npm start` runs it: one ES module bundle for Node (server/dist/main.mjs), no
// TypeScript compiler at run time. Code used only on demand (the Word export) is a chunk of
// its own, loaded on first use. better-sqlite3 stays a package: it loads its compiled addon.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = `${root}server/dist`
rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/src/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg-native'],
  // The CommonJS packages inside the bundle (express, pg, ioredis, …) call require for Node's own modules.
  banner: { js: "import { createRequire as __sfsCreateRequire } from 'node:module'; const require = __sfsCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and comments out, names kept (stack traces stay readable). A comment with one
  // non-Latin-1 character made V8 hold the whole source as two bytes per character.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
})
