import { editorReady, expect, notesInDocument, test, type Device } from './fixtures.ts'

/** What people write in these workshops, with å, ä and ö at the start, in the middle and at the end. */
const SENTENCES = [
  'Fattigdom och skulder',
  'Jag är rädd för chefen',
  'Öppet dygnet runt',
  'Ångest efter flytten',
  'Äldre män köper sex',
  'Barn på gatan i Örebro',
  'Hotellet vid stationen',
  'Ingen vågar säga nåt',
  'Både polis och soc',
  'Mer närvaro på nätet',
]
/** From a key held down or pasted by a tool, through a fast typist, to someone careful. */
const DELAYS_MS = [0, 20, 40, 90, 150]
const BO_WRITES = 'Bo flyttar lappar'

const screens = [
  { name: 'laptop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'touch tablet', options: { viewport: { width: 1024, height: 768 }, hasTouch: true } },
] as const

/** Starts Bo moving every note he can see, a little, several times a second, until stopped. */
async function keepMoving(bo: Device): Promise<() => Promise<void>> {
  await bo.page.evaluate((text) => {
    const editor = (window as any).editor
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
    editor.createShapes([0, 1, 2].map((i) => ({ type: 'note', x: 100 + i * 260, y: 1000, props: { richText: doc } })))
    let tick = 0
    ;(window as any).stopMoving = ((timer) => () => clearInterval(timer))(
      setInterval(() => {
        const notes = editor.getCurrentPageShapes().filter((s: any) => s.type === 'note')
        const dx = tick++ % 2 === 0 ? 6 : -6
        editor.updateShapes(notes.map((s: any) => ({ id: s.id, type: 'note', x: s.x + dx })))
      }, 120),
    )
  }, BO_WRITES)
  return () => bo.page.evaluate(() => (window as any).stopMoving())
}

/** Where the i-th note goes: a grid over the middle of the canvas, clear of the toolbars. */
async function spot(device: Device, i: number) {
  const box = (await device.page.locator('.tl-canvas').boundingBox())!
  return { x: box.x + box.width * (0.15 + 0.17 * (i % 5)), y: box.y + box.height * (i < 5 ? 0.3 : 0.55) }
}

/** The note tool, a tap (or click) on the canvas, typing at `delay` ms per key, Esc: as a person does it. */
async function writeNote(device: Device, touch: boolean, text: string, at: { x: number; y: number }, delay: number) {
  const tool = device.page.getByTestId('tools.note')
  if (touch) {
    await tool.tap()
    await device.page.touchscreen.tap(at.x, at.y)
  } else {
    await tool.click()
    await device.page.mouse.click(at.x, at.y)
  }
  await device.page.keyboard.type(text, { delay })
  await device.page.keyboard.press('Escape')
}

/** Every note's text in the workshop's JSON export, read as any other tool would. */
function notesInExport(exported: unknown): string[] {
  const texts: string[] = []
  const pending: unknown[] = [exported]
  while (pending.length) {
    const value = pending.pop()
    if (Array.isArray(value)) pending.push(...value)
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      if (typeof record.id === 'string' && record.id.startsWith('shape:') && typeof record.text === 'string') texts.push(record.text)
      else pending.push(...Object.values(record))
    }
  }
  return texts
}

// A trace takes a snapshot of the page after every action, which gives the editor time to
// settle between the tap and the first key: the races this test is about would never happen.
test.use({ trace: 'off' })

const anna = (texts: string[]) => texts.filter((t) => t !== BO_WRITES).sort()

for (const screen of screens) {
  for (const privateWriting of [false, true]) {
    test(`what is typed into new notes is stored as typed: ${screen.name}, private writing ${privateWriting ? 'on' : 'off'}`, async ({ page, newDevice, baseURL }) => {
      test.setTimeout(120_000)
      const created = await page.request.post(`${baseURL}/api/workshops`, { data: { title: 'Skrivprov', city: 'Örebro', boards: ['brave-space'] } })
      const { id, facilitatorKey, participantKey, links } = await created.json()
      const auth = { Authorization: `Bearer ${facilitatorKey}` }
      const board = (await (await page.request.get(`${baseURL}/api/workshops/${id}`, { headers: auth })).json()).boards[0].id

      const writer = await newDevice('Anna', links.participant, screen.options)
      const bo = await newDevice('Bo', links.participant)
      if (privateWriting) {
        await page.request.post(`${baseURL}/api/workshops/${id}/boards/${board}/private`, { headers: auth, data: { on: true } })
        await expect(writer.page.getByTestId('private-writing')).toBeVisible()
      }
      await editorReady(writer.page)
      const stopMoving = await keepMoving(bo)
      for (const [i, sentence] of SENTENCES.entries()) {
        await writeNote(writer, 'hasTouch' in screen.options, sentence, await spot(writer, i), DELAYS_MS[i % DELAYS_MS.length]!)
      }
      await stopMoving()
      if (privateWriting) await page.request.post(`${baseURL}/api/workshops/${id}/boards/${board}/private`, { headers: auth, data: { on: false } })

      const expected = [...SENTENCES].sort()
      await expect
        .poll(async () => anna(notesInExport(await (await page.request.get(`${baseURL}/api/workshops/${id}/export?format=json`, { headers: auth })).json())))
        .toEqual(expected)
      expect(anna(await notesInDocument(baseURL!, id, participantKey))).toEqual(expected)
    })
  }
}
