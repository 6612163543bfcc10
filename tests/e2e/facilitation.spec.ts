import { readFileSync } from 'node:fs'
import { addNoteAtScreen, createWorkshopInUi, expect, openBoard, parseLink, test, zoneOnScreen } from './fixtures.ts'

const seconds = (text: string | null) => {
  const [m, s] = (text ?? '').split(':').map(Number)
  return m! * 60 + s!
}

test('facilitator, participant and projector: one timer, following, a lock, and no control for others', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Arbetspass 90', 'Malmö', ['SWOT', 'Hur skapar vi en modig miljö?'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const wall = await newDevice(null, links.viewer)
  // Anna's device clock is seven minutes wrong: the timer must not care.
  await anna.page.clock.install({ time: Date.now() + 7 * 60_000 })
  await anna.page.reload()
  await expect(anna.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online')
  expect((await anna.page.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(6 * 60_000)

  await fia.page.getByLabel('Hur lång tid').selectOption('10 min')
  await fia.page.getByRole('button', { name: 'Starta tiden' }).click()
  const times = async () => Promise.all([fia, anna, wall].map(async (d) => seconds(await d.page.getByTestId('timer-time').textContent())))
  await expect.poll(async () => (await times()).every((t) => t > 590 && t <= 600)).toBe(true)
  const [f, a, w] = await times()
  expect(Math.max(f!, a!, w!) - Math.min(f!, a!, w!)).toBeLessThanOrEqual(2)

  // Only the facilitator has the controls, and the server refuses anyone else.
  await expect(anna.page.getByRole('button', { name: 'Pausa' })).toHaveCount(0)
  const { id, key: participantKey } = parseLink(links.participant)
  const tryAs = (path: string, body: unknown) =>
    anna.page.request.post(`${baseURL}/api/workshops/${id}${path}`, { data: body, headers: { Authorization: `Bearer ${participantKey}` } })
  expect((await tryAs('/timer', { action: 'stop' })).status()).toBe(403)
  expect((await tryAs('/follow', { userId: null })).status()).toBe(403)
  await expect(anna.page.getByTestId('facilitation-news')).toHaveText(/^Tiden går: (10:00|9:5\d) kvar$/)
  await fia.page.getByRole('button', { name: 'Pausa' }).click()
  await expect(wall.page.getByTestId('timer-time')).toHaveAttribute('data-status', 'paused')
  // Screen readers hear it once, politely.
  await expect(anna.page.getByTestId('facilitation-news')).toHaveText('Tiden är pausad')
  await expect(anna.page.getByTestId('facilitation-news')).toHaveAttribute('aria-live', 'polite')

  // The projector shows the board without editing tools, and follows the facilitator.
  await expect(wall.page.getByTestId('tools.note')).toHaveCount(0)
  await openBoard(fia.page, 'SWOT')
  await fia.page.getByRole('button', { name: 'Hämta alla hit' }).click()
  await expect(wall.page.locator('.tl-canvas').getByText('Styrkor (interna)')).toBeVisible()
  await expect(anna.page.locator('.tl-canvas').getByText('Styrkor (interna)')).toBeVisible()
  await expect(anna.page.getByTestId('facilitation-news')).toHaveText('Facilitatorn har hämtat alla till SWOT')

  // Anna steps out by panning. The facilitator moving about does not pull her back; she steps back in herself.
  const following = (device: typeof anna) => device.page.evaluate(() => (window as any).editor.getInstanceState().followingUserId)
  await expect.poll(() => following(anna)).not.toBeNull()
  await anna.page.mouse.move(640, 400)
  await anna.page.mouse.wheel(0, 300)
  await expect.poll(() => following(anna)).toBeNull()
  // The facilitator sees who is still with them (participants; the wall always follows).
  await expect(fia.page.getByTestId('followers')).toHaveText('0 av 1 följer dig')
  for (let x = 400; x < 700; x += 60) await fia.page.mouse.move(x, 450)
  await anna.page.waitForTimeout(600)
  expect(await following(anna)).toBeNull()
  await anna.page.getByRole('button', { name: 'Följ facilitatorn' }).click()
  await expect.poll(() => following(anna)).not.toBeNull()
  await expect(fia.page.getByTestId('followers')).toHaveText('1 av 1 följer dig')
  expect(await following(wall)).not.toBeNull()

  // A locked board is read-only for participants, and the server refuses their lock request.
  const board = await fia.page.evaluate(() => (window as any).editor.getCurrentPageId())
  expect((await tryAs(`/boards/${board}/lock`, { locked: false })).status()).toBe(403)
  await fia.page.getByRole('button', { name: 'Lås tavlan' }).click()
  await expect(anna.page.getByText('Tavlan är låst')).toBeVisible()
  await expect(anna.page.getByTestId('tools.note')).toHaveCount(0)
  await fia.page.getByRole('button', { name: 'Lås upp tavlan' }).click()
  await expect(anna.page.getByTestId('tools.note')).toBeVisible()
})

test('a timer ends on every screen and says so there; the next one can be of any length', async ({ page, newDevice }) => {
  // Device clocks are corrected against the server's, so this one runs for real: 6 seconds.
  // When it clears itself (a minute after the end) is timerShown's, unit-tested in shared/.
  const links = await createWorkshopInUi(page, 'Tiden', 'Malmö', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const wall = await newDevice(null, links.viewer)
  await fia.page.getByLabel('Hur lång tid').selectOption({ label: 'Annan tid…' })
  await fia.page.getByLabel('Antal minuter').fill('0,1')
  await fia.page.getByRole('button', { name: 'Starta tiden' }).click()
  for (const device of [fia, anna, wall]) await expect(device.page.getByTestId('timer-time')).toHaveText(/^0:0\d$/)
  for (const device of [fia, anna, wall]) {
    await expect(device.page.getByTestId('timer-time')).toHaveText('Tiden är slut', { timeout: 15_000 })
    await expect(device.page.getByTestId('timer-time')).toHaveAttribute('data-status', 'ended')
  }
  await expect(anna.page.getByTestId('facilitation-news')).toHaveText('Tiden är slut')
  // The facilitator starts the next one at once, from the presets.
  await fia.page.getByLabel('Hur lång tid').selectOption('2 min')
  await fia.page.getByRole('button', { name: 'Starta tiden' }).click()
  await expect(wall.page.getByTestId('timer-time')).toHaveText(/^(2:00|1:5\d)$/)
})

test('a dot vote: two participants vote, counts stay hidden until the end, and the export counts them', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Röstningen', 'Lund', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)
  const canvas = (d: typeof anna) => d.page.locator('.tl-canvas')
  const select = async (d: typeof anna, text: string) => {
    await canvas(d).click({ position: { x: 950, y: 30 } }) // empty space: nothing selected
    // Two taps in quick succession are a double tap, which opens a note for writing.
    await d.page.waitForTimeout(600)
    await canvas(d).getByText(text).click()
  }
  await addNoteAtScreen(fia.page, 'Tydliga rutiner', await zoneOnScreen(fia.page, 'styrkor', { x: 0.3, y: 0.5 }))
  await addNoteAtScreen(fia.page, 'Bred kompetens', await zoneOnScreen(fia.page, 'styrkor', { x: 0.75, y: 0.5 }))
  await expect(canvas(bo).getByText('Bred kompetens')).toBeVisible()

  await fia.page.getByLabel('Prickar per person').selectOption('2')
  await fia.page.getByRole('button', { name: 'Starta röstning' }).click()
  for (const [device, picks] of [
    [anna, ['Bred kompetens', 'Bred kompetens']],
    [bo, ['Bred kompetens', 'Tydliga rutiner']],
  ] as const) {
    await expect(device.page.getByTestId('dots-left')).toHaveText('2 prickar kvar')
    for (const pick of picks) {
      await select(device, pick)
      await device.page.getByRole('button', { name: 'Lägg en prick' }).click()
    }
    await expect(device.page.getByTestId('dots-left')).toHaveText('0 prickar kvar')
  }
  // The facilitator sees progress, never whose: two voters, four dots.
  await expect(fia.page.getByTestId('vote-progress')).toHaveText('2 har röstat, 4 prickar')
  await expect(anna.page.getByTestId('vote-progress')).toHaveCount(0)
  // Bo takes one back and places it again: only his own dots move.
  await select(bo, 'Tydliga rutiner')
  await bo.page.getByRole('button', { name: 'Ta tillbaka en prick' }).click()
  await expect(bo.page.getByTestId('dots-left')).toHaveText('1 prick kvar')
  await bo.page.getByRole('button', { name: 'Lägg en prick' }).click()

  // Hidden while open: no device's document has any count.
  for (const device of [anna, bo, fia]) {
    expect(await device.page.evaluate(() => (window as any).editor.getCurrentPageShapes().filter((s: any) => s.meta.votes !== undefined).length)).toBe(0)
  }

  await fia.page.getByRole('button', { name: 'Avsluta röstning' }).click()
  // The counts appear on the notes themselves, the wall included.
  const wall = await newDevice(null, links.viewer)
  for (const device of [wall, anna]) {
    await expect(device.page.getByTestId('vote-badge')).toHaveCount(2)
    await expect(device.page.getByLabel('3 röster')).toBeVisible()
    await expect(device.page.getByLabel('1 röst', { exact: true })).toBeVisible()
  }
  await anna.page.getByRole('button', { name: 'Resultat' }).click()
  await expect(anna.page.getByTestId('vote-results').locator('li')).toHaveText(['3 Bred kompetens', '1 Tydliga rutiner'])
  // The board's picture shows them too.
  await fia.page.getByText('Exportera', { exact: true }).click()
  const [picture] = await Promise.all([fia.page.waitForEvent('download'), fia.page.getByRole('menuitem', { name: 'Bild av tavlan (SVG)' }).click()])
  const svg = readFileSync((await picture.path())!).toString('utf8')
  expect([...svg.matchAll(/data-votes="(\d+)"/g)].map((m) => m[1]).sort()).toEqual(['1', '3'])

  const { id, key } = parseLink(links.facilitator)
  const csv = await (await page.request.get(`${baseURL}/api/workshops/${id}/export?format=csv&key=${key}`)).text()
  expect(csv).toMatch(/SWOT,Styrkor \(interna\),Bred kompetens,Fia,3,/)
  expect(csv).toMatch(/SWOT,Styrkor \(interna\),Tydliga rutiner,Fia,1,/)

  // A second vote starts clean; the first one's results are still there to read.
  await fia.page.getByRole('button', { name: 'Starta röstning' }).click()
  await expect(anna.page.getByTestId('dots-left')).toBeVisible()
  await expect(wall.page.getByTestId('vote-badge')).toHaveCount(0)
  await anna.page.getByRole('button', { name: 'Förra röstningen' }).click()
  await expect(anna.page.getByTestId('vote-results').locator('li')).toHaveText(['3 Bred kompetens', '1 Tydliga rutiner'])
})

test('private writing: notes stay private, survive a reload, and reach everyone at the reveal, also from a closed tab and a device offline then', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Modigt rum', 'Malmö', ['Hur skapar vi en modig miljö?'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)
  const cecilia = await newDevice('Cecilia', links.participant)
  await fia.page.getByRole('button', { name: 'Skriv privat' }).click()
  await expect(anna.page.getByTestId('private-writing')).toBeVisible()
  await expect(fia.page.getByTestId('private-count')).toHaveText('0 privata lappar från 0 personer')

  // Cecilia writes and closes her tablet before the reveal.
  await expect(cecilia.page.getByTestId('private-writing')).toBeVisible()
  // Closed once the note as written has left the tablet: a device sends a note 600 ms after it
  // was changed, and on a slow machine the first copy sent can hold only the start of the text.
  const sentWhole = cecilia.page.waitForResponse((r) => r.url().includes('/sealed/') && r.status() === 204 && (r.request().postData() ?? '').includes('Cecilias stängda lapp'))
  await addNoteAtScreen(cecilia.page, 'Cecilias stängda lapp', await zoneOnScreen(cecilia.page, 'likheter-1'))
  await sentWhole
  await expect(fia.page.getByTestId('private-count')).toHaveText('1 privat lapp från 1 person')
  await cecilia.context.close()

  await addNoteAtScreen(anna.page, 'Annas hemliga lapp', await zoneOnScreen(anna.page, 'a-1'))
  await expect(anna.page.locator('.tl-canvas').getByText('Annas hemliga lapp')).toBeVisible()
  await anna.page.reload()
  await expect(anna.page.locator('.tl-canvas').getByText('Annas hemliga lapp')).toBeVisible()

  // Not in anyone else's document, whatever they look at.
  await bo.page.waitForTimeout(800)
  const inDocument = (device: typeof bo, text: string) =>
    device.page.evaluate((text) => (window as any).editor.store.allRecords().some((r: any) => JSON.stringify(r).includes(text)), text)
  expect(await inDocument(bo, 'Annas hemliga lapp')).toBe(false)
  expect(await inDocument(fia, 'Annas hemliga lapp')).toBe(false)

  await expect(fia.page.getByTestId('private-count')).toHaveText('2 privata lappar från 2 personer')

  // Bo loses the Wi-Fi, then writes: his note never reaches the server before the reveal.
  await bo.context.setOffline(true)
  await expect(bo.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
  await addNoteAtScreen(bo.page, 'Bos lapp offline', await zoneOnScreen(bo.page, 'b-1'))
  await expect(bo.page.locator('.tl-canvas').getByText('Bos lapp offline')).toBeVisible()

  await fia.page.getByRole('button', { name: 'Visa allas lappar' }).click()
  await expect(fia.page.locator('.tl-canvas').getByText('Annas hemliga lapp')).toBeVisible()
  // The closed tablet's note is revealed with the others.
  await expect(fia.page.locator('.tl-canvas').getByText('Cecilias stängda lapp')).toBeVisible()
  expect(await inDocument(fia, 'Bos lapp offline')).toBe(false)
  // Back online, Bo's device learns of the reveal and publishes his note.
  await bo.context.setOffline(false)
  await expect(bo.page.locator('.tl-canvas').getByText('Annas hemliga lapp')).toBeVisible()
  await expect(fia.page.locator('.tl-canvas').getByText('Bos lapp offline')).toBeVisible()
  await expect(anna.page.locator('.tl-canvas').getByText('Bos lapp offline')).toBeVisible()
  // Anonymous board: the revealed note names nobody.
  const revealed = await bo.page.evaluate(() => (window as any).editor.getCurrentPageShapes().find((s: any) => s.type === 'note'))
  expect(revealed.meta.author).toBeUndefined()
  expect(revealed.props.textLastEditedBy).toBeNull()

  // Nor does the screen: Anna's cursor and her selection of her own note show neither her name nor her colour.
  await anna.page.locator('.tl-canvas').getByText('Annas hemliga lapp').click()
  for (let x = 300; x < 600; x += 50) await anna.page.mouse.move(x, 420)
  const annasColour = await anna.page.evaluate(() => {
    const hex = (window as any).editor.user.getColor() as string
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
    return `rgb(${r}, ${g}, ${b})`
  })
  for (const device of [bo, fia]) {
    await expect(device.page.locator('.tl-collaborator__cursor').first()).toBeVisible()
    await expect(device.page.locator('.tl-canvas')).not.toHaveText(/\bAnna\b/)
    expect(await device.page.locator('.tl-canvas').innerHTML()).not.toContain(annasColour)
  }
})

test('the projector shows a join code on demand; the short link lets someone in the room join', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Rummet', 'Malmö', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const wall = await newDevice(null, links.viewer)
  await expect(wall.page.getByTestId('join-code')).toHaveCount(0)
  await fia.page.getByRole('button', { name: 'Visa anslutningskod' }).click()
  const code = wall.page.getByTestId('join-code')
  await expect(code.locator('svg path')).toHaveCount(1)
  const short = (await code.locator('.join-short').textContent())!
  expect(short).toMatch(/^localhost:\d+\/j\/[A-Z2-9]{6}$/)
  // A LAN address is longer: a 40-character one is shown whole, inside the panel and the screen.
  const fits = await wall.page.evaluate(() => {
    const text = document.querySelector<HTMLElement>('.join-short')!
    text.textContent = 'skolans-wifi.helsingborg.local:3000/j/Q4NX7K'.slice(0, 40)
    const panel = text.closest('.join-code')!.getBoundingClientRect()
    const box = text.getBoundingClientRect()
    return { whole: text.scrollWidth <= text.clientWidth, inPanel: box.left >= panel.left && box.right <= panel.right, onScreen: panel.left >= 0 && panel.right <= window.innerWidth }
  })
  expect(fits).toEqual({ whole: true, inPanel: true, onScreen: true })

  const guest = await newDevice('Gäst', `http://${short}`)
  await expect(guest.page).toHaveURL(/\/w\/[A-Za-z0-9_-]{21}#key=/)
  await expect(guest.page.getByTestId('tools.note')).toBeVisible()
  await expect(fia.page.getByTestId('people')).toContainText('Gäst')

  await fia.page.getByRole('button', { name: 'Dölj anslutningskod' }).click()
  await expect(wall.page.getByTestId('join-code')).toHaveCount(0)
})

test('the facilitator replaces a leaked link: devices on the old one are told, the new one works', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Läckt länk', 'Malmö', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  fia.page.once('dialog', (dialog) => void dialog.accept())
  await fia.page.locator('summary', { hasText: 'Arbetspasset' }).click()
  await fia.page.getByRole('button', { name: 'Skapa nya deltagar- och visningslänkar' }).click()
  const fresh = await fia.page.getByTestId('new-link-participant').inputValue()
  expect(fresh).not.toBe(links.participant)
  await expect(anna.page.getByRole('alert')).toContainText('Länken har bytts ut')
  const bo = await newDevice('Bo', fresh)
  await expect(bo.page.getByTestId('tools.note')).toBeVisible()
  await expect(fia.page.getByTestId('people')).toContainText('Bo')
})

test('after an accident the facilitator brings the board back as it was, and can take that back', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Olycka', 'Malmö', ['SWOT'])
  const fia = await newDevice('Fia', links.facilitator, { viewport: { width: 1440, height: 900 } })
  const anna = await newDevice('Anna', links.participant, { viewport: { width: 1024, height: 768 }, hasTouch: true })
  const annas = anna.page.locator('.tl-canvas')
  await addNoteAtScreen(anna.page, 'Starkt nätverk', await zoneOnScreen(anna.page, 'styrkor'))
  await addNoteAtScreen(anna.page, 'Få resurser', await zoneOnScreen(anna.page, 'hot'))
  await expect(fia.page.locator('.tl-canvas').getByText('Få resurser')).toBeVisible()

  const versions = fia.page.locator('.earlier-versions')
  await versions.getByText('Tidigare versioner').click()
  await versions.getByRole('button', { name: 'Spara en version nu' }).click()
  await expect(versions.getByRole('button', { name: /^Tavlan som den var/ }).first()).toBeVisible()
  await versions.getByText('Tidigare versioner').click()

  // The accident: everything Anna wrote is gone, and something new is written.
  await anna.page.keyboard.press('Escape')
  await anna.page.keyboard.press('Control+a')
  await anna.page.keyboard.press('Delete')
  await expect(annas.getByText('Få resurser')).toHaveCount(0)
  await addNoteAtScreen(anna.page, 'Skrevs efteråt', await zoneOnScreen(anna.page, 'mojligheter'))
  await expect(fia.page.locator('.tl-canvas').getByText('Skrevs efteråt')).toBeVisible()

  await versions.getByText('Tidigare versioner').click()
  await versions.getByRole('button', { name: /^Tavlan som den var/ }).first().click()
  await expect(versions.getByRole('alertdialog')).toContainText('Återställa ”SWOT”')
  await versions.getByRole('button', { name: 'Återställ', exact: true }).click()
  await expect(versions.getByRole('status')).toHaveText('Tavlan är återställd.')
  await fia.page.screenshot({ path: test.info().outputPath('versions-facilitator.png') })
  for (const text of ['Starkt nätverk', 'Få resurser']) await expect(annas.getByText(text)).toBeVisible()
  await expect(annas.getByText('Skrevs efteråt')).toHaveCount(0)

  // The newest version is the board just before the restore: restoring it takes the restore back.
  await versions.getByRole('button', { name: /^Tavlan som den var/ }).first().click()
  await versions.getByRole('button', { name: 'Återställ', exact: true }).click()
  await expect(annas.getByText('Skrevs efteråt')).toBeVisible()
  await expect(annas.getByText('Få resurser')).toHaveCount(0)
})
