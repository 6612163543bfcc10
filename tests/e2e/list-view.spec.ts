/**
 * Issue 16: every board as a list. A participant on a phone takes part with the keyboard
 * alone (no mouse or touch events), and a colleague on the canvas sees each change, and the
 * other way round.
 */
import type { Locator, Page } from '@playwright/test'
import { addNoteAtScreen, createWorkshopInUi, editorReady, expect, openBoard, test, zoneOnScreen } from './fixtures.ts'

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
  // A screen reader hears of it, politely and a few seconds later; of Nora's own notes, nothing.
  await expect(phone.getByTestId('list-news')).toHaveText('Ny lapp i Hot (externa)', { timeout: 10_000 })
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

  // She moves one to another quadrant with the keyboard; focus follows the note.
  const moving = zone(phone, 'styrkor').getByRole('listitem').filter({ hasText: 'Engagerade kollegor' })
  await tabTo(phone, moving.getByRole('combobox', { name: 'Flytta till' }))
  await phone.keyboard.press('ArrowDown')
  await phone.keyboard.press('ArrowDown')
  await phone.keyboard.press('ArrowDown')
  await expect(moving.getByRole('combobox', { name: 'Flytta till' })).toHaveValue('mojligheter')
  await phone.keyboard.press('Tab')
  await phone.keyboard.press('Enter')
  await expect.poll(() => writingOn(laptop, 'Engagerade kollegor')).toEqual({ zone: 'mojligheter', type: 'note' })
  await expect(zone(phone, 'mojligheter').getByRole('listitem').filter({ hasText: 'Engagerade kollegor' })).toBeFocused()

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
  const chain = () => laptop.evaluate(() => {
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
    return [actor?.meta.node, place?.meta.node, group?.meta.node, parentOf(group?.id)?.meta.node, actor?.meta.author]
  })
  // On the colleague's canvas as a chain of bound nodes, each carrying who added it (for the report and the spreadsheet).
  await expect.poll(chain).toEqual(['aktor', 'plats', 'malgrupp', 'stad', 'Nora'])
  // Her own node she can rename; the centre (the template's) she cannot.
  await expect(phone.getByRole('button', { name: 'Ändra: Malmö' })).toHaveCount(0)
  await tabTo(phone, phone.getByRole('button', { name: 'Ändra: Härbärget' }))
  await phone.keyboard.press('Enter')
  await phone.keyboard.press('End')
  await phone.keyboard.type(' Ljuset')
  await phone.keyboard.press('Enter')
  await expect.poll(() => writingOn(laptop, 'Härbärget Ljuset').then((found) => found?.type)).toBe('geo')

  // The Huxham ladder: an actor card on "Nu – 2. Koordinering", typed, and one taken from the mind map's actors.
  await openBoardByKeyboard(phone, 'Samverkansnivåer')
  await write(phone, zone(phone, 'nu-2').getByRole('textbox'), 'Hotell')
  await expect.poll(() => writingOn(laptop, 'Hotell')).toEqual({ zone: 'nu-2', type: 'note' })
  const suggestions = zone(phone, 'onskat-3').getByRole('combobox', { name: /^Förslag/ })
  await tabTo(phone, suggestions)
  await phone.keyboard.press('ArrowDown')
  await expect(zone(phone, 'onskat-3').getByRole('textbox')).toHaveValue('Stadsmissionen')
  await phone.keyboard.press('Tab')
  await phone.keyboard.press('Enter')
  const cardOnLadder = () => laptop.evaluate(() => (window as any).editor.store.allRecords().some((r: any) => r.type === 'note' && r.meta.zone === 'onskat-3' && JSON.stringify(r.props.richText).includes('Stadsmissionen')))
  await expect.poll(cardOnLadder).toBe(true)

  // The A3 plan: a question and a table cell.
  await openBoardByKeyboard(phone, 'Lokal samverkansplan')
  await write(phone, zone(phone, 'marknad-1').getByRole('textbox'), 'Hotellens personal')
  await write(phone, zone(phone, 'ar1-1').getByRole('textbox'), 'Utbildning för taxi')
  await expect.poll(() => writingOn(laptop, 'Hotellens personal')).toEqual({ zone: 'marknad-1', type: 'note' })
  await expect.poll(() => writingOn(laptop, 'Utbildning för taxi')).toEqual({ zone: 'ar1-1', type: 'note' })
  // Anyone may add a goal: its row appears in the list, ready to write in.
  await tabTo(phone, phone.getByRole('button', { name: '+ Delmål' }))
  await phone.keyboard.press('Enter')
  await write(phone, zone(phone, 'delmal-4').getByRole('textbox'), 'Fler anmälningar')
  await expect.poll(() => writingOn(laptop, 'Fler anmälningar')).toEqual({ zone: 'delmal-4', type: 'note' })
})

