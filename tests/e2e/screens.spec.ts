import type { Page } from '@playwright/test'
import { createWorkshopInUi, editorReady, expect, openBoard, test } from './fixtures.ts'

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
