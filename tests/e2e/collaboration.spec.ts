import { addNote, addNoteAtScreen, createWorkshopInUi, cutOffSync, expect, openBoard, parseLink, test, zoneOnScreen } from './fixtures.ts'

test('a note made on one device appears on the other, with who is here', async ({ page, newDevice, requests, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Kärngruppen steg 2', 'Malmö')
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)

  await addNote(anna.page, 'Trygghet och tillit', { x: 300, y: 250 })
  await expect(bo.page.locator('.tl-canvas').getByText('Trygghet och tillit')).toBeVisible()

  await expect(bo.page.getByTestId('people')).toContainText('Anna')
  await expect(anna.page.getByTestId('people')).toContainText('Bo')

  // Bo's cursor shows on Anna's screen with his name, where he points.
  const bosCursor = anna.page.locator('.tl-collaborator__cursor', { hasText: 'Bo' })
  for (const [x, y] of [[600, 400], [640, 430]] as const) {
    await bo.page.mouse.move(x, y, { steps: 4 })
    await expect(bosCursor).toBeVisible()
    await expect
      .poll(async () => {
        const [cursor, canvas] = [await bosCursor.boundingBox(), await anna.page.locator('.tl-canvas').boundingBox()]
        const boCanvas = (await bo.page.locator('.tl-canvas').boundingBox())!
        return cursor && canvas ? Math.hypot(cursor.x - canvas.x - (x - boCanvas.x), cursor.y - canvas.y - (y - boCanvas.y)) : Infinity
      })
      .toBeLessThan(30)
  }
  await expect(bo.page.getByText('Kärngruppen steg 2')).toBeVisible()

  const foreign = requests.filter((url) => !url.startsWith(baseURL!) && !url.startsWith(baseURL!.replace('http', 'ws')) && !/^(data|blob):/.test(url))
  expect(foreign).toEqual([])
  expect(requests.length).toBeGreaterThan(5)
})

test('a note made offline appears for the others after reconnecting', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Offline-test', 'Lund')
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)

  await bo.context.setOffline(true)
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
  await addNote(bo.page, 'Skriven offline', { x: 320, y: 260 })
  await expect(bo.page.locator('.tl-canvas').getByText('Skriven offline')).toBeVisible()
  await anna.page.waitForTimeout(1000)
  await expect(anna.page.locator('.tl-canvas').getByText('Skriven offline')).toHaveCount(0)

  await bo.context.setOffline(false)
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online')
  await expect(anna.page.locator('.tl-canvas').getByText('Skriven offline')).toBeVisible()
})

test("undo takes back only your own notes, never a colleague's", async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Ångra-test', 'Ystad')
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)

  await addNote(bo.page, 'Bos lapp', { x: 200, y: 200 })
  await expect(anna.page.locator('.tl-canvas').getByText('Bos lapp')).toBeVisible()
  await addNote(anna.page, 'Annas lapp', { x: 500, y: 300 })
  await expect(bo.page.locator('.tl-canvas').getByText('Annas lapp')).toBeVisible()

  // More presses than Anna has changes: the extra ones must not reach Bo's note.
  await anna.page.locator('.tl-canvas').click({ position: { x: 700, y: 450 } })
  for (let i = 0; i < 6; i++) await anna.page.keyboard.press('ControlOrMeta+z')

  for (const device of [anna, bo]) {
    await expect(device.page.locator('.tl-canvas').getByText('Annas lapp')).toHaveCount(0)
    await expect(device.page.locator('.tl-canvas').getByText('Bos lapp')).toBeVisible()
  }
  // Creating the note and typing into it are two steps, as in tldraw itself.
  await anna.page.keyboard.press('ControlOrMeta+Shift+z')
  await anna.page.keyboard.press('ControlOrMeta+Shift+z')
  await expect(bo.page.locator('.tl-canvas').getByText('Annas lapp')).toBeVisible()
})

test('notes written while the server is unreachable survive a reload and sync later', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Avbrott', 'Trelleborg')
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)

  const reconnect = await cutOffSync(bo)
  await addNote(bo.page, 'Sparad lokalt', { x: 300, y: 300 })
  await bo.page.waitForTimeout(500)
  await bo.page.reload()
  await expect(bo.page.locator('.tl-canvas').getByText('Sparad lokalt')).toBeVisible()
  await expect(anna.page.locator('.tl-canvas').getByText('Sparad lokalt')).toHaveCount(0)

  reconnect()
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  await expect(anna.page.locator('.tl-canvas').getByText('Sparad lokalt')).toBeVisible()
})

