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

test('every board’s list view has no serious accessibility violations, with notes, a tree and markers in it, and fits a phone', async ({ page, newDevice }) => {
  const boards = ['Hur skapar vi en modig miljö?', 'Hitta målgruppen och kontaktytan', 'Olika nivåer av samverkan', 'SWOT', 'Mall – En gemensam utgångspunkt', 'Mall – Lokal samverkansplan', 'Ambitionen: utvecklingsnivåer för enskilda ärenden', 'Mall – Rutin för enskilda ärenden']
  const links = await createWorkshopInUi(page, 'Tillgängligt', 'Lund', boards)
  const { page: phone } = await newDevice('Nora', links.participant, PHONE)
  const list = phone.getByTestId('list-view')
  await expect(list).toBeVisible()
  const names: string[] = await phone.evaluate(() => (window as any).editor.getPages().map((p: any) => p.name))
  expect(names).toHaveLength(boards.length)
  for (const name of names) {
    await phone.evaluate((name) => {
      const editor = (window as any).editor
      editor.setCurrentPage(editor.getPages().find((p: any) => p.name === name).id)
    }, name)
    await expect(list.getByRole('heading', { level: 2 })).toHaveText(`${name} som lista`)
    // Something written in the first zone, so a note and its buttons are audited too.
    const field = list.getByRole('textbox').first()
    if (await field.count()) {
      await field.fill(`Lapp på ${name}`)
      await field.press('Enter')
      await expect(list.getByRole('listitem').filter({ hasText: `Lapp på ${name}` })).toBeVisible()
    } else {
      await list.getByRole('button', { name: /^Ny målgrupp under/ }).click()
      await phone.keyboard.type('Hemlösa')
      await phone.keyboard.press('Enter')
      await expect(list.locator('.list-tree')).toContainText('Hemlösa')
    }
    const marker = list.getByRole('combobox', { name: /^Min markör/ }).first()
    if (await marker.count()) {
      await marker.selectOption({ index: 2 })
      await list.getByRole('button', { name: 'Placera' }).first().click()
      await expect(list.getByText(/^Markörer: Nu Nora/)).toBeVisible()
    }
    expect(await seriousViolations(phone, ['[data-testid=list-view]']), name).toEqual([])
    expect(await phone.evaluate(() => document.querySelector('[data-testid=list-view]')!.scrollWidth - document.querySelector('[data-testid=list-view]')!.clientWidth), `${name} scrolls sideways`).toBe(0)
  }
  // The page around the list (top bar, facilitation bar) fits the phone too.
  expect(await phone.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBe(0)
  // Every control in the bars is on the screen (the page clips instead of scrolling, so its width alone would not show it).
  const offScreen = await phone.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.topbar button, .topbar summary, .topbar select, [data-testid=facilitation] button')]
      .filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => el.textContent),
  )
  expect(offScreen).toEqual([])
})
