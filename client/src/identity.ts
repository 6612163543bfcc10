/**
 * Who this device is: in each workshop, the person the server made it on first join (a user
 * id and the personal token that proves it), and the name typed once; kept only in this browser.
 */
import { nanoid } from 'nanoid'
import type { Person, WorkshopAccess } from '@sfs/shared'
import { api } from './api.ts'

const NAME_KEY = 'sfs.name'

/** Colours with enough contrast for cursors and labels on a white board. */
const COLORS = ['#d62828', '#1d4ed8', '#15803d', '#9333ea', '#c2410c', '#0e7490', '#be185d', '#4d7c0f', '#7c2d12', '#1e3a8a']

const personKey = (workshopId: string) => `sfs.person.${workshopId}`

export function knownPerson(workshopId: string): Person | null {
  try {
    const person = JSON.parse(localStorage.getItem(personKey(workshopId)) ?? 'null') as Person | null
    return person && typeof person.userId === 'string' && typeof person.token === 'string' ? person : null
  } catch {
    return null
  }
}

/** This device's person in the workshop, asking the server for one on the first visit. */
export async function ensurePerson(workshopId: string, key: string): Promise<Person> {
  const known = knownPerson(workshopId)
  if (known) return known
  const person = await api.addPerson(workshopId, key)
  localStorage.setItem(personKey(workshopId), JSON.stringify(person))
  return person
}

/** Without the server (first visit while offline): a guest id for this page only, and no token. */
export function guestPerson(): Person {
  return { userId: `guest-${nanoid(12)}`, token: '' }
}

export function savedName(): string {
  return localStorage.getItem(NAME_KEY) ?? ''
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 60))
}

export function colorFor(id: string): string {
  let hash = 0
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return COLORS[hash % COLORS.length]!
}

export interface SavedWorkshop {
  id: string
  title: string
  link: string
  createdAt: string
}

const WORKSHOPS_KEY = 'sfs.myWorkshops'

export function savedWorkshops(): SavedWorkshop[] {
  try {
    const list = JSON.parse(localStorage.getItem(WORKSHOPS_KEY) ?? '[]')
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

export function rememberWorkshop(workshop: SavedWorkshop): void {
  const list = [workshop, ...savedWorkshops().filter((w) => w.id !== workshop.id)].slice(0, 50)
  localStorage.setItem(WORKSHOPS_KEY, JSON.stringify(list))
}

function forgetSavedWorkshop(workshopId: string): void {
  const list = savedWorkshops()
  const rest = list.filter((w) => w.id !== workshopId)
  if (rest.length !== list.length) localStorage.setItem(WORKSHOPS_KEY, JSON.stringify(rest))
}

/** Keys of this product's per-workshop entries end with the workshop id (`sfs.<what>.<id>`). */
function forgetEntries(storage: Storage, workshopId: string): void {
  const suffix = `.${workshopId}`
  for (const key of Object.keys(storage)) if (key.startsWith('sfs.') && key.endsWith(suffix)) storage.removeItem(key)
}

/**
 * What this device kept of a workshop in its web storage, and its place in "Mina arbetspass".
 * Synchronous, so that it is done before the page says the workshop is gone: someone who then
 * leaves at once must not leave it behind. (The local copy in IndexedDB: sync/forget-workshop.ts.)
 */
export function forgetWorkshopEntries(workshopId: string): void {
  forgetEntries(localStorage, workshopId)
  forgetEntries(sessionStorage, workshopId)
  forgetSavedWorkshop(workshopId)
}

const accessKey = (workshopId: string) => `sfs.access.${workshopId}`

/** The role and title the server confirmed, so a reload without a connection opens the right view. */
export function rememberAccess(access: WorkshopAccess): void {
  localStorage.setItem(accessKey(access.id), JSON.stringify(access))
}

export function knownAccess(workshopId: string): WorkshopAccess | null {
  try {
    const access = JSON.parse(localStorage.getItem(accessKey(workshopId)) ?? 'null') as WorkshopAccess | null
    return access && access.id === workshopId ? access : null
  } catch {
    return null
  }
}
