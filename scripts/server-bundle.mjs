// How server code is compiled for Node, in one place: the server's bundle (build-server.mjs) and
// the benchmark of its trust boundary (tests/bench/check-cost.ts) measure the same compiled code.
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/** @type {import('esbuild').BuildOptions} */
export const serverBundleOptions = {
  absWorkingDir: repoRoot,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 loads its compiled addon. iconv-lite (every character set's tables, 494 KB of
  // source) and mime-db (147 KB) are loaded from node_modules, as the server uses them: a bundled
  // package's source stays in memory as part of the bundle's text whether it runs or not.
  external: ['better-sqlite3', 'pg-native', 'iconv-lite', 'mime-db'],
  // The CommonJS packages inside the bundle (express, pg, ioredis, …) call require for Node's own modules.
  banner: { js: "import { createRequire as __sfsCreateRequire } from 'node:module'; const require = __sfsCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and comments out, names kept (stack traces stay readable). A comment with one
  // non-Latin-1 character made V8 hold the whole source as two bytes per character. No
  // keepNames: it wraps every closure in a call at each creation (tsx does, for the tests).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
}
