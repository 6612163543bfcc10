/**
 * Issue 16: every board as a list. A participant on a phone takes part with the keyboard
 * alone (no mouse or touch events), and a colleague on the canvas sees each change, and the
 * other way round.
 */
import type { Locator, Page } from '@playwright/test'
import { createWorkshopInUi, editorReady, expect, test } from './fixtures.ts'

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }

/** Moves keyboard focus with Tab alone until `target` has it. */
async function tabTo(page: Page, target: Locator, max = 300) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`not reachable with Tab: ${target}`)
}

/** Types into a field reached with Tab, and sends it with Enter. */
async function write(page: Page, field: Locator, text: string) {
  await tabTo(page, field)
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

/** Opens a board from the top bar's board menu with the keyboard. */
async function openBoardByKeyboard(page: Page, title: string) {
  await tabTo(page, page.getByTestId('board-menu').locator('summary'))
  await page.keyboard.press('Enter')
  await tabTo(page, page.getByTestId('board-menu').getByRole('button', { name: title, exact: true }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: `${title} som lista` })).toBeVisible()
}

const zone = (page: Page, key: string) => page.locator(`[data-zone="${key}"]`)

/** Notes and texts in a colleague's store, wherever their canvas is: the zone each is filed under, by text. */
async function writingOn(page: Page, text: string): Promise<{ zone: unknown; type: string } | null> {
  return page.evaluate((text) => {
    const editor = (window as any).editor
    const shape = editor.store.allRecords().find((r: any) => r.typeName === 'shape' && JSON.stringify(r.props.richText ?? '').includes(text))
    return shape ? { zone: shape.meta.zone ?? null, type: shape.type } : null
  }, text)
}

test('on a phone, with the keyboard alone, a participant writes on every kind of board, and the canvas and the list see each other live', async ({ browser, page }) => {
  test.setTimeout(180_000)
  const links = await createWorkshopInUi(page, 'Listan', 'Malmö', ['SWOT', 'Hitta målgruppen och kontaktytan', 'Olika nivåer av samverkan', 'Mall – Lokal samverkansplan'])

  const laptop = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await laptop.goto(links.participant)
  await laptop.getByLabel('Ditt namn').fill('Lars')
  await laptop.getByRole('button', { name: 'Gå med' }).click()
  await editorReady(laptop)

  const phone = await (await browser.newContext(PHONE)).newPage()
  await phone.goto(links.participant)
  await tabTo(phone, phone.getByLabel('Ditt namn'))
  await phone.keyboard.type('Nora')
  await phone.keyboard.press('Enter')
  // A phone opens the list; the canvas under it takes no focus.
  await expect(phone.getByTestId('list-view')).toBeVisible()
  await expect(phone.getByRole('button', { name: 'Lista' })).toHaveAttribute('aria-pressed', 'true')

  // SWOT: one note in each quadrant.
  await openBoardByKeyboard(phone, 'SWOT')
  const quadrants = { styrkor: 'Engagerade kollegor', svagheter: 'Lite tid', mojligheter: 'Nytt nätverk', hot: 'Tystnad' }
  for (const [key, text] of Object.entries(quadrants)) {
    await write(phone, zone(phone, key).getByRole('textbox'), text)
    await expect(zone(phone, key).getByRole('listitem').filter({ hasText: text })).toBeVisible()
  }
  for (const [key, text] of Object.entries(quadrants)) await expect.poll(() => writingOn(laptop, text)).toEqual({ zone: key, type: 'note' })

  // A note written on the canvas appears in the list, in its quadrant, with its author.
  await laptop.evaluate(() => {
    const editor = (window as any).editor
    const page = editor.getPages().find((p: any) => p.name === 'SWOT')
    editor.setCurrentPage(page.id)
    const hot = editor.getCurrentPageShapes().find((s: any) => s.meta.zone === 'hot')
    const bounds = editor.getShapePageBounds(hot.id)
    editor.createShape({ type: 'note', x: bounds.midX - 100, y: bounds.midY - 100, props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Från duken' }] }] } } })
  })
  await expect(zone(phone, 'hot').getByRole('listitem').filter({ hasText: 'Från duken' })).toContainText('av Lars')
  // Someone else's note can be moved but not changed or deleted.
  const lars = zone(phone, 'hot').getByRole('listitem').filter({ hasText: 'Från duken' })
  await expect(lars.getByRole('button', { name: 'Ändra' })).toHaveCount(0)
  await expect(lars.getByRole('button', { name: 'Ta bort' })).toHaveCount(0)

  // Nora changes her own note with the keyboard.
  const mine = zone(phone, 'svagheter').getByRole('listitem').filter({ hasText: 'Lite tid' })
  await tabTo(phone, mine.getByRole('button', { name: 'Ändra' }))
  await phone.keyboard.press('Enter')
  await phone.keyboard.press('End')
  await phone.keyboard.type(' för samverkan')
  await phone.keyboard.press('Enter')
  await expect.poll(() => writingOn(laptop, 'Lite tid för samverkan')).toEqual({ zone: 'svagheter', type: 'note' })

  // The mind map: målgrupp → plats → aktör.
  await openBoardByKeyboard(phone, 'Målgrupp och kontaktyta')
  for (const [button, text] of [
    ['Ny målgrupp under Malmö', 'Hemlösa'],
    ['Ny plats / verksamhet under Hemlösa', 'Härbärget'],
    ['Ny aktör under Härbärget', 'Stadsmissionen'],
  ] as const) {
    await tabTo(phone, phone.getByRole('button', { name: button }))
    await phone.keyboard.press('Enter')
    await phone.keyboard.type(text)
    await phone.keyboard.press('Enter')
    await expect(phone.locator('.list-tree')).toContainText(text)
  }
  const chain = await laptop.evaluate(() => {
    const editor = (window as any).editor
    const byText = (text: string) => editor.store.allRecords().find((r: any) => r.typeName === 'shape' && JSON.stringify(r.props.richText ?? '').includes(text))
    const parentOf = (id: string) => {
      const end = editor.store.allRecords().find((r: any) => r.typeName === 'binding' && r.toId === id && r.props.terminal === 'end')
      const start = end && editor.store.allRecords().find((r: any) => r.typeName === 'binding' && r.fromId === end.fromId && r.props.terminal === 'start')
      return start ? editor.store.get(start.toId) : null
    }
    const actor = byText('Stadsmissionen')
    const place = actor && parentOf(actor.id)
    const group = place && parentOf(place.id)
    return [actor?.meta.node, place?.meta.node, group?.meta.node, parentOf(group?.id)?.meta.node]
  })
  expect(chain).toEqual(['aktor', 'plats', 'malgrupp', 'stad'])

  // The Huxham ladder: an actor card on "Nu – 2. Koordinering".
  await openBoardByKeyboard(phone, 'Samverkansnivåer')
  await write(phone, zone(phone, 'nu-2').getByRole('textbox'), 'Hotell')
  await expect.poll(() => writingOn(laptop, 'Hotell')).toEqual({ zone: 'nu-2', type: 'note' })

  // The A3 plan: a question and a table cell.
  await openBoardByKeyboard(phone, 'Lokal samverkansplan')
  await write(phone, zone(phone, 'marknad-1').getByRole('textbox'), 'Hotellens personal')
  await write(phone, zone(phone, 'ar1-1').getByRole('textbox'), 'Utbildning för taxi')
  await expect.poll(() => writingOn(laptop, 'Hotellens personal')).toEqual({ zone: 'marknad-1', type: 'note' })
  await expect.poll(() => writingOn(laptop, 'Utbildning för taxi')).toEqual({ zone: 'ar1-1', type: 'note' })
})
