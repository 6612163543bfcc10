/** Who this device is: a random id and the name typed once, kept only in this browser. */
import { nanoid } from 'nanoid'
import type { WorkshopAccess } from '@sfs/shared'

const NAME_KEY = 'sfs.name'
const ID_KEY = 'sfs.userId'

/** Colours with enough contrast for cursors and labels on a white board. */
const COLORS = ['#d62828', '#1d4ed8', '#15803d', '#9333ea', '#c2410c', '#0e7490', '#be185d', '#4d7c0f', '#7c2d12', '#1e3a8a']

export function userId(): string {
  let id = localStorage.getItem(ID_KEY)
  if (!id) {
    id = nanoid()
    localStorage.setItem(ID_KEY, id)
  }
  return id
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
