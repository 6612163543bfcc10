import { addNoteAtScreen, createWorkshopInUi, expect, parseLink, test, typeTextAt, zoneOnScreen } from './fixtures.ts'

const results = async (request: import('@playwright/test').APIRequestContext, baseURL: string, link: string, kind: string) => {
  const { id, key } = parseLink(link)
  const body = await (await request.get(`${baseURL}/api/workshops/${id}/results?key=${key}`)).json()
  return body.boards.find((b: { kind: string }) => b.kind === kind).result
}

test('a participant adds a delmål and an activity for År 2; the plan on the server has it there', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Samverkansplan', 'Malmö', ['Mall – Lokal samverkansplan'])
  const anna = await newDevice('Anna', links.participant)
  await expect(anna.page.locator('.tl-canvas').getByText('Mall – Lokal samverkansplan')).toBeVisible()

  await anna.page.getByRole('button', { name: '+ Delmål' }).click()
  await expect(anna.page.locator('.tl-canvas').getByText('Delmål 4', { exact: true })).toBeVisible()
  await typeTextAt(anna.page, 'Fler anmälningar', await zoneOnScreen(anna.page, 'delmal-4', { x: 0.1, y: 0.5 }))
  await addNoteAtScreen(anna.page, 'Insatsvecka med polisen', await zoneOnScreen(anna.page, 'ar2-4'))

  await expect
    .poll(async () => {
      const plan = await results(page.request, baseURL!, links.facilitator, 'a3-samverkansplan')
      const goal = plan.goals.find((g: { number: number }) => g.number === 4)
      return goal && { goal: goal.goal, year1: goal.activities[1].map((n: { text: string }) => n.text), year2: goal.activities[2].map((n: { text: string }) => n.text) }
    })
    .toEqual({ goal: 'Fler anmälningar', year1: [], year2: ['Insatsvecka med polisen'] })
})

test('a signature drawn in a slot is reported as signed, with its organisation and representant', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Rutin', 'Lund', ['Mall – Rutin för enskilda ärenden'])
  const anna = await newDevice('Anna', links.participant)
  await expect(anna.page.locator('.tl-canvas').getByText('Bekräftelsen – beslutet i varje organisation, symboliskt signerat')).toBeVisible()

  await typeTextAt(anna.page, 'Polisen', await zoneOnScreen(anna.page, 'organisation-2', { x: 0.1, y: 0.6 }))
  await typeTextAt(anna.page, 'Anna Andersson', await zoneOnScreen(anna.page, 'representant-2', { x: 0.1, y: 0.6 }))

  // A signature, drawn with the pen as with a finger on a tablet.
  await anna.page.getByTestId('tools.draw').click()
  const start = await zoneOnScreen(anna.page, 'signatur-2', { x: 0.2, y: 0.55 })
  await anna.page.mouse.move(start.x, start.y)
  await anna.page.mouse.down()
  for (let i = 1; i <= 12; i++) await anna.page.mouse.move(start.x + i * 8, start.y + (i % 2 ? -10 : 10))
  await anna.page.mouse.up()

  await expect
    .poll(async () => (await results(page.request, baseURL!, links.facilitator, 'a3-rutin')).confirmations.slice(0, 2))
    .toEqual([
      { slot: 1, date: '', organisation: '', representative: '', signed: false },
      { slot: 2, date: '', organisation: 'Polisen', representative: 'Anna Andersson', signed: true },
    ])
})

test('an A3 board prints as one A3 landscape page with its template and content', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Utskrift', 'Ystad', ['Mall – En gemensam utgångspunkt'])
  const anna = await newDevice('Anna', links.participant)
  await addNoteAtScreen(anna.page, 'Vid hamnen', await zoneOnScreen(anna.page, '1-2'))
  await expect(anna.page.locator('.tl-canvas').getByText('Vid hamnen')).toBeVisible()

  await anna.page.evaluate(() => (window.print = () => ((window as any).printed = true)))
  await anna.page.getByRole('button', { name: 'Skriv ut A3' }).click()
  await expect.poll(() => anna.page.evaluate(() => (window as any).printed === true)).toBe(true)
  const sheet = anna.page.locator('#print-sheet')
  await expect(sheet.locator('svg')).toHaveCount(1)
  for (const text of ['Mall – En gemensam utgångspunkt', '4. Nätverksarbete och branschmedvetenhet', 'Vid hamnen', 'Näringslivet']) {
    await expect(sheet).toContainText(text)
  }

  await anna.page.emulateMedia({ media: 'print' })
  const pdf = (await anna.page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1')
  const sizes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  // A3 landscape is 420 × 297 mm = 1190.55 × 841.89 pt.
  expect(sizes).toHaveLength(1)
  expect(sizes[0]![0]).toBeCloseTo(1190.55, -1)
  expect(sizes[0]![1]).toBeCloseTo(841.89, -1)
})
