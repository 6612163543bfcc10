// The server as `npm start` runs it: one ES module bundle for Node (server/dist/main.mjs), no
// TypeScript compiler at run time. Code used only on demand (the Word export) is a chunk of
// its own, loaded on first use. A few packages stay in node_modules (server-bundle.mjs says which and why).
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { repoRoot, serverBundleOptions } from './server-bundle.mjs'

const outdir = `${repoRoot}server/dist`
rmSync(outdir, { recursive: true, force: true })
await build({ ...serverBundleOptions, entryPoints: { main: 'server/src/main.ts' }, outdir })
