/**
 * The server goes away (a restart, the facilitator's laptop closed) and a participant
 * reloads: the page still opens, from the app shell the browser kept, with the board and
 * their notes from the device's own copy; they keep writing, and when the server is back
 * their notes reach everyone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createWorkshop } from '../support/clients.ts'
import { freePort, startOurs, type ServerProcess } from '../support/servers.ts'
import { addNote, editorReady, expect, notesInDocument, test } from './fixtures.ts'

test.use({ serviceWorkers: 'allow' })

const clientDir = resolve(import.meta.dirname, '../../client/dist')

test('a participant who reloads while the server is down gets the board and their notes, keeps writing, and it all arrives when the server is back', async ({ browser }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfs-e2e-offline-'))
  const port = await freePort()
  const env = { CLIENT_DIR: clientDir, CREATE_PER_HOUR: '500' }
  let server: ServerProcess = await startOurs(dataDir, env, port, { bundled: true })
  const context = await browser.newContext()
  try {
    const base = server.httpUrl
    const w = await createWorkshop({ url: base }, { title: 'Avbrottet', city: 'Sundsvall', boards: ['brave-space'] })
    const page = await context.newPage()
    await page.goto(`${base}/w/${w.id}#key=${w.participantKey}`)
    await page.getByLabel('Ditt namn').fill('Maja')
    await page.getByRole('button', { name: 'Gå med' }).click()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online')
    await editorReady(page)
    // The shell is kept once the service worker has taken the page over.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
    await addNote(page, 'Före avbrottet', { x: 320, y: 260 })
    await expect.poll(() => notesInDocument(base, w.id, w.participantKey)).toContain('Före avbrottet')

    // The shell holds the app's own files, never what a workshop holds (the API, the sync).
    const cached = await page.evaluate(async () => {
      const urls: string[] = []
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname)
      return urls
    })
    expect(cached).toContain('/')
    expect(cached.some((path) => /^\/assets\/Board-.*\.js$/.test(path))).toBe(true)
    expect(cached.filter((path) => !(path === '/' || path.startsWith('/assets/')))).toEqual([])

    await server.stop()
    await page.reload()
    await editorReady(page)
    await expect(page.locator('.tl-canvas').getByText('Före avbrottet')).toBeVisible()
    await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'online')
    await addNote(page, 'Under avbrottet', { x: 560, y: 260 })
    await expect(page.locator('.tl-canvas').getByText('Under avbrottet')).toBeVisible()

    server = await startOurs(dataDir, env, port, { bundled: true })
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online', { timeout: 30_000 })
    await expect.poll(() => notesInDocument(base, w.id, w.participantKey), { timeout: 15_000 }).toEqual(expect.arrayContaining(['Före avbrottet', 'Under avbrottet']))
  } finally {
    await context.close()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
