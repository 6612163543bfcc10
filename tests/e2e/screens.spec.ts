import type { Page } from '@playwright/test'
import { createWorkshopInUi, editorReady, expect, openBoard, parseLink, test } from './fixtures.ts'

const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true }

interface Box {
  x: number
  y: number
  width: number
  height: number
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Every template zone of the open board, where it is on the screen. */
function zonesOnScreen(page: Page): Promise<(Box & { zone: string })[]> {
  return page.evaluate(() => {
    const editor = (window as any).editor
    return editor
      .getCurrentPageShapes()
      .filter((s: any) => s.meta.template && typeof s.meta.zone === 'string')
      .map((s: any) => {
        const b = editor.getShapePageBounds(s.id)
        const tl = editor.pageToViewport({ x: b.x, y: b.y })
        const br = editor.pageToViewport({ x: b.x + b.w, y: b.y + b.h })
        const canvas = editor.getContainer().getBoundingClientRect()
        return { zone: s.meta.zone, x: tl.x + canvas.x, y: tl.y + canvas.y, width: br.x - tl.x, height: br.y - tl.y }
      })
  })
}

test('on a touch tablet the style panel waits to be asked for, and covers no part of the SWOT board', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Surfplattan', 'Malmö', ['SWOT'])
  const bo = await newDevice('Bo', links.participant, tablet)
  await expect(bo.page.locator('.tlui-style-panel')).toHaveCount(0)

  const zones = await zonesOnScreen(bo.page)
  expect(zones.map((z) => z.zone).sort()).toEqual(['hot', 'mojligheter', 'styrkor', 'svagheter'])
  const panels = bo.page.locator('.topbar, .tlui-menu-zone, .tlui-layout__top__right > *, .tlui-main-toolbar__inner, .tlui-navigation-panel')
  for (const panel of await panels.all()) {
    const box = await panel.boundingBox()
    if (!box) continue
    for (const zone of zones) expect(overlap(box, zone), `${zone.zone} under ${await panel.getAttribute('class')}`).toBe(false)
  }

  await bo.page.getByTestId('mobile-styles.button').tap()
  await expect(bo.page.locator('.tlui-style-panel')).toBeVisible()
})

test('a reload opens the board the participant was on', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Två tavlor', 'Lund', ['SWOT', 'Hur skapar vi en modig miljö?'])
  const anna = await newDevice('Anna', links.participant)
  const second = await anna.page.evaluate(() => (window as any).editor.getPages()[1].name)
  await openBoard(anna.page, second)
  await expect.poll(() => anna.page.evaluate(() => (window as any).editor.getCurrentPage().name)).toBe(second)
  await anna.page.reload()
  await editorReady(anna.page)
  await expect.poll(() => anna.page.evaluate(() => (window as any).editor.getCurrentPage().name)).toBe(second)
})

const ALL_BOARDS = [
  'Hur skapar vi en modig miljö?',
  'Hitta målgruppen och kontaktytan',
  'Olika nivåer av samverkan',
  'SWOT',
  'Mall – En gemensam utgångspunkt',
  'Mall – Lokal samverkansplan',
  'Ambitionen: utvecklingsnivåer för enskilda ärenden',
  'Mall – Rutin för enskilda ärenden',
]

/** Every template shape of the open board (zones, headings, questions, nodes), where it is on the screen. */
function templateOnScreen(page: Page): Promise<(Box & { id: string })[]> {
  return page.evaluate(() => {
    const editor = (window as any).editor
    const canvas = editor.getContainer().getBoundingClientRect()
    return editor
      .getCurrentPageShapes()
      .filter((s: any) => s.meta.template)
      .map((s: any) => {
        const b = editor.getShapePageBounds(s.id)
        const tl = editor.pageToViewport({ x: b.x, y: b.y })
        const br = editor.pageToViewport({ x: b.x + b.w, y: b.y + b.h })
        return { id: s.id, x: tl.x + canvas.x, y: tl.y + canvas.y, width: br.x - tl.x, height: br.y - tl.y }
      })
  })
}

