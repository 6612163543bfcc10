/**
 * Serves the built browser app. Vite's output under /assets is named by content hash, so it
 * is cached for a year; index.html is revalidated. Files the build compressed ahead of time
 * (`x.js.br`, `x.js.gz`, see client/build-output.ts) are sent instead of the original to a
 * browser that accepts them: a room's Wi-Fi carries a quarter of the bytes, and the server
 * compresses nothing per request.
 */
import { readdirSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import express, { type Express, type Request, type Response } from 'express'

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const

/** Paths (from the root, with forward slashes) of every file under `root`. */
function filesUnder(root: string): Set<string> {
  const found = new Set<string>()
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.add(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
  }
  return found
}

export function serveClient(app: Express, clientDir: string): void {
  // Read once: the build does not change under a running server, and only names found here are ever joined to a path.
  const files = filesUnder(clientDir)
  const send = (req: Request, res: Response, file: string, cacheControl: string): boolean => {
    const available = ENCODINGS.filter((e) => files.has(file + e.suffix))
    // Ours is the order of preference (brotli is smaller); browsers list gzip first at equal weight.
    const encoding = available.find((e) => req.acceptsEncodings(e.name) === e.name)
    if (available.length > 0) res.vary('Accept-Encoding')
    res.type(extname(file)).set('Cache-Control', cacheControl)
    if (encoding) res.set('Content-Encoding', encoding.name)
    res.sendFile(join(clientDir, encoding ? file + encoding.suffix : file), { cacheControl: false })
    return true
  }

  app.get(/^\/assets\/(.+)$/, (req, res, next) => {
    const file = `assets/${(req.params as unknown as string[])[0]}`
    if (!files.has(file)) return next()
    send(req, res, file, 'public, max-age=31536000, immutable')
  })
  app.use('/assets', (_req, res) => res.status(404).type('text/plain').send('Not found'))
  // The offline shell's worker: never from a cache, so a new build's worker is found at once.
  if (files.has('sw.js')) app.get('/sw.js', (req, res) => send(req, res, 'sw.js', 'no-cache'))
  app.use(express.static(clientDir, { index: false }))
  app.get(['/', '/w/:id'], (req, res) => send(req, res, 'index.html', 'no-cache'))
}
