import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test'
import * as Y from 'yjs'
import { readAllRecords, richTextToPlain } from '@sfs/shared'
import { stockProvider, whenSynced } from '../support/clients.ts'

/** Every URL any page in the test asked for, to prove nothing leaves our origin. */
/** A device joining by a link; `name` null for the projector, which is asked no name. */
export const test = base.extend<{ requests: string[]; newDevice: (name: string | null, link: string, options?: BrowserContextOptions) => Promise<Device> }>({
  requests: async ({}, use) => {
    await use([])
  },
  newDevice: async ({ browser, requests }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (name, link, options) => {
      const context = await browser.newContext(options)
      contexts.push(context)
      context.on('request', (request) => requests.push(request.url()))
      context.on('websocket' as never, (ws: { url(): string }) => requests.push(ws.url()))
      const page = await context.newPage()
      page.on('websocket', (ws) => requests.push(ws.url()))
      await page.goto(link)
      if (name !== null) {
        await page.getByLabel(/Ditt namn|Your name/).fill(name)
        await page.getByRole('button', { name: /Gå med|Join/ }).click()
      }
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online')
      await editorReady(page)
      return { context, page }
    })
    for (const context of contexts) await context.close()
  },
})

export interface Device {
  context: BrowserContext
  page: Page
}

export { expect }

/** Creates a workshop through the home page, as a facilitator would, and returns its links. */
export async function createWorkshopInUi(page: Page, title: string, city: string, boards: string[] = []) {
  await page.goto('/')
  await page.getByLabel('Namn på arbetspasset').fill(title)
  await page.getByLabel('Stad eller kommun').fill(city)
  for (const board of boards) await page.getByRole('checkbox', { name: board }).check()
  await page.getByRole('button', { name: 'Skapa arbetspass' }).click()
  await expect(page.getByRole('heading', { name: 'Arbetspasset är skapat' })).toBeVisible()
  return {
    facilitator: await page.getByTestId('link-facilitator').inputValue(),
    participant: await page.getByTestId('link-participant').inputValue(),
    viewer: await page.getByTestId('link-viewer').inputValue(),
  }
}

/** Adds a post-it through tldraw's own UI: note tool, a tap on the canvas, typing. */
export async function addNote(page: Page, text: string, at: { x: number; y: number }) {
  await page.getByTestId('tools.note').click()
  await page.locator('.tl-canvas').click({ position: at })
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

/** The workshop id and key inside a link (…/w/<id>#key=<key>). */
export function parseLink(link: string) {
  const url = new URL(link)
  return { id: url.pathname.split('/').pop()!, key: new URLSearchParams(url.hash.slice(1)).get('key')! }
}

/** Adds a post-it at a point of the screen, e.g. inside a zone found by its label. */
export async function addNoteAtScreen(page: Page, text: string, at: { x: number; y: number }) {
  await page.getByTestId('tools.note').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

/**
 * The sync server becomes unreachable for a device (the page itself still loads), as on a
 * dropped Wi-Fi; returns what brings it back.
 */
export async function cutOffSync(device: Device): Promise<() => void> {
  let reachable = false
  await device.context.routeWebSocket(/\/sync\//, (ws) => (reachable ? ws.connectToServer() : ws.close()))
  await device.page.reload()
  await expect(device.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'online')
  return () => {
    reachable = true
  }
}

/** Opens a board by its tab, or through the board menu when the tabs do not fit the bar. */
export async function openBoard(page: Page, title: string) {
  const menu = page.getByTestId('board-menu')
  const tab = page.getByRole('navigation', { name: /Tavlor|Boards/ }).getByRole('button', { name: title, exact: true })
  // The bar measures itself after it is drawn: wait until it shows one form or the other.
  await expect(menu.or(tab).first()).toBeVisible()
  if (await menu.isVisible()) {
    await menu.locator('summary').click()
    await menu.getByRole('button', { name: title, exact: true }).click()
    return
  }
  await tab.click()
}

/**
 * Waits until the board's editor is mounted and has fitted the open board to the screen.
 * "Online" shows before that: the connection is up while the editor is still mounting.
 */
export async function editorReady(page: Page) {
  await page.waitForFunction(() => (window as any).editor !== undefined)
  // The board is fitted a tick after it opens; two frames later the camera has settled.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
}

/** Where a template zone is on the screen right now (its centre, or a point at a fraction of it). */
export async function zoneOnScreen(page: Page, zone: string, at = { x: 0.5, y: 0.5 }) {
  await editorReady(page)
  const point = await page.waitForFunction(
    ({ zone, at }) => {
      const editor = (window as any).editor
      const shape = editor.getCurrentPageShapes().find((s: any) => s.meta.template && s.meta.zone === zone)
      if (!shape) return null
      const b = editor.getShapePageBounds(shape.id)
      const p = editor.pageToScreen({ x: b.x + b.w * at.x, y: b.y + b.h * at.y })
      return { x: p.x, y: p.y }
    },
    { zone, at },
  )
  return (await point.jsonValue()) as { x: number; y: number }
}

/** Writes text with tldraw's text tool at a point of the screen. */
export async function typeTextAt(page: Page, text: string, at: { x: number; y: number }) {
  await page.getByTestId('tools.text').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

/** Every note's text as a stock y-websocket client receives the workshop. */
export async function notesInDocument(baseURL: string, id: string, key: string): Promise<string[]> {
  const doc = new Y.Doc()
  const provider = stockProvider(baseURL.replace('http', 'ws') + '/sync', id, doc, { key })
  try {
    await whenSynced(provider)
    return readAllRecords(doc)
      .filter((r) => r.typeName === 'shape' && r.type === 'note')
      .map((r) => richTextToPlain((r.props as { richText: never }).richText))
  } finally {
    provider.destroy()
    doc.destroy()
  }
}