test('a board locked while a device was offline: the rest of its work syncs, the locked note is kept aside on the device', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Låst under avbrott', 'Kalmar', ['SWOT', 'Hur skapar vi en modig miljö?'])
  const fia = await newDevice('Fia', links.facilitator)
  const bo = await newDevice('Bo', links.participant)
  const reconnect = await cutOffSync(bo)

  await openBoard(bo.page, 'SWOT')
  await addNoteAtScreen(bo.page, 'Skrevs på SWOT offline', await zoneOnScreen(bo.page, 'styrkor'))
  await openBoard(bo.page, 'Modig miljö')
  await addNoteAtScreen(bo.page, 'Skrevs i modigt rum offline', await zoneOnScreen(bo.page, 'a-1'))
  await bo.page.waitForTimeout(500)

  // Meanwhile the facilitator locks the SWOT board.
  const { id, key } = parseLink(links.facilitator)
  const auth = { Authorization: `Bearer ${key}` }
  const swot = (await (await page.request.get(`${baseURL}/api/workshops/${id}`, { headers: auth })).json()).boards.find((b: { kind: string }) => b.kind === 'swot').id
  expect((await page.request.post(`${baseURL}/api/workshops/${id}/boards/${swot}/lock`, { headers: auth, data: { locked: true } })).status()).toBe(200)

  reconnect()
  await expect(bo.page.getByTestId('set-aside')).toContainText('Skrevs på SWOT offline')
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  await openBoard(fia.page, 'Modig miljö')
  await expect(fia.page.locator('.tl-canvas').getByText('Skrevs i modigt rum offline')).toBeVisible()
  await openBoard(fia.page, 'SWOT')
  await expect(fia.page.locator('.tl-canvas').getByText('Skrevs på SWOT offline')).toHaveCount(0)

  // No loop of refusals: the device stays online, and what was set aside survives a reload.
  await bo.page.waitForTimeout(3000)
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online')
  await bo.page.reload()
  await expect(bo.page.getByTestId('set-aside')).toContainText('Skrevs på SWOT offline')
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
})

test('a participant who drops an image is told that only the facilitator adds images; nobody gets it', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Bilder', 'Umeå', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  // A 1×1 PNG dropped on the canvas, as from the file manager.
  await anna.page.locator('.tl-canvas').evaluate((canvas) => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))
    const files = new DataTransfer()
    files.items.add(new File([png], 'bild.png', { type: 'image/png' }))
    const box = canvas.getBoundingClientRect()
    const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true, dataTransfer: files }
    canvas.dispatchEvent(new DragEvent('dragover', at))
    canvas.dispatchEvent(new DragEvent('drop', at))
  })
  await expect(anna.page.getByTestId('refused-notice')).toContainText('bara facilitatorn')
  const images = (device: typeof anna) => device.page.evaluate(() => (window as any).editor.store.allRecords().filter((r: any) => r.typeName === 'asset' || r.type === 'image').length)
  await expect.poll(() => images(anna)).toBe(0)
  expect(await images(fia)).toBe(0)
  await expect(anna.page.getByTestId('refused-notice')).toHaveCount(0, { timeout: 10_000 })
})

test('the projector link shows the board in Swedish, asks no name, shows no cursors and cannot change it', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Projektor', 'Helsingborg')
  const anna = await newDevice('Anna', links.participant)
  const wall = await newDevice(null, links.viewer)
  await expect(wall.page.getByLabel('Ditt namn')).toHaveCount(0)
  await expect(anna.page.getByTestId('people')).toContainText('Projektor')

  await expect(anna.page.getByTestId('tools.note')).toHaveAttribute('aria-label', /^Lapp/)
  await expect(wall.page.getByText('Endast visning')).toBeVisible()
  await expect(wall.page.getByTestId('tools.note')).toHaveCount(0)

  await addNote(anna.page, 'Syns på väggen', { x: 400, y: 300 })
  await expect(wall.page.locator('.tl-canvas').getByText('Syns på väggen')).toBeVisible()
  // Anna points at her note: the wall shows the note, not her cursor and name over it.
  await anna.page.mouse.move(420, 320, { steps: 4 })
  await expect(anna.page.locator('.tl-canvas').getByText('Syns på väggen')).toBeVisible()
  await expect.poll(() => wall.page.evaluate(() => (window as any).editor.getVisibleCollaboratorsOnCurrentPage().length)).toBeGreaterThan(0)
  await expect(wall.page.locator('.tl-collaborator__cursor')).toHaveCount(0)
  // Anna selects her note: the wall knows, and draws neither her selection outline nor any other mark of hers on its canvas.
  await anna.page.evaluate(() => void (window as any).editor.selectAll())
  await expect
    .poll(() => wall.page.evaluate(() => (window as any).editor.getVisibleCollaboratorsOnCurrentPage().some((c: { selectedShapeIds: string[] }) => c.selectedShapeIds.length > 0)))
    .toBe(true)
  const collaboratorOverlaysDrawn = (device: typeof wall) =>
    device.page.evaluate(() =>
      (window as any).editor.overlays
        .getOverlayUtilsInZOrder()
        .filter((util: { isActive(): boolean }) => util.isActive())
        .map((util: { constructor: { type: string } }) => util.constructor.type)
        .filter((type: string) => type.startsWith('collaborator')),
    )
  expect(await collaboratorOverlaysDrawn(wall)).toEqual([])
  await anna.page.evaluate(() => void (window as any).editor.selectNone())
  // Nor does the wall's own pointer show on Anna's board, though she sees it is here.
  await wall.page.mouse.move(500, 300, { steps: 4 })
  await wall.page.mouse.move(520, 320, { steps: 4 })
  await anna.page.waitForTimeout(500)
  await expect(anna.page.locator('.tl-collaborator__cursor')).toHaveCount(0)

  // Typing and deleting on the projector changes nothing for anyone.
  await wall.page.locator('.tl-canvas').getByText('Syns på väggen').click()
  await wall.page.keyboard.press('Delete')
  await wall.page.keyboard.press('n')
  await wall.page.locator('.tl-canvas').click({ position: { x: 200, y: 200 } })
  await wall.page.keyboard.type('från väggen')
  await anna.page.waitForTimeout(500)
  await expect(anna.page.locator('.tl-canvas').getByText('Syns på väggen')).toBeVisible()
  await expect(anna.page.locator('.tl-canvas').getByText('från väggen')).toHaveCount(0)
})
