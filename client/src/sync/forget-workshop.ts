/**
 * Everything this device kept of a workshop: its local copy (IndexedDB), private notes,
 * set-aside work, the person and role it was given, the board it was on, and its place in
 * "Mina arbetspass". Dropped when the server says the workshop is gone, so that what people
 * wrote about victims does not outlive it on every laptop and tablet that joined.
 */
import { clearDocument } from 'y-indexeddb'
import { forgetSavedWorkshop } from '../identity.ts'
import { localCopyName } from './recovery.ts'

/** Keys of this product's per-workshop entries end with the workshop id (`sfs.<what>.<id>`). */
function forgetEntries(storage: Storage, workshopId: string): void {
  const suffix = `.${workshopId}`
  for (const key of Object.keys(storage)) if (key.startsWith('sfs.') && key.endsWith(suffix)) storage.removeItem(key)
}

/** Close the workshop's local copy (its connection) first: IndexedDB deletes a database only once nobody has it open. */
export async function forgetWorkshop(workshopId: string): Promise<void> {
  forgetEntries(localStorage, workshopId)
  forgetEntries(sessionStorage, workshopId)
  forgetSavedWorkshop(workshopId)
  await clearDocument(localCopyName(workshopId))
}
