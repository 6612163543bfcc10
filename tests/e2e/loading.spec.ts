/**
 * What a first visit moves over the room's Wi-Fi: the home page and the name prompt come
 * without the board (tldraw), and every script arrives compressed (Chromium takes brotli
 * from localhost and HTTPS sites, gzip from a laptop's address on plain HTTP).
 */
import type { Page, Response } from '@playwright/test'
import { createWorkshopInUi, editorReady, expect, test } from './fixtures.ts'

/** Every script of 1 KB or more the page loads (below that, compression costs more than it saves), with how it came over the wire. */
function scriptsOf(page: Page): { url: string; encoding: string | undefined }[] {
  const scripts: { url: string; encoding: string | undefined }[] = []
  page.on('response', (response: Response) => {
    const headers = response.headers()
    if (response.request().resourceType() !== 'script') return
    if (!headers['content-encoding'] && Number(headers['content-length']) < 1024) return
    scripts.push({ url: response.url(), encoding: headers['content-encoding'] })
  })
  return scripts
}

test('the home page and the name prompt show without the board’s code, and scripts come compressed', async ({ browser }) => {
  const facilitator = await browser.newPage()
  const home = scriptsOf(facilitator)
  const links = await createWorkshopInUi(facilitator, 'Snabbt', 'Kiruna')
  expect(home.length).toBeGreaterThan(0)
  expect(home.filter((s) => /\/Board-/.test(s.url))).toEqual([])
  for (const script of home) expect(['br', 'gzip'], script.url).toContain(script.encoding)

  // A participant's device: the name prompt is there before the board's code has arrived, which then comes while they type.
  const context = await browser.newContext()
  const participant = await context.newPage()
  const joined = scriptsOf(participant)
  let releaseBoard: () => void = () => {}
  const boardHeld = new Promise<void>((resolve) => (releaseBoard = resolve))
  await participant.route(/\/assets\/Board-.*\.js$/, async (route) => {
    await boardHeld
    await route.continue()
  })
  await participant.goto(links.participant)
  await expect(participant.getByLabel('Ditt namn')).toBeVisible()
  await participant.getByLabel('Ditt namn').fill('Lejla')
  releaseBoard()
  await participant.getByRole('button', { name: 'Gå med' }).click()
  await editorReady(participant)
  expect(joined.some((s) => /\/Board-/.test(s.url))).toBe(true)
  for (const script of joined) expect(['br', 'gzip'], script.url).toContain(script.encoding)
  await context.close()
  await facilitator.close()
})

test('a board fetches only the fonts its notes use, and a font when a note first takes it', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Typsnitt', 'Umeå', ['SWOT'])
  const context = await page.context().browser()!.newContext()
  const device = await context.newPage()
  const fonts: string[] = []
  const translations: string[] = []
  device.on('request', (request) => {
    if (request.resourceType() === 'font') fonts.push(new URL(request.url()).pathname)
    if (/\/assets\/.*\.json$/.test(request.url())) translations.push(request.url())
  })
  await device.goto(links.viewer)
  await editorReady(device)
  await device.waitForTimeout(1000)
  // tldraw by itself fetches all sixteen font files when a board opens.
  expect(fonts.length).toBeGreaterThan(0)
  expect(fonts.length).toBeLessThanOrEqual(4)
  expect(fonts.filter((f) => /IBMPlexMono/.test(f))).toEqual([])
  // tldraw's Swedish texts come with the board's code: no request, and no menus in English meanwhile.
  expect(translations).toEqual([])
  await context.close()

  const bo = await newDevice('Bo', links.participant)
  await expect(bo.page.locator('.tlui-main-toolbar button[aria-label^="Välj"]')).toBeVisible()
  const boFonts: string[] = []
  bo.page.on('request', (request) => {
    if (request.resourceType() === 'font') boFonts.push(new URL(request.url()).pathname)
  })
  await bo.page.evaluate(`void editor.createShapes([{ type: 'note', x: 200, y: 200, props: { font: 'mono', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Kod' }] }] } } }])`)
  await expect.poll(() => boFonts.filter((f) => /IBMPlexMono/.test(f)).length).toBeGreaterThan(0)
})

test('the workshop’s connection opens while the board’s code is still on its way', async ({ page, browser }) => {
  const links = await createWorkshopInUi(page, 'Tidigt', 'Luleå', ['SWOT'])
  const context = await browser.newContext()
  const device = await context.newPage()
  let releaseBoard: () => void = () => {}
  const boardHeld = new Promise<void>((resolve) => (releaseBoard = resolve))
  await device.route(/\/assets\/Board-.*\.js$/, async (route) => {
    await boardHeld
    await route.continue()
  })
  // Without the board's code, the sync has started all the same, and brings the workshop.
  const workshopArrived = new Promise<void>((resolve) =>
    device.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/sync/')) ws.once('framereceived', () => resolve())
    }),
  )
  await device.goto(links.participant)
  await device.getByLabel('Ditt namn').fill('Tove')
  await device.getByRole('button', { name: 'Gå med' }).click()
  await workshopArrived
  releaseBoard()
  await editorReady(device)
  await expect.poll(() => device.evaluate(`editor.getCurrentPageShapes().length`)).toBeGreaterThan(0)
  await context.close()
})

test('tldraw’s pattern fill is drawn once the board has opened, not while it opens, and then works', async ({ page, browser }) => {
  const links = await createWorkshopInUi(page, 'Mönster', 'Lund', ['SWOT'])
  const context = await browser.newContext()
  // When the editor came and when the pattern's tiles were ready, on the page's own clock.
  await context.addInitScript(() => {
    const times: { editor?: number; pattern?: number } = {}
    ;(window as unknown as { sfsTimes: typeof times }).sfsTimes = times
    const look = () => {
      times.editor ??= (window as unknown as { editor?: unknown }).editor ? performance.now() : undefined
      times.pattern ??= document.querySelector('[data-testid="ready-pattern-fill-defs"]') ? performance.now() : undefined
      if (times.pattern === undefined) requestAnimationFrame(look)
    }
    requestAnimationFrame(look)
  })
  const device = await context.newPage()
  await device.goto(links.participant)
  await device.getByLabel('Ditt namn').fill('Mira')
  await device.getByRole('button', { name: 'Gå med' }).click()
  await editorReady(device)
  await expect(device.locator('[data-testid="ready-pattern-fill-defs"]')).toHaveCount(1, { timeout: 15_000 })
  await expect(device.locator('pattern[id*="hash_pattern"]').first()).toBeAttached()
  const times = await device.evaluate(() => (window as unknown as { sfsTimes: { editor: number; pattern: number } }).sfsTimes)
  // Its tiles (canvases up to 2048 pixels square) would take the CPU the opening board needs: they wait two seconds.
  expect(times.pattern - times.editor).toBeGreaterThan(1500)
  await context.close()
})
