import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import { workshopSchema, type JsonRecord } from '@sfs/shared'
import { olderWorkshopDoc } from '@sfs/shared/testing'
import { workshopTemplates } from '@sfs/boards'
import { noteCenteredAt } from '@sfs/boards/fixtures'
import { addNote, createWorkshopInUi, editorReady, expect, parseLink, test } from './fixtures.ts'

/**
 * What this browser keeps that mentions the workshop or any of `texts`: IndexedDB databases by
 * name and content, localStorage and sessionStorage entries by key and value.
 */
async function tracesIn(page: Page, id: string, texts: string[]): Promise<string[]> {
  return page.evaluate(
    async ({ id, texts }) => {
      const mentions = (value: string) => [id, ...texts].some((needle) => value.includes(needle))
      const found: string[] = []
      for (const storage of [localStorage, sessionStorage]) {
        for (const key of Object.keys(storage)) if (mentions(key) || mentions(storage.getItem(key) ?? '')) found.push(`storage ${key}`)
      }
      for (const { name } of await indexedDB.databases()) {
        if (!name) continue
        if (mentions(name)) found.push(`indexeddb ${name}`)
        // Content too: a database named otherwise must not hold the workshop either.
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(name)
          open.onsuccess = () => resolve(open.result)
          open.onerror = () => reject(open.error)
        })
        for (const store of Array.from(db.objectStoreNames)) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const all = db.transaction(store).objectStore(store).getAll()
            all.onsuccess = () => resolve(all.result)
            all.onerror = () => reject(all.error)
          })
          const bytes = values.map((v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : JSON.stringify(v))).join('\n')
          if (mentions(bytes)) found.push(`indexeddb ${name}/${store}`)
        }
        db.close()
      }
      return found
    },
    { id, texts },
  )
}

test('a deleted workshop leaves nothing on the devices that joined: at once on those online, on the next visit on the others', async ({ page, newDevice, baseURL }) => {
  const links = await createWorkshopInUi(page, 'Raderas snart', 'Växjö')
  const { id, key } = parseLink(links.facilitator)
  const anna = await newDevice('Anna', links.participant)
  const bo = await newDevice('Bo', links.participant)
  const secret = 'Uppgift om utsatt person'
  await addNote(anna.page, secret, { x: 300, y: 250 })
  await expect(bo.page.locator('.tl-canvas').getByText(secret)).toBeVisible()

  // Bo closes the tab; his browser keeps the workshop, as it must for offline work.
  await bo.page.close()
  const bosBrowser = await bo.context.newPage()
  await bosBrowser.goto('/')
  await expect.poll(() => tracesIn(bosBrowser, id, [secret])).not.toEqual([])
  expect(await tracesIn(anna.page, id, [secret])).not.toEqual([])

  // The facilitator deletes it from the workshop menu.
  const fia = await newDevice('Fia', links.facilitator)
  await fia.page.locator('summary', { hasText: 'Arbetspasset' }).click()
  fia.page.once('dialog', (dialog) => void dialog.accept())
  await fia.page.getByRole('button', { name: 'Radera arbetspasset…' }).click()
  await expect(fia.page.getByText('Arbetspasset har tagits bort')).toBeVisible()
  expect((await page.request.get(`${baseURL}/api/workshops/${id}`, { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(404)

  await expect(anna.page.getByText('Arbetspasset har tagits bort')).toBeVisible()
  await expect.poll(() => tracesIn(fia.page, id, [secret])).toEqual([])
  await expect.poll(() => tracesIn(anna.page, id, [secret])).toEqual([])

  // Bo's browser forgets it on its next visit to the link; so does the facilitator's.
  await bosBrowser.goto(links.participant)
  await expect(bosBrowser.getByText('Arbetspasset finns inte längre')).toBeVisible()
  await expect.poll(() => tracesIn(bosBrowser, id, [secret])).toEqual([])
  await page.goto(links.facilitator)
  await expect(page.getByText('Arbetspasset finns inte längre')).toBeVisible()
  await page.goto('/')
  await expect.poll(() => tracesIn(page, id, [secret])).toEqual([])
})

test('a workshop written by an older tldraw, moved here as a file, opens with every note; the facilitator sees how long it is kept', async ({ page, newDevice }) => {
  const template = workshopTemplates(['swot'], { title: 'Från förra året', city: 'Gävle' }, () => `page:${nanoid(12)}`)
  const board = template.find((r) => r.typeName === 'page')!.id
  const texts = ['Starkt lokalt nätverk', 'Få hyresvärdar med', 'Ny lag om köp av sex']
  const notes: JsonRecord[] = texts.map((text, i) => noteCenteredAt(text, 600 + i * 500, 600, board))
  const older = olderWorkshopDoc([...template, ...notes], { title: 'Från förra året', city: 'Gävle' })
  const file = join(mkdtempSync(join(tmpdir(), 'sfs-file-')), 'Från förra året.stadforstad.json')
  writeFileSync(file, JSON.stringify({ format: 'stad-for-stad-workshop', version: 1, exportedAt: '2025-11-20T10:00:00.000Z', document: Buffer.from(Y.encodeStateAsUpdate(older)).toString('base64'), ballots: [] }))

  await page.goto('/')
  await page.getByTestId('import-file').setInputFiles(file)
  await expect(page.getByRole('heading', { name: 'Arbetspasset är skapat' })).toBeVisible()
  const facilitator = await page.getByTestId('link-facilitator').inputValue()

  const fia = await newDevice('Fia', facilitator)
  for (const text of texts) await expect(fia.page.locator('.tl-canvas').getByText(text)).toBeVisible()
  await editorReady(fia.page)
  // Every note is a record of this tldraw now: the editor holds all three, none was skipped.
  expect(await fia.page.evaluate(() => (window as any).editor.getCurrentPageShapes().filter((s: any) => s.type === 'note').length)).toBe(3)

  await fia.page.locator('summary', { hasText: 'Arbetspasset' }).click()
  const deletesAt = fia.page.getByTestId('deletes-at')
  await expect(deletesAt).toContainText(String(new Date(Date.now() + 540 * 86_400_000).getFullYear()))
  await fia.page.getByLabel('Spara minst').selectOption('3')
  await fia.page.getByRole('button', { name: 'Spara längre' }).click()
  await expect(deletesAt).toContainText(String(new Date(Date.now() + 3 * 365 * 86_400_000).getFullYear()))

  // And it moves on as a file again, with the current schema recorded.
  const download = fia.page.waitForEvent('download')
  await fia.page.getByRole('button', { name: 'Ladda ner arbetspasset som fil' }).click()
  const saved = await (await download).path()
  const moved = JSON.parse(readFileSync(saved, 'utf8')) as { document: string }
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Buffer.from(moved.document, 'base64'))
  expect(doc.getMap('meta').get('schema')).toEqual(workshopSchema().serialize())
})
