/**
 * The browser app as the server sends it: the build's precompressed files to browsers that
 * take them (gzip on plain HTTP, brotli on HTTPS), the original to those that do not, and
 * hashed assets cached for good while the page itself is revalidated.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { removeDir, startTestServer, tempDataDir, type TestServer } from './helpers.ts'

const servers: TestServer[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
  dirs.splice(0).forEach(removeDir)
})

const script = `console.log(${JSON.stringify('Stad för stad '.repeat(400))})\n`

/** A build as client/vite.config.ts leaves it: originals, with .br and .gz beside the compressible ones. */
async function serverWithBuild(): Promise<TestServer> {
  const clientDir = tempDataDir()
  dirs.push(clientDir)
  mkdirSync(join(clientDir, 'assets'))
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Stad för stad</title>')
  writeFileSync(join(clientDir, 'assets/index-abc123.js'), script)
  writeFileSync(join(clientDir, 'assets/index-abc123.js.br'), brotliCompressSync(script))
  writeFileSync(join(clientDir, 'assets/index-abc123.js.gz'), gzipSync(script))
  writeFileSync(join(clientDir, 'assets/font-def456.woff2'), Buffer.from([1, 2, 3]))
  writeFileSync(join(clientDir, 'sw.js'), script)
  writeFileSync(join(clientDir, 'sw.js.gz'), gzipSync(script))
  const s = await startTestServer({ CLIENT_DIR: clientDir })
  servers.push(s)
  return s
}

/** A raw GET (fetch would decompress on its own and hide what came over the wire). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
      .on('error', reject)
      .end()
  })
}

describe('the browser app’s files', () => {
  it('go compressed as the browser accepts, with the right type, and whole otherwise', async () => {
    const s = await serverWithBuild()
    const url = `${s.url}/assets/index-abc123.js`

    const brotli = await get(url, { 'Accept-Encoding': 'gzip, deflate, br' })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers['content-type']).toMatch(/javascript/)
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/)
    expect(brotli.body.byteLength).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script)

    // Chromium on plain HTTP (a laptop serving the room) offers gzip, not brotli.
    const gzip = await get(url, { 'Accept-Encoding': 'gzip, deflate' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).toString()).toBe(script)

    const refusesBrotli = await get(url, { 'Accept-Encoding': 'br;q=0, gzip' })
    expect(refusesBrotli.headers['content-encoding']).toBe('gzip')

    const plain = await get(url)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
  })

  it('hashed assets are cached for a year, the page is revalidated, and what is not there is a 404', async () => {
    const s = await serverWithBuild()
    const asset = await get(`${s.url}/assets/index-abc123.js`, { 'Accept-Encoding': 'gzip' })
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const font = await get(`${s.url}/assets/font-def456.woff2`, { 'Accept-Encoding': 'gzip, br' })
    expect(font.headers['content-encoding']).toBeUndefined()
    expect([...font.body]).toEqual([1, 2, 3])
    for (const path of ['/', '/w/abc']) {
      const page = await get(`${s.url}${path}`)
      expect(page.status).toBe(200)
      expect(page.headers['cache-control']).toBe('no-cache')
      expect(page.body.toString()).toContain('<title>Stad för stad</title>')
    }
    // The service worker comes compressed too, and is asked for anew each time.
    const worker = await get(`${s.url}/sw.js`, { 'Accept-Encoding': 'gzip' })
    expect(worker.headers['content-encoding']).toBe('gzip')
    expect(worker.headers['cache-control']).toBe('no-cache')
    expect(worker.headers['content-type']).toMatch(/javascript/)
    expect(gunzipSync(worker.body).toString()).toBe(script)
    expect((await get(`${s.url}/assets/missing.js`)).status).toBe(404)
    expect((await get(`${s.url}/assets/..%2Findex.html`)).status).toBe(404)
    expect((await get(`${s.url}/assets/index-abc123.js.br/../../../etc/passwd`)).status).toBe(404)
  })
})
