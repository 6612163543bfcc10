/**
 * The workshop's connection, opened as soon as the page knows who is joining, while the board's
 * code (tldraw, about 2 MB) is still being fetched and run: the local copy and the server's
 * answer are there by the time the board mounts, instead of being asked for after it.
 * This module and connection.ts form a small chunk of their own (no tldraw editor in it).
 */
import { connectWorkshop, type WorkshopConnection } from './connection.ts'

interface Early {
  id: string
  connection: WorkshopConnection
}

let waiting: Early | null = null
/** Connections the board has asked for: opening one of them early now would leave it unused. */
const asked = new Set<string>()

const idOf = (workshopId: string, key: string, token: string) => JSON.stringify([workshopId, key, token])

export function openEarly(workshopId: string, key: string, token: string): void {
  const id = idOf(workshopId, key, token)
  if (asked.has(id) || waiting?.id === id) return
  waiting?.connection.destroy()
  waiting = { id, connection: connectWorkshop(workshopId, key, token) }
}

/** The connection opened early for this workshop and person, or a new one. */
export function takeConnection(workshopId: string, key: string, token: string): WorkshopConnection {
  const id = idOf(workshopId, key, token)
  asked.add(id)
  if (waiting?.id === id) {
    const { connection } = waiting
    waiting = null
    return connection
  }
  return connectWorkshop(workshopId, key, token)
}

/** The page was left before the board took it. */
export function dropEarly(): void {
  waiting?.connection.destroy()
  waiting = null
}