test('private writing, anonymity, locks and dot votes hold in the list view as on the canvas', async ({ page, newDevice }) => {
  test.setTimeout(120_000)
  const links = await createWorkshopInUi(page, 'Reglerna', 'Lund', ['Hur skapar vi en modig miljö?', 'SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)
  await anna.page.getByRole('button', { name: 'Lista' }).click()
  await expect(anna.page.getByTestId('list-view')).toBeVisible()
  const inDocument = (device: typeof bo, text: string) =>
    device.page.evaluate((text) => (window as any).editor.store.allRecords().some((r: any) => JSON.stringify(r).includes(text)), text)

  // Private writing on the anonymous brave space: the note stays on Anna's device until the reveal, and names nobody.
  await fia.page.getByRole('button', { name: 'Skriv privat' }).click()
  await expect(anna.page.getByTestId('private-writing')).toBeVisible()
  await zone(anna.page, 'a-1').getByRole('textbox').fill('Annas hemliga lapp')
  await zone(anna.page, 'a-1').getByRole('button', { name: 'Lägg till' }).click()
  const secret = zone(anna.page, 'a-1').getByRole('listitem').filter({ hasText: 'Annas hemliga lapp' })
  await expect(secret).toContainText('Bara du ser den')
  await bo.page.waitForTimeout(800)
  expect(await inDocument(bo, 'Annas hemliga lapp')).toBe(false)
  await fia.page.getByRole('button', { name: 'Visa allas lappar' }).click()
  await expect(bo.page.locator('.tl-canvas').getByText('Annas hemliga lapp')).toBeVisible()
  await expect(secret).not.toContainText('Bara du ser den')
  await expect(secret).not.toContainText('av Anna')
  const revealed = await bo.page.evaluate(() => (window as any).editor.getCurrentPageShapes().find((s: any) => s.type === 'note'))
  expect(revealed.meta.author).toBeUndefined()
  expect(revealed.meta.zone).toBe('a-1')

  // A locked board offers nothing to write with, and the server would refuse it anyway.
  for (const device of [fia, anna]) await openBoard(device.page, 'SWOT')
  await fia.page.getByRole('button', { name: 'Lås tavlan' }).click()
  await expect(anna.page.getByTestId('list-view')).toContainText('Tavlan är låst')
  await expect(anna.page.getByTestId('list-view').getByRole('textbox')).toHaveCount(0)
  await fia.page.getByRole('button', { name: 'Lås upp tavlan' }).click()
  await expect(zone(anna.page, 'styrkor').getByRole('textbox')).toBeVisible()

  // A dot vote from the list: Anna's dots, and the count once the vote ends.
  await addNoteAtScreen(fia.page, 'Bred kompetens', await zoneOnScreen(fia.page, 'styrkor', { x: 0.3, y: 0.5 }))
  const note = zone(anna.page, 'styrkor').getByRole('listitem').filter({ hasText: 'Bred kompetens' })
  await expect(note).toContainText('av Fia')
  await fia.page.getByLabel('Prickar per person').selectOption('2')
  await fia.page.getByRole('button', { name: 'Starta röstning' }).click()
  await expect(anna.page.getByTestId('list-view')).toContainText('2 prickar kvar')
  await note.getByRole('button', { name: 'Lägg en prick: Bred kompetens' }).click()
  await expect(anna.page.getByTestId('dots-left')).toHaveText('1 prick kvar')
  await note.getByRole('button', { name: 'Lägg en prick: Bred kompetens' }).click()
  await expect(anna.page.getByTestId('list-view')).toContainText('0 prickar kvar')
  await expect(note.getByRole('button', { name: 'Lägg en prick: Bred kompetens' })).toBeDisabled()
  await note.getByRole('button', { name: 'Ta tillbaka en prick: Bred kompetens' }).click()
  await expect(anna.page.getByTestId('dots-left')).toHaveText('1 prick kvar')
  await note.getByRole('button', { name: 'Lägg en prick: Bred kompetens' }).click()
  await fia.page.getByRole('button', { name: 'Avsluta röstning' }).click()
  await expect(note).toContainText('2 röster')
})
