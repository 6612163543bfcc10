/**
 * The screens around the canvas against WCAG 2.1 A and AA, as axe-core checks them: home, the
 * created workshop's links, the name prompt (laptop and phone), and the facilitator's top bar,
 * facilitation bar and open export menu. The canvas itself is tldraw's and is left out; its
 * alternative is issue 16's list view.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createWorkshopInUi, expect, test } from './fixtures.ts'

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }

/** Serious and critical violations, each with where it was found, so a failure says what to fix. */
async function seriousViolations(page: Page, include: string[] = []): Promise<string[]> {
  let audit = new AxeBuilder({ page }).withTags(WCAG_21_AA)
  for (const selector of include) audit = audit.include(selector)
  const { violations } = await audit.analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

test('home, the created workshop and the name prompt have no serious accessibility violations, on a laptop and a phone', async ({ page, browser }) => {
  await page.goto('/')
  await expect(page.getByLabel('Namn på arbetspasset')).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  const links = await createWorkshopInUi(page, 'Tillgängligt', 'Lund', ['SWOT'])
  expect(await seriousViolations(page)).toEqual([])

  for (const options of [{ viewport: { width: 1280, height: 800 } }, PHONE]) {
    const context = await browser.newContext(options)
    const device = await context.newPage()
    await device.goto('/')
    await expect(device.getByLabel('Namn på arbetspasset')).toBeVisible()
    expect(await seriousViolations(device), `home at ${options.viewport.width} px`).toEqual([])
    await device.goto(links.participant)
    await expect(device.getByLabel('Ditt namn')).toBeVisible()
    expect(await seriousViolations(device), `name prompt at ${options.viewport.width} px`).toEqual([])
    await context.close()
  }
})

test('the facilitator’s top bar, facilitation bar and export menu have no serious accessibility violations', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Tillgängligt', 'Lund', ['SWOT'])
  const { page: facilitator } = await newDevice('Fia', links.facilitator, { viewport: { width: 1440, height: 900 } })
  await expect(facilitator.getByTestId('facilitation')).toBeVisible()
  expect(await seriousViolations(facilitator, ['.topbar', '[data-testid=facilitation]'])).toEqual([])
  await facilitator.locator('.export-menu summary').click()
  await expect(facilitator.locator('.export-menu [role=menu]')).toBeVisible()
  expect(await seriousViolations(facilitator, ['.export-menu'])).toEqual([])
})

test('home and the name prompt reflow at 320 px wide (400 % zoom): nothing scrolls sideways', async ({ page, browser }) => {
  const links = await createWorkshopInUi(page, 'Tillgängligt', 'Lund', ['SWOT'])
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true })
  const device = await context.newPage()
  const sideways = () => device.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)
  await device.goto('/')
  await expect(device.getByRole('checkbox', { name: 'SWOT' })).toBeVisible()
  expect(await sideways(), 'home scrolls sideways by this many px').toBe(0)
  await device.goto(links.participant)
  await expect(device.getByLabel('Ditt namn')).toBeVisible()
  expect(await sideways(), 'the name prompt scrolls sideways by this many px').toBe(0)
  await context.close()
})
