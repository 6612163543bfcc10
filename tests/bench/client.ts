/**
 * The browser's side, in Debian's Chromium: what a participant's device moves over the
 * room's Wi-Fi on a first and a repeat visit, how long from the link to an editable board
 * (touch tablet with 4× CPU throttling, and a laptop without). Against our bundled server
 * serving the built client.
 *
 * Each device is a browser profile of its own on disk, as a returning participant's browser
 * is: it keeps the HTTP cache and V8's cache of compiled code between visits. A private
 * window keeps no compiled code from one visit to the next, so the laptop's repeat visit is also
 * timed in one: the board's 2 MB of script is parsed and compiled again on every visit there.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startOurs } from '../support/servers.ts'
import { createWorkshop } from '../support/clients.ts'

export interface Visit {
  /** Bytes received over the wire (compressed), everything the page loaded. */
  bytes: number
  /** Of those, scripts fetched from the network rather than a cache. */
  scriptBytes: number
  /** From navigation to a board that takes input, in ms. */
  editableMs: number
}

/** Time between frames (ms) while the view pans to and fro over a board of notes. */
export interface Panning {
  notes: number
  frames: number
  /** Zoomed out to the whole board (every note drawn), and at 100 % (most of them off screen). */
  whole: FrameTimes
  close: FrameTimes
}

export interface FrameTimes {
  median: number
  p95: number
  max: number
}

export interface ClientFigures {
  tablet: { first: Visit; repeat: Visit }
  laptop: { repeat: Visit; privateRepeat: Visit }
  panning: Panning
}

const REPEATS = 5
const PANNED_NOTES = 1000
const PANNED_FRAMES = 180

// Service workers blocked: what one fetches (the shell) is not seen by the page's DevTools session, so bytes would go uncounted.
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false, serviceWorkers: 'block' as const }
const LAPTOP = { viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' as const }

const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
}

/** `use` on a device's browser with a profile of its own; browser and profile are gone afterwards, whatever happened. */
async function onDevice<T>(device: typeof TABLET | typeof LAPTOP, use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'sfs-bench-profile-'))
  try {
    const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM, ...device })
    try {
      return await use(context)
    } finally {
      await context.close()
    }
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

/** The median by time of several repeat visits: this machine's timings vary by a few hundred ms from one visit to the next. */
async function medianRepeat(context: BrowserContext, link: string, name: string): Promise<Visit> {
  await visit(context, link, 1, name)
  const repeats: Visit[] = []
  for (let i = 0; i < REPEATS; i++) repeats.push(await visit(context, link, 1, null))
  return repeats.sort((a, b) => a.editableMs - b.editableMs)[Math.floor(REPEATS / 2)]!
}

/** Counts what the page receives, through the DevTools protocol (Playwright's own events hide the encoded sizes). */
async function meter(page: Page, cpuSlowdown: number) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown })
  const scripts = new Set<string>()
  let bytes = 0
  let scriptBytes = 0
  cdp.on('Network.responseReceived', (event) => {
    const cached = event.response.fromDiskCache || event.response.fromServiceWorker || event.response.fromPrefetchCache
    if (event.type === 'Script' && !cached) scripts.add(event.requestId)
  })
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength
    if (scripts.has(event.requestId)) scriptBytes += event.encodedDataLength
  })
  return () => ({ bytes, scriptBytes })
}

async function editable(page: Page): Promise<void> {
  await page.getByTestId('connection-status').and(page.locator('[data-state="online"]')).waitFor({ timeout: 60_000 })
  await page.waitForFunction(() => (window as any).editor !== undefined, undefined, { timeout: 60_000 })
}

async function visit(context: BrowserContext, link: string, cpuSlowdown: number, name: string | null): Promise<Visit> {
  const page = await context.newPage()
  const counted = await meter(page, cpuSlowdown)
  const start = performance.now()
  await page.goto(link)
  if (name) {
    // A first visit asks the name (filled at once here: a person's typing is not the product's time).
    await page.getByLabel('Ditt namn').fill(name)
    await page.getByRole('button', { name: 'Gå med' }).click()
  }
  await editable(page)
  const editableMs = Math.round(performance.now() - start)
  await page.waitForTimeout(2000) // what the board fetches right after it opens
  await page.close()
  return { ...counted(), editableMs }
}

