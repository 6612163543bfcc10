import type { ApiError, Ballot, SnapshotSummary, Person, RotatedKeys, BoardCatalogueEntry, BoardSummary, ClientConfig, TimerAction, TimerState, VoteAction, VoteState, CreateWorkshopInput, CreatedWorkshop, ImportedWorkshop, Retention, WorkshopAccess, WorkshopDetails } from '@sfs/shared'

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } })
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiError | null
    throw new ApiRequestError(response.status, body?.error.code ?? 'http_error', body?.error.message ?? response.statusText)
  }
  return (await response.json()) as T
}

/** For answers without a body (204). */
async function requestNoContent(path: string, init: RequestInit = {}): Promise<void> {
  const response = await fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } })
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiError | null
    throw new ApiRequestError(response.status, body?.error.code ?? 'http_error', body?.error.message ?? response.statusText)
  }
}

/**
 * Browsers refuse a `keepalive` request outright once the page's keepalive bodies pass 64 KiB,
 * so only a page that is going away asks for it, and only for a body well under that; a larger
 * note is sent as usual and, if the page is gone first, again when the device is back.
 */
const KEEPALIVE_BODY_LIMIT = 16 * 1024
export const outlivesPage = (leaving: boolean, body: string) => leaving && new TextEncoder().encode(body).length <= KEEPALIVE_BODY_LIMIT

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })
const asPerson = (key: string, token: string) => ({ ...bearer(key), 'X-Person-Token': token })

export const api = {
  config: () => request<ClientConfig>('/api/config'),
  createWorkshop: (input: CreateWorkshopInput) => request<CreatedWorkshop>('/api/workshops', { method: 'POST', body: JSON.stringify(input) }),
  boards: () => request<BoardCatalogueEntry[]>('/api/boards'),
  addBoard: (id: string, key: string, kind: string) =>
    request<BoardSummary>(`/api/workshops/${encodeURIComponent(id)}/boards`, { method: 'POST', headers: bearer(key), body: JSON.stringify({ kind }) }),
  extendBoard: (id: string, key: string, boardId: string, extension: string) =>
    request<{ added: string[] }>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/extend`, {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ extension }),
    }),
  growCell: (id: string, key: string, boardId: string, zone: string, height: number) =>
    request<{ height: number }>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/grow`, {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ zone, height }),
    }),
  snapshots: (id: string, key: string) => request<SnapshotSummary[]>(`/api/workshops/${encodeURIComponent(id)}/snapshots`, { headers: bearer(key) }),
  takeSnapshot: (id: string, key: string) => request<SnapshotSummary>(`/api/workshops/${encodeURIComponent(id)}/snapshots`, { method: 'POST', headers: bearer(key) }),
  restoreBoard: (id: string, key: string, boardId: string, snapshot: number) =>
    request<{ records: number }>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/restore`, {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ snapshot }),
    }),
  showPart: (id: string, key: string, part: { boardId: string; section: string } | null) =>
    fetch(`/api/workshops/${encodeURIComponent(id)}/part`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(key) },
      body: JSON.stringify(part ?? { boardId: null }),
    }),
  timer: (id: string, key: string, action: TimerAction) =>
    request<TimerState>(`/api/workshops/${encodeURIComponent(id)}/timer`, { method: 'POST', headers: bearer(key), body: JSON.stringify(action) }),
  lockBoard: (id: string, key: string, boardId: string, locked: boolean) =>
    request<{ locked: boolean }>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/lock`, {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ locked }),
    }),
  follow: (id: string, key: string, userId: string | null) =>
    fetch(`/api/workshops/${encodeURIComponent(id)}/follow`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ userId }),
    }),
  vote: (id: string, key: string, boardId: string, action: VoteAction) =>
    request<VoteState>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/vote`, { method: 'POST', headers: bearer(key), body: JSON.stringify(action) }),
  placeDot: (id: string, key: string, token: string, boardId: string, dot: { noteId: string; delta: 1 | -1 }) =>
    request<Ballot>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/dots`, { method: 'POST', headers: asPerson(key, token), body: JSON.stringify(dot) }),
  ballot: (id: string, key: string, token: string, boardId: string) =>
    request<Ballot>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/dots`, { headers: asPerson(key, token) }),
  rotateKeys: (id: string, key: string) =>
    request<RotatedKeys>(`/api/workshops/${encodeURIComponent(id)}/keys`, { method: 'POST', headers: bearer(key), body: JSON.stringify({ roles: ['participant', 'viewer'] }) }),
  addPerson: (id: string, key: string) => request<Person>(`/api/workshops/${encodeURIComponent(id)}/people`, { method: 'POST', headers: bearer(key) }),
  seal: (id: string, key: string, token: string, boardId: string, record: object & { id: string }, leaving = false) => {
    const body = JSON.stringify({ record })
    return requestNoContent(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/sealed/${encodeURIComponent(record.id)}`, {
      method: 'PUT',
      headers: asPerson(key, token),
      body,
      keepalive: outlivesPage(leaving, body),
    })
  },
  unseal: (id: string, key: string, token: string, boardId: string, noteId: string, leaving = false) =>
    requestNoContent(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/sealed/${encodeURIComponent(noteId)}`, {
      method: 'DELETE',
      headers: asPerson(key, token),
      keepalive: outlivesPage(leaving, ''),
    }),
  privateWriting: (id: string, key: string, boardId: string, on: boolean) =>
    request<{ on: boolean }>(`/api/workshops/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}/private`, { method: 'POST', headers: bearer(key), body: JSON.stringify({ on }) }),
  showJoin: (id: string, key: string, show: boolean) =>
    fetch(`/api/workshops/${encodeURIComponent(id)}/join`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer(key) }, body: JSON.stringify({ show }) }),
  details: (id: string, key: string) => request<WorkshopDetails>(`/api/workshops/${encodeURIComponent(id)}`, { headers: bearer(key) }),
  keep: (id: string, key: string, days: number) => request<Retention>(`/api/workshops/${encodeURIComponent(id)}/retention`, { method: 'POST', headers: bearer(key), body: JSON.stringify({ days }) }),
  deleteWorkshop: (id: string, key: string) => requestNoContent(`/api/workshops/${encodeURIComponent(id)}`, { method: 'DELETE', headers: bearer(key) }),
  importWorkshop: (file: unknown, createKey: string) =>
    request<ImportedWorkshop>('/api/workshops/import', { method: 'POST', headers: createKey ? bearer(createKey) : {}, body: JSON.stringify(file) }),
  access: (id: string, key: string) => request<WorkshopAccess>(`/api/workshops/${encodeURIComponent(id)}/access`, { headers: bearer(key) }),
}