const boardNames = (page: Page) => page.evaluate(() => (window as any).editor.getPages().map((p: any) => p.name) as string[])
const currentBoard = (page: Page) => page.evaluate(() => (window as any).editor.getCurrentPage().name as string)

test('eight boards: one row of bars, every board one menu away, and no board content under a panel on the tablet', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Hela metoden i Helsingborgs stad', 'Helsingborg', ALL_BOARDS)
  const fia = await newDevice('Fia', links.facilitator, { viewport: { width: 1440, height: 900 } })
  const bo = await newDevice('Bo', links.participant, tablet)
  const wall = await newDevice(null, links.viewer, { viewport: { width: 1920, height: 1080 } })
  const names = await boardNames(fia.page)
  expect(names).toHaveLength(8)

  // The facilitator's bars take one row each; the board starts right under them.
  const topbar = (await fia.page.locator('.topbar').boundingBox())!
  expect(topbar.height).toBeLessThanOrEqual(72)
  expect((await fia.page.locator('.canvas').boundingBox())!.y).toBeLessThan(150)
  await expect(fia.page.getByTestId('board-menu')).toBeVisible()

  for (const name of names) {
    await openBoard(fia.page, name)
    await expect.poll(() => currentBoard(fia.page)).toBe(name)
    // The projector follows the facilitator: a picture of each board on the wall.
    await expect.poll(() => currentBoard(wall.page)).toBe(name)
    await editorReady(wall.page)
    await wall.page.screenshot({ path: test.info().outputPath(`projector-${names.indexOf(name) + 1}.png`) })

    await openBoard(bo.page, name)
    await expect.poll(() => currentBoard(bo.page)).toBe(name)
    await editorReady(bo.page)
    await bo.page.screenshot({ path: test.info().outputPath(`tablet-${names.indexOf(name) + 1}.png`) })
    const content = await templateOnScreen(bo.page)
    expect(content.length).toBeGreaterThan(0)
    const panels = bo.page.locator('.topbar, .tlui-menu-zone, .tlui-layout__top__right > *, .tlui-main-toolbar__inner, .tlui-navigation-panel, .board-tools > *, .facilitation')
    const covered: string[] = []
    for (const panel of await panels.all()) {
      const box = await panel.boundingBox()
      if (!box) continue
      for (const shape of content) if (overlap(box, shape)) covered.push(`${shape.id} under ${await panel.getAttribute('class')}`)
    }
    expect(covered, name).toEqual([])
    // What the person taps at the middle of each part of the board is the board, not a panel.
    const unreachable = await bo.page.evaluate((shapes) => {
      return shapes
        .map((s) => ({ id: s.id, x: s.x + s.width / 2, y: s.y + s.height / 2 }))
        .filter((p) => p.x > 0 && p.y > 0 && p.x < innerWidth && p.y < innerHeight)
        .filter((p) => !document.elementFromPoint(p.x, p.y)?.closest('.tl-canvas'))
        .map((p) => p.id)
    }, content)
    expect(unreachable, name).toEqual([])
    // Keyboard hints (Tab, Enter) are not shown on a touch screen.
    for (const hint of await bo.page.locator('.board-tools kbd').all()) await expect(hint).toBeHidden()
    if (name === 'Målgrupp och kontaktyta') {
      expect(await bo.page.locator('.board-tools kbd').count()).toBeGreaterThan(0)
      // The list of suggestions opens within the screen.
      await bo.page.getByRole('button', { name: 'Förslag' }).tap()
      const list = (await bo.page.locator('.palette-panel').boundingBox())!
      expect(list.x >= 0 && list.x + list.width <= tablet.viewport.width, `${JSON.stringify(list)}`).toBe(true)
      await bo.page.getByRole('button', { name: 'Förslag' }).tap()
    }
    // Nor do the board's buttons cover tldraw's menu or style button.
    const chrome = await Promise.all(['.tlui-menu-zone', '.board-tools', '.style-on-demand'].map((selector) => bo.page.locator(selector).boundingBox()))
    const [menu, tools, style] = chrome
    if (tools) expect([overlap(tools, menu!), overlap(tools, style!)], name).toEqual([false, false])
  }
})

