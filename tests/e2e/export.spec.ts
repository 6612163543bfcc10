import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import { addNoteAtScreen, createWorkshopInUi, expect, openBoard, test, zoneOnScreen } from './fixtures.ts'

test('the facilitator downloads the notes, the report and pictures of a board, named after the workshop', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Rapportdag', 'Malmö', ['SWOT', 'Hur skapar vi en modig miljö?', 'Hitta målgruppen och kontaktytan'])
  const fia = await newDevice('Fia', links.facilitator)
  await openBoard(fia.page, 'Modig miljö')
  await addNoteAtScreen(fia.page, 'Anonym tanke', await zoneOnScreen(fia.page, 'a-1'))
  await openBoard(fia.page, 'SWOT')
  await addNoteAtScreen(fia.page, 'Starka nätverk', await zoneOnScreen(fia.page, 'styrkor'))
  await expect(fia.page.locator('.tl-canvas').getByText('Starka nätverk')).toBeVisible()

  const download = async (item: string) => {
    await fia.page.getByText('Exportera', { exact: true }).click()
    const [file] = await Promise.all([fia.page.waitForEvent('download'), fia.page.getByRole('menuitem', { name: item }).click()])
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
  }
  const today = /\d{4}-\d{2}-\d{2}/

  const csv = await download('Alla lappar (Excel, CSV)')
  expect(csv.name).toMatch(new RegExp(`^Rapportdag-${today.source}\\.csv$`))
  const rows = csv.bytes.toString('utf8').split('\r\n')
  // Written by Fia on SWOT, and by nobody on the anonymous brave-space board.
  expect(rows.find((r) => r.includes('Starka nätverk'))).toMatch(/^SWOT;Styrkor \(interna\);Starka nätverk;Fia;0;\d{4}-/)
  expect(rows.find((r) => r.includes('Anonym tanke'))).toMatch(/^Hur skapar vi en modig miljö\?;Fråga 1 – Grupp A;Anonym tanke;;0;\d{4}-/)

  // Only the board on screen: its rows alone, and the file says which board.
  await fia.page.getByText('Exportera', { exact: true }).click()
  await fia.page.getByRole('menuitemradio', { name: 'Bara SWOT' }).click()
  await expect(fia.page.getByRole('menuitemradio', { name: 'Bara SWOT' })).toHaveAttribute('aria-checked', 'true')
  const [single] = await Promise.all([fia.page.waitForEvent('download'), fia.page.getByRole('menuitem', { name: 'Alla lappar (Excel, CSV)' }).click()])
  expect(single.suggestedFilename()).toMatch(/-SWOT\.csv$/)
  const singleText = readFileSync((await single.path())!).toString('utf8')
  expect(singleText).toContain('Starka nätverk')
  expect(singleText).not.toContain('Anonym tanke')
  await fia.page.getByText('Exportera', { exact: true }).click()
  await fia.page.getByRole('menuitemradio', { name: 'Alla tavlor' }).click()
  await fia.page.getByText('Exportera', { exact: true }).click()

  const word = await download('Rapport (Word)')
  expect(word.name).toMatch(new RegExp(`^Rapportdag-${today.source}\\.docx$`))
  // The mind map's picture, drawn on this device from a board not on screen, sits under its heading; SWOT's text needs none.
  const docx = await JSZip.loadAsync(word.bytes)
  const media = docx.file(/^word\/media\//)
  expect(media).toHaveLength(1)
  const picture = Buffer.from(await media[0]!.async('uint8array'))
  expect([...picture.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
  expect(picture.readUInt32BE(16)).toBeGreaterThan(200)
  expect(picture.readUInt32BE(16)).toBeLessThanOrEqual(1600)
  const xml = await docx.file('word/document.xml')!.async('string')
  expect(xml).toContain('descr="Bild av tavlan Hitta målgruppen och kontaktytan"')
  expect(xml.indexOf('<w:drawing>')).toBeGreaterThan(xml.indexOf('>Hitta målgruppen och kontaktytan</w:t>'))

  // All boards as pictures in one document: each under its own heading.
  const pictured = await JSZip.loadAsync((await download('Rapport med bilder (Word)')).bytes)
  expect(pictured.file(/^word\/media\//)).toHaveLength(3)
  const picturedXml = await pictured.file('word/document.xml')!.async('string')
  for (const board of ['SWOT', 'Hur skapar vi en modig miljö?', 'Hitta målgruppen och kontaktytan']) expect(picturedXml).toContain(`descr="Bild av tavlan ${board}"`)

  // Still on SWOT: drawing the report's pictures did not turn the facilitator's (and followers') view.
  const png = await download('Bild av tavlan (PNG)')
  expect(png.name).toMatch(new RegExp(`^Rapportdag-${today.source}-SWOT\\.png$`))
  expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
  // Sharp enough for a projector, small enough to mail: at most 2400 px wide.
  expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(1800)
  expect(png.bytes.readUInt32BE(16)).toBeLessThanOrEqual(2400)

  const svg = await download('Bild av tavlan (SVG)')
  expect(svg.bytes.toString('utf8')).toContain('Starka nätverk')
  expect(svg.bytes.toString('utf8')).toContain('Styrkor (interna)')

  // A report that fails says so beside the menu, which has closed.
  await fia.page.route('**/api/workshops/*/export', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"x"}}' }))
  await fia.page.getByText('Exportera', { exact: true }).click()
  await fia.page.getByRole('menuitem', { name: 'Rapport (Word)' }).click()
  await expect(fia.page.getByRole('status').filter({ hasText: 'Något gick fel' })).toBeVisible()
  // On a tablet the message floats under the menu: the bar's last button stays on the screen.
  await fia.page.setViewportSize({ width: 1024, height: 768 })
  await fia.page.getByText('Exportera', { exact: true }).click()
  await fia.page.getByRole('menuitem', { name: 'Rapport (Word)' }).click()
  const message = fia.page.getByRole('status').filter({ hasText: 'Något gick fel' })
  await expect(message).toBeVisible()
  for (const control of [message, fia.page.locator('.topbar .language')]) {
    const box = (await control.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1024)
  }
})
