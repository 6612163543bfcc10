/** Keys, roles and how a request proves it holds one. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { customAlphabet } from 'nanoid'
import { ID_LENGTH, KEY_LENGTH, type Role } from '@sfs/shared'
import type { WorkshopRow } from './storage/types.ts'

const URL_SAFE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-'
export const newWorkshopId = customAlphabet(URL_SAFE, ID_LENGTH)
export const newKey = customAlphabet(URL_SAFE, KEY_LENGTH)

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** The role a key grants on a workshop, or null for a wrong key. */
export function roleForKey(workshop: WorkshopRow, key: string): Role | null {
  if (sameSecret(hashKey(key), workshop.facilitatorKeyHash)) return 'facilitator'
  if (sameSecret(key, workshop.participantKey)) return 'participant'
  if (sameSecret(key, workshop.viewerKey)) return 'viewer'
  return null
}

/** The key from `Authorization: Bearer <key>` or `?key=<key>`, whichever is given. */
export function keyFromRequest(headers: { authorization?: string | undefined }, url: URL): string | null {
  const auth = headers.authorization
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth)
    return match ? match[1]! : null
  }
  return url.searchParams.get('key')
}
