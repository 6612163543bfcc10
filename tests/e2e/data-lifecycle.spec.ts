import type { Page } from '@playwright/test'
import { addNote, createWorkshopInUi, expect, parseLink, test } from './fixtures.ts'

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

  const response = await page.request.delete(`${baseURL}/api/workshops/${id}`, { headers: { Authorization: `Bearer ${key}` } })
  expect(response.status()).toBe(204)

  await expect(anna.page.getByText('Arbetspasset har tagits bort')).toBeVisible()
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