test('turning the tablet fits the board to the new screen, unless the person moved the view', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Vrid', 'Malmö', ['SWOT'])
  const bo = await newDevice('Bo', links.participant, tablet)
  const outside = async () => (await templateOnScreen(bo.page)).filter((s) => s.x < 0 || s.x + s.width > bo.page.viewportSize()!.width).length
  expect(await outside()).toBe(0)
  await bo.page.setViewportSize({ width: 768, height: 1024 })
  await expect.poll(outside).toBe(0)

  // Once Bo has zoomed in himself, turning back keeps his view.
  await bo.page.evaluate(() => void (window as any).editor.zoomIn(undefined, { immediate: true }))
  const zoom = await bo.page.evaluate(() => (window as any).editor.getZoomLevel())
  await bo.page.setViewportSize({ width: 1024, height: 768 })
  await bo.page.waitForTimeout(300)
  expect(await bo.page.evaluate(() => (window as any).editor.getZoomLevel())).toBe(zoom)

  // One tap brings the whole board back.
  await bo.page.evaluate(() => void (window as any).editor.zoomIn(undefined, { immediate: true }))
  expect(await outside()).toBeGreaterThan(0)
  await bo.page.getByRole('button', { name: 'Visa hela tavlan' }).tap()
  await expect.poll(outside).toBe(0)
})

test('on a tablet the create button stays in sight, and one tap chooses every board of the method', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto('/')
  await page.getByLabel('Namn på arbetspasset').fill('Hela metoden')
  const create = page.getByRole('button', { name: 'Skapa arbetspass' })
  const inSight = async () => {
    const box = (await create.boundingBox())!
    return box.y >= 0 && box.y + box.height <= 768
  }
  expect(await inSight()).toBe(true)
  await page.getByRole('button', { name: 'Alla tavlor i metoden' }).click()
  await expect(page.getByText('8 tavlor valda')).toBeVisible()
  // Scrolled to the last board: the button is still there.
  await page.getByRole('checkbox', { name: /Mall – Rutin för enskilda ärenden/ }).scrollIntoViewIfNeeded()
  expect(await inSight()).toBe(true)
  await page.screenshot({ path: test.info().outputPath('home-tablet.png') })
  await create.click()
  const link = await page.getByTestId('link-facilitator').inputValue()
  const { id, key } = parseLink(link)
  const details = await (await page.request.get(`${baseURL}/api/workshops/${id}?key=${key}`)).json()
  expect(details.boards.map((b: { kind: string }) => b.kind)).toEqual(['brave-space', 'mindmap', 'huxham', 'swot', 'a3-utgangspunkt', 'a3-samverkansplan', 'ambition', 'a3-rutin'])
})

test('a menu opened on the tablet closes with a tap outside it, and with Esc on the laptop', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Menyer', 'Lund', ALL_BOARDS)
  const bo = await newDevice('Bo', links.participant, tablet)
  const menu = bo.page.getByTestId('board-menu')
  await menu.locator('summary').tap()
  await expect(menu.getByRole('button').first()).toBeVisible()
  await bo.page.locator('.tl-canvas').tap({ position: { x: 500, y: 500 } })
  await expect(menu.getByRole('button').first()).toBeHidden()

  const fia = await newDevice('Fia', links.facilitator, { viewport: { width: 1280, height: 800 } })
  const exportMenu = fia.page.locator('.export-menu')
  await exportMenu.locator('summary').click()
  await expect(exportMenu.getByRole('menuitem').first()).toBeVisible()
  await fia.page.keyboard.press('Escape')
  await expect(exportMenu.getByRole('menuitem').first()).toBeHidden()
})
