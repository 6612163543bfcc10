/**
 * Which person each Yjs client id belongs to. Yjs trusts every writer with every client id:
 * structs written under a colleague's id at that colleague's next clocks would make the
 * server drop the colleague's real writes as already known. So an id is claimed by the first
 * person who writes with it or announces it in awareness, and only they may extend it. The
 * room's own id is the server's. Ids written by connections without a personal token stay
 * shared among such guests, as does any id from before owners were recorded.
 */
import type { ClientOwner } from './update-check.ts'

/** Persists claims, so they outlive the room in memory. */
export interface ClientClaimStore {
  clientOwners(workshopId: string): Promise<Map<number, string>>
  claimClients(workshopId: string, clients: number[], owner: string): Promise<void>
}

const SERVER = 'server'
const PERSON = 'person:'

export function encodeOwner(owner: ClientOwner): string | null {
  if (owner.kind === 'server') return SERVER
  if (owner.kind === 'person') return PERSON + owner.userId
  return null
}

function decodeOwner(value: string): ClientOwner {
  if (value === SERVER) return { kind: 'server' }
  if (value.startsWith(PERSON)) return { kind: 'person', userId: value.slice(PERSON.length) }
  return { kind: 'guest' }
}

export function sameOwner(a: ClientOwner, b: ClientOwner): boolean {
  if (a.kind !== b.kind) return false
  return a.kind !== 'person' || a.userId === (b as { userId: string }).userId
}

export class ClientOwners {
  private readonly perOwner = new Map<string, number>()

  private constructor(
    private readonly workshopId: string,
    private readonly store: ClientClaimStore,
    private readonly owners: Map<number, ClientOwner>,
    /** Ids one person may claim in one workshop: a browser takes a new one per page load. */
    private readonly maxPerPerson: number,
  ) {
    for (const owner of owners.values()) this.count(owner, 1)
  }

  static async load(workshopId: string, store: ClientClaimStore, maxPerPerson: number): Promise<ClientOwners> {
    const stored = await store.clientOwners(workshopId)
    return new ClientOwners(workshopId, store, new Map([...stored].map(([client, owner]) => [client, decodeOwner(owner)])), maxPerPerson)
  }

  private count(owner: ClientOwner, delta: number): number {
    const key = encodeOwner(owner)
    if (!key) return 0
    const next = (this.perOwner.get(key) ?? 0) + delta
    this.perOwner.set(key, next)
    return next
  }

  ownerOf(client: number): ClientOwner | undefined {
    return this.owners.get(client)
  }

  /** May `owner` write with (or announce) `client`? */
  allows(client: number, owner: ClientOwner): boolean {
    const current = this.owners.get(client)
    return !current || current.kind === 'guest' || sameOwner(current, owner)
  }

  /** Would claiming `count` more ids keep `owner` within the bound? */
  hasRoomFor(owner: ClientOwner, count: number): boolean {
    return owner.kind !== 'person' || this.count(owner, 0) + count <= this.maxPerPerson
  }

  /** Takes in claims another server instance made and stored (the first claim of an id stands). */
  learn(clients: readonly number[], encodedOwner: string): void {
    const owner = decodeOwner(encodedOwner)
    for (const client of clients) {
      if (this.owners.has(client)) continue
      this.owners.set(client, owner)
      this.count(owner, 1)
    }
  }

  /** Takes in every claim stored so far, after messages from other instances may have been lost. */
  async refresh(): Promise<void> {
    for (const [client, owner] of await this.store.clientOwners(this.workshopId)) this.learn([client], owner)
  }

  /** Records that `clients` are `owner`'s from now on; guests claim nothing. */
  claim(clients: number[], owner: ClientOwner): Promise<void> {
    const encoded = encodeOwner(owner)
    const fresh = clients.filter((client) => !this.owners.has(client))
    if (!encoded || fresh.length === 0) return Promise.resolve()
    for (const client of fresh) this.owners.set(client, owner)
    this.count(owner, fresh.length)
    return this.store.claimClients(this.workshopId, fresh, encoded)
  }
}