/** Frame intervals while the camera moves a little every frame, as a finger or a trackpad drags it. */
async function framesWhilePanning(page: Page, zoom: 'whole' | number): Promise<FrameTimes> {
  await page.evaluate(zoom === 'whole' ? 'void editor.zoomToFit({ immediate: true })' : `void editor.setCamera({ x: 0, y: 0, z: ${zoom} }, { immediate: true })`)
  await page.waitForTimeout(1000)
  const intervals: number[] = await page.evaluate(`new Promise((done) => {
    const intervals = []
    let last = performance.now()
    let n = 0
    const step = (now) => {
      intervals.push(now - last)
      last = now
      const camera = editor.getCamera()
      editor.setCamera({ x: camera.x + (n % 60 < 30 ? -12 : 12), y: camera.y, z: camera.z }, { immediate: true })
      if (++n < ${PANNED_FRAMES}) requestAnimationFrame(step)
      else done(intervals.slice(1))
    }
    requestAnimationFrame(step)
  })`)
  intervals.sort((a, b) => a - b)
  const at = (q: number) => Math.round(intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))]! * 10) / 10
  return { median: at(0.5), p95: at(0.95), max: at(1) }
}

/** The facilitator's laptop with a board of many notes (made in the page: the wire is not what is measured). */
async function measurePanning(context: BrowserContext, link: string): Promise<Panning> {
  const page = await context.newPage()
  await page.goto(link)
  await page.getByLabel('Ditt namn').fill('Panorering')
  await page.getByRole('button', { name: 'Gå med' }).click()
  await editable(page)
  await page.evaluate(`(() => {
    const notes = []
    for (let i = 0; i < ${PANNED_NOTES}; i++) {
      notes.push({ type: 'note', x: (i % 40) * 230, y: Math.floor(i / 40) * 230, props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Lapp ' + i }] }] } } })
    }
    for (let i = 0; i < notes.length; i += 100) editor.createShapes(notes.slice(i, i + 100))
  })()`)
  const whole = await framesWhilePanning(page, 'whole')
  const close = await framesWhilePanning(page, 1)
  await page.close()
  return { notes: PANNED_NOTES, frames: PANNED_FRAMES, whole, close }
}

export async function measureClient(repoRoot: string): Promise<ClientFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfs-bench-client-'))
  const server = await startOurs(dataDir, { CLIENT_DIR: resolve(repoRoot, 'client/dist'), CREATE_PER_HOUR: '500' }, undefined, { bundled: true })
  const browser = await chromium.launch(CHROMIUM)
  try {
    const created = await createWorkshop({ url: server.httpUrl }, { title: 'Mätning', city: 'Malmö', boards: ['swot', 'brave-space'] })
    const link = `${server.httpUrl}/w/${created.id}#key=${created.participantKey}`
    const { first, repeat } = await onDevice(TABLET, async (tablet) => ({ first: await visit(tablet, link, 4, 'Surfplatta'), repeat: await visit(tablet, link, 4, null) }))
    const laptopRepeat = await onDevice(LAPTOP, (laptop) => medianRepeat(laptop, link, 'Bärbar'))
    const privateWindow = await browser.newContext(LAPTOP)
    const privateRepeat = await medianRepeat(privateWindow, link, 'Privat')
    await privateWindow.close()
    const panningContext = await browser.newContext(LAPTOP)
    const panning = await measurePanning(panningContext, `${server.httpUrl}/w/${created.id}#key=${created.facilitatorKey}`)
    await panningContext.close()
    return { tablet: { first, repeat }, laptop: { repeat: laptopRepeat, privateRepeat }, panning }
  } finally {
    await browser.close()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
