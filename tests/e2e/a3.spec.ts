import JSZip from 'jszip'
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
    .poll(async () =>
      (await results(page.request, baseURL!, links.facilitator, 'a3-rutin')).confirmations
        .slice(0, 2)
        // Who signed, as the spreadsheet row names them.
        .map(({ fields, ...slot }: { fields: { signature: { author: string }[] } }) => ({ ...slot, signedBy: fields.signature[0]?.author ?? null })),
    )
    .toEqual([
      { slot: 1, date: '', organisation: '', representative: '', signed: false, signedBy: null },
      { slot: 2, date: '', organisation: 'Polisen', representative: 'Anna Andersson', signed: true, signedBy: 'Anna' },
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

const SHORT = 'Vi har hört om lägenheter som hyrs ut per natt nära stationen i veckan' // 70 characters
const LONG =
  'Socialtjänsten har fått flera orosanmälningar om unga som säljer sex via appar, polisen ser annonser för massage utan adress och skolan vittnar om äldre pojkvänner som hämtar elever efter lektionerna.' // 200

test('two people answer the same A3 question and the next one: every answer wraps in its box and is filed under its question', async ({ page, newDevice, baseURL }) => {
  expect([SHORT.length, LONG.length]).toEqual([70, 200])
  const links = await createWorkshopInUi(page, 'Utgångspunkt', 'Malmö', ['Mall – En gemensam utgångspunkt'])
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant, { viewport: { width: 1024, height: 768 }, hasTouch: true })

  await typeTextAt(anna.page, SHORT, await zoneOnScreen(anna.page, '2-1', { x: 0.08, y: 0.2 }))
  await typeTextAt(bo.page, LONG, await zoneOnScreen(bo.page, '2-1', { x: 0.08, y: 0.55 }))
  await typeTextAt(anna.page, 'Fler tips via skolan', await zoneOnScreen(anna.page, '2-2', { x: 0.08, y: 0.2 }))
  await typeTextAt(bo.page, SHORT, await zoneOnScreen(bo.page, '2-3', { x: 0.08, y: 0.2 }))

  const answers = (q: { notes: { text: string }[] }) => q.notes.map((n) => n.text).sort()
  await expect
    .poll(async () => {
      const result = await results(page.request, baseURL!, links.facilitator, 'a3-utgangspunkt')
      return result.sections[1].questions.slice(0, 3).map(answers)
    })
    .toEqual([[LONG, SHORT].sort(), ['Fler tips via skolan'], [SHORT]])

  // On each screen every answer lies inside its own box, which grew to hold them, and no answer covers another.
  for (const device of [anna, bo]) {
    const placed = () =>
      device.page.evaluate(() => {
        const editor = (window as any).editor
        const shapes = editor.getCurrentPageShapes()
        const zone = (key: string) => editor.getShapePageBounds(shapes.find((s: any) => s.meta.template && s.meta.zone === key).id)
        const answers = shapes.filter((s: any) => s.type === 'text' && !s.meta.template && !s.meta.prefill).map((s: any) => ({ zone: s.meta.zone ?? null, b: editor.getShapePageBounds(s.id) }))
        const covers = (a: any, b: any) => a !== b && a.b.x < b.b.x + b.b.w && b.b.x < a.b.x + a.b.w && a.b.y < b.b.y + b.b.h && b.b.y < a.b.y + a.b.h
        return answers
          .map((a: any) => {
            const z = a.zone && zone(a.zone)
            const inside = !!z && a.b.x >= z.x && a.b.x + a.b.w <= z.x + z.w && a.b.y >= z.y && a.b.y + a.b.h <= z.y + z.h
            return { zone: a.zone, inside, covered: answers.some((other: any) => covers(a, other)) }
          })
          .sort((a: any, b: any) => String(a.zone).localeCompare(String(b.zone)))
      })
    await expect.poll(placed).toEqual(['2-1', '2-1', '2-2', '2-3'].map((zone) => ({ zone, inside: true, covered: false })))
    await device.page.screenshot({ path: test.info().outputPath(`answers-${device === bo ? 'tablet' : 'laptop'}.png`) })
  }

  const { id, key } = parseLink(links.facilitator)
  const md = await (await page.request.get(`${baseURL}/api/workshops/${id}/export?format=md&key=${key}`)).text()
  // Markdown escapes the numbers' dots ("1\. Vad har ni hört?") and the long answer's full stop.
  const under = (heading: string, next: string) => md.slice(md.indexOf(`${heading[0]}\\${heading.slice(1)}`), md.indexOf(`${next[0]}\\${next.slice(1)}`))
  const q1 = under('1. Vad har ni hört?', '2. Vad säger det er?')
  const q2 = under('2. Vad säger det er?', '3. Vilka reflektioner gör ni?')
  expect(q1).toContain(LONG.slice(0, -1))
  expect(q1).toContain(SHORT)
  expect(q2).toContain('Fler tips via skolan')
  expect(q2).not.toContain(SHORT)

  const docx = await JSZip.loadAsync(await (await page.request.get(`${baseURL}/api/workshops/${id}/export?format=docx&key=${key}`)).body())
  const xml = await docx.file('word/document.xml')!.async('string')
  const paragraphs = [...xml.matchAll(/<w:p[ >](.*?)<\/w:p>/gs)].map((m) => [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
  const at = (text: string) => paragraphs.findIndex((p) => p.includes(text))
  const [q1At, q2At, q3At] = ['1. Vad har ni hört?', '2. Vad säger det er?', '3. Vilka reflektioner gör ni?'].map((h) => paragraphs.indexOf(h)) as [number, number, number]
  expect(q1At).toBeGreaterThan(0)
  for (const answer of [LONG, SHORT]) expect(at(answer)).toBeGreaterThan(q1At)
  for (const answer of [LONG, SHORT]) expect(at(answer)).toBeLessThan(q2At)
  expect(at('Fler tips via skolan')).toBeGreaterThan(q2At)
  expect(at('Fler tips via skolan')).toBeLessThan(q3At)
})

test('one part at a time, readable: the tablet steps through part 1 in frames, and the facilitator shows everyone that part, the wall whole', async ({ page, newDevice }) => {
  const links = await createWorkshopInUi(page, 'Läsläge', 'Malmö', ['Mall – En gemensam utgångspunkt'])
  const fia = await newDevice('Fia', links.facilitator, { viewport: { width: 1440, height: 900 } })
  const bo = await newDevice('Bo', links.participant, { viewport: { width: 1024, height: 768 }, hasTouch: true })
  const wall = await newDevice(null, links.viewer, { viewport: { width: 1920, height: 1080 } })

  // What Bo's screen shows: the zoom, and which zones of a part lie wholly in view.
  const inView = (device: typeof bo) =>
    device.page.evaluate(() => {
      const editor = (window as any).editor
      const view = editor.getViewportPageBounds()
      const zones = editor.getCurrentPageShapes().filter((s: any) => s.meta.template && s.meta.zone && s.meta.section === 1)
      return { zoom: editor.getZoomLevel(), zones: zones.filter((s: any) => view.contains(editor.getShapePageBounds(s.id))).map((s: any) => s.meta.zone).sort() }
    })
  const part = bo.page.getByRole('combobox', { name: 'Del av tavlan' })
  await part.selectOption({ label: '1. Vår stad och problemet med människohandel och prostitution' })
  const seen = new Set<string>()
  await expect.poll(async () => (await inView(bo)).zones.length).toBeGreaterThan(0)
  for (let step = 0; step < 6 && seen.size < 6; step++) {
    await expect.poll(async () => (await inView(bo)).zoom).toBeGreaterThanOrEqual(0.9)
    const shown = await inView(bo)
    // Part of the part fits at once on the tablet, never all six questions at this size.
    expect(shown.zones.length).toBeLessThan(6)
    shown.zones.forEach((zone: string) => seen.add(zone))
    if (step === 0) await bo.page.screenshot({ path: test.info().outputPath('part-1-tablet.png') })
    await bo.page.getByRole('button', { name: 'Nästa del' }).click()
    await bo.page.waitForTimeout(400)
  }
  expect([...seen].sort()).toEqual(['1-1', '1-2', '1-3', '1-4', '1-5', '1-6'])

  // Bo wanders off to the whole board; the facilitator shows everyone part 1: the wall shows all
  // six questions, readable from the back of the room, and Bo is brought back to its first frame.
  await part.selectOption({ label: 'Hela tavlan' })
  await expect.poll(async () => (await inView(bo)).zoom).toBeLessThan(0.5)
  await fia.page.getByRole('combobox', { name: 'Del av tavlan' }).selectOption({ label: '1. Vår stad och problemet med människohandel och prostitution' })
  await fia.page.getByRole('button', { name: 'Visa alla denna del' }).click()
  // The view glides there: all six are in view before it has finished zooming in.
  await expect.poll(async () => (await inView(wall)).zoom).toBeGreaterThanOrEqual(0.75)
  await expect.poll(async () => (await inView(wall)).zones.length).toBe(6)
  await expect.poll(async () => (await inView(bo)).zoom).toBeGreaterThanOrEqual(0.9)
  await expect.poll(async () => (await inView(bo)).zones).toContain('1-1')
  await wall.page.screenshot({ path: test.info().outputPath('part-1-projector.png') })
  await fia.page.screenshot({ path: test.info().outputPath('part-1-laptop.png') })
})
