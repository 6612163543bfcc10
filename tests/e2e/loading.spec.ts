/**
 * What a first visit moves over the room's Wi-Fi: the home page and the name prompt come
 * without the board (tldraw), and every script arrives compressed (Chromium takes brotli
 * from localhost and HTTPS sites, gzip from a laptop's address on plain HTTP).
 */
import type { Page, Response } from '@playwright/test'
import { createWorkshopInUi, editorReady, expect, test } from './fixtures.ts'

/** Every script the page loads, with how it came over the wire. */
function scriptsOf(page: Page): { url: string; encoding: string | undefined }[] {
  const scripts: { url: string; encoding: string | undefined }[] = []
  page.on('response', (response: Response) => {
    if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), encoding: response.headers()['content-encoding'] })
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
