/**
 * Everything this device kept of a workshop: its local copy (IndexedDB), private notes,
 * set-aside work, the person and role it was given, the board it was on, and its place in
 * "Mina arbetspass". Dropped when the server says the workshop is gone, so that what people
 * wrote about victims does not outlive it on every laptop and tablet that joined.
 */
import { clearDocument } from 'y-indexeddb'
import { forgetWorkshopEntries } from '../identity.ts'
import { localCopyName } from './recovery.ts'

/** Close the workshop's local copy (its connection) first: IndexedDB deletes a database only once nobody has it open. */
export async function forgetWorkshop(workshopId: string): Promise<void> {
  forgetWorkshopEntries(workshopId)
  await clearDocument(localCopyName(workshopId))
}
