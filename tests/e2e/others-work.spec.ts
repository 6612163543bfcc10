import type { BrowserContextOptions, Page } from '@playwright/test'
import { addNote, createWorkshopInUi, expect, notesInDocument, parseLink, test, type Device } from './fixtures.ts'

const laptop = { viewport: { width: 1280, height: 800 } }
const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true }

/** The middle of a note on this device's screen, found by its text. */
async function noteAt(page: Page, text: string) {
  const box = (await page.locator('.tl-canvas').getByText(text, { exact: true }).boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** A workshop with Anna on a laptop and Bo on `boScreen`, and where to read what it stores. */
async function annaAndBo(page: Page, newDevice: (name: string, link: string, options?: BrowserContextOptions) => Promise<Device>, title: string, boScreen: BrowserContextOptions) {
  const links = await createWorkshopInUi(page, title, 'Malmö')
  const { id, key } = parseLink(links.participant)
  return { id, key, anna: await newDevice('Anna', links.participant, laptop), bo: await newDevice('Bo', links.participant, boScreen) }
}

test("a participant's double tap on a colleague's note and typing keeps the colleague's text; moving it is fine", async ({ page, newDevice, baseURL }) => {
  const { id, key, anna, bo } = await annaAndBo(page, newDevice, 'Gruppera lappar', tablet)

  await addNote(anna.page, 'Fattigdom och skulder', { x: 300, y: 250 })
  await expect(bo.page.locator('.tl-canvas').getByText('Fattigdom och skulder')).toBeVisible()

  const at = await noteAt(bo.page, 'Fattigdom och skulder')
  await bo.page.touchscreen.tap(at.x, at.y)
  await bo.page.touchscreen.tap(at.x, at.y)
  await bo.page.keyboard.type('Allt är bra', { delay: 30 })
  await bo.page.keyboard.press('Escape')
  await expect(bo.page.getByTestId('refused-notice')).toContainText('någon annan')
  expect(await notesInDocument(baseURL!, id, key)).toEqual(['Fattigdom och skulder'])

  // Grouping colleagues' notes is the work: Bo may move Anna's note.
  await bo.page.getByTestId('tools.select').tap()
  const before = await noteAt(anna.page, 'Fattigdom och skulder')
  const from = await noteAt(bo.page, 'Fattigdom och skulder')
  await bo.page.mouse.move(from.x, from.y)
  await bo.page.mouse.down()
  await bo.page.mouse.move(from.x + 250, from.y + 120, { steps: 8 })
  await bo.page.mouse.up()
  await expect.poll(async () => (await noteAt(anna.page, 'Fattigdom och skulder')).x - before.x).toBeGreaterThan(100)
  expect(await notesInDocument(baseURL!, id, key)).toEqual(['Fattigdom och skulder'])
})

test('select all and Delete as a participant removes only their own notes; their own note opens with the caret at its end', async ({ page, newDevice, baseURL }) => {
  const { id, key, anna, bo } = await annaAndBo(page, newDevice, 'Rensa', laptop)

  await addNote(bo.page, 'Bos lapp', { x: 250, y: 220 })
  await addNote(anna.page, 'Annas lapp', { x: 650, y: 320 })
  await expect(bo.page.locator('.tl-canvas').getByText('Annas lapp')).toBeVisible()

  // Opening her own note again and typing adds to it, it does not replace it.
  const own = await noteAt(anna.page, 'Annas lapp')
  await anna.page.mouse.dblclick(own.x, own.y)
  await anna.page.keyboard.type(' igen', { delay: 30 })
  await anna.page.keyboard.press('Escape')
  await expect(bo.page.locator('.tl-canvas').getByText('Annas lapp igen')).toBeVisible()

  await anna.page.locator('.tl-canvas').click({ position: { x: 60, y: 500 } })
  await anna.page.keyboard.press('ControlOrMeta+a')
  await anna.page.keyboard.press('Delete')
  await expect(bo.page.locator('.tl-canvas').getByText('Annas lapp igen')).toHaveCount(0)
  await expect(anna.page.getByTestId('refused-notice')).toContainText('någon annan')
  await expect(anna.page.locator('.tl-canvas').getByText('Bos lapp')).toBeVisible()
  await expect(bo.page.locator('.tl-canvas').getByText('Bos lapp')).toBeVisible()
  expect(await notesInDocument(baseURL!, id, key)).toEqual(['Bos lapp'])
})
