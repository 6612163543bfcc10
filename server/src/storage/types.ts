/**
 * Storage seams. The sync code only sees these interfaces, so another backend
 * (PostgreSQL, say) can be added without touching it. Methods may be async.
 */

/** A workshop's Yjs document as a log of binary updates. */
export interface DocumentStore {
  /** Every stored update, oldest first (a compacted snapshot counts as one). Empty when unknown. */
  load(docId: string): Promise<Uint8Array[]>
  /** Durably appends one update; resolves only once it is stored. */
  append(docId: string, update: Uint8Array): Promise<void>
  /**
   * The same as append, for a store where a write counts as stored once the call returns
   * (SQLite with DURABILITY=written): the caller can send the update on in the same turn of
   * the event loop. Throws what append would reject with. Absent where storing takes a wait.
   */
  appendAtOnce?(docId: string, update: Uint8Array): void
  /** Atomically replaces all stored updates with one snapshot that contains them all. */
  compact(docId: string, snapshot: Uint8Array): Promise<void>
  /** Removes every stored update of the document. */
  delete(docId: string): Promise<void>
  /** Ids of all stored documents. */
  list(): Promise<string[]>
}

/** An append to a document whose workshop has been deleted (by another instance, say). */
export class DocumentGoneError extends Error {
  constructor(docId: string) {
    super(`document ${docId} belongs to no workshop`)
    this.name = 'DocumentGoneError'
  }
}

/**
 * A document store several server instances share (PostgreSQL): each reads what the others
 * stored since it last looked. Sequence numbers grow with every append; a compacted snapshot
 * takes the number of the last update it holds.
 */
export interface SharedDocumentStore extends DocumentStore {
  /** Updates stored with a sequence number above `after`, oldest first, and the highest number now stored. */
  loadSince(docId: string, after: number): Promise<{ updates: Uint8Array[]; seq: number }>
}

export interface WorkshopRow {
  id: string
  /** SHA-256 of the facilitator key: it is never needed in clear after creation. */
  facilitatorKeyHash: string
  participantKey: string
  viewerKey: string
  createdAt: string
  lastActivityAt: string
  /** The facilitator asked to keep the workshop at least until then, whatever its activity. */
  keepUntil: string | null
}

/** The access facts of a workshop. Its content (title, city, boards) lives in its document. */
export interface WorkshopStore {
  createWorkshop(row: WorkshopRow): Promise<void>
  getWorkshop(id: string): Promise<WorkshopRow | null>
  touchWorkshop(id: string, at: string): Promise<void>
  /** Removes the workshop row; documents are removed through DocumentStore.delete. */
  deleteWorkshop(id: string): Promise<void>
  /** Replaces the participant and/or viewer key (the old ones stop working). */
  setKeys(id: string, keys: { participantKey?: string; viewerKey?: string }): Promise<void>
  setKeepUntil(id: string, keepUntil: string | null): Promise<void>
  /** Workshops with no activity since `idleSince` and not kept until after `now`. */
  expiredWorkshops(idleSince: string, now: string): Promise<string[]>
  /** Bytes the store takes on disk, for the MAX_DATA_BYTES budget. */
  diskBytes(): Promise<number>
}

/** Dot-vote ballots, kept outside the document so counts stay hidden until the vote ends. */
export interface VoteStore {
  /** Sets a voter's dots on a note; 0 removes them. */
  setDots(workshopId: string, boardId: string, voter: string, noteId: string, count: number): Promise<void>
  /** One voter's dots on a board: note id → dots. */
  ballot(workshopId: string, boardId: string, voter: string): Promise<Record<string, number>>
  /** Everyone's dots on a board: note id → dots. */
  tally(workshopId: string, boardId: string): Promise<Record<string, number>>
  /** How many people have placed dots on a board, and how many dots: counted by the store, not read out ballot by ballot. */
  voteProgress(workshopId: string, boardId: string): Promise<{ voters: number; placed: number }>
  /** Every dot placed in the workshop's open votes (to move the workshop to another server). */
  allBallots(workshopId: string): Promise<{ boardId: string; voter: string; noteId: string; dots: number }[]>
  /** Forgets the ballots of one board, or of the whole workshop. */
  clearVotes(workshopId: string, boardId?: string): Promise<void>
}

/**
 * People: a device that joined a workshop gets a personal token (stored hashed) bound to a
 * user id, so the server knows who places dots and whose client ids are whose.
 */
export interface PeopleStore {
  createPerson(workshopId: string, userId: string, tokenHash: string, createdAt: string): Promise<void>
  /** The user id the token (hashed) belongs to in that workshop, or null. */
  personByToken(workshopId: string, tokenHash: string): Promise<string | null>
  countPeople(workshopId: string): Promise<number>
  /** Yjs client id → its owner (see sync/client-owners.ts). */
  clientOwners(workshopId: string): Promise<Map<number, string>>
  claimClients(workshopId: string, clients: number[], owner: string): Promise<void>
  /** Forgets the workshop's people and client ids. */
  deletePeople(workshopId: string): Promise<void>
}

/** A private note held by the server until its board's reveal, never in the document before. */
export interface SealedNote {
  boardId: string
  noteId: string
  /** The user id of the person who wrote it. */
  owner: string
  /** The note's record as JSON, checked before it was stored. */
  record: string
}

/**
 * Private writing: each device sends its private notes here as it writes them, so that a
 * device that is closed or asleep at the reveal still has its notes revealed.
 */
export interface SealedNoteStore {
  /** Stores or replaces a note (the caller checks that it is the same owner's). */
  sealNote(workshopId: string, note: SealedNote): Promise<void>
  unsealNote(workshopId: string, noteId: string): Promise<void>
  /** A workshop's sealed notes, or one board's. */
  sealedNotes(workshopId: string, boardId?: string): Promise<SealedNote[]>
  /** Forgets one board's sealed notes, or the whole workshop's. */
  deleteSealed(workshopId: string, boardId?: string): Promise<void>
}

/**
 * When the server first saw each record of a workshop: a note's time in the exports is the
 * server's, not its device's clock (a tablet 7 minutes fast would stamp its notes ahead).
 */
export type RecordStamp = readonly [recordId: string, at: string]

export interface RecordTimeStore {
  /** Stores each record's time (`[id, at]`, in order) where it has none yet, while the workshop holds fewer than `limit`; resolves to how many were stored. */
  stampRecords(workshopId: string, stamps: readonly RecordStamp[], limit: number): Promise<number>
  recordTimes(workshopId: string): Promise<Map<string, string>>
  deleteRecordTimes(workshopId: string): Promise<void>
}

/** Why a snapshot was kept: on a timer while people work, on the facilitator's request, or just before a restore. */
export type SnapshotReason = 'auto' | 'manual' | 'before-restore'

export interface SnapshotInfo {
  id: number
  takenAt: string
  reason: SnapshotReason
}

/**
 * Kept snapshots of a workshop's whole document, so the facilitator can bring a board back
 * as it was at an earlier time.
 */
export interface SnapshotStore {
  /** Stores a snapshot, then forgets the oldest beyond the newest `keep`. */
  saveSnapshot(workshopId: string, taken: Omit<SnapshotInfo, 'id'>, data: Uint8Array, keep: number): Promise<SnapshotInfo>
  /** Newest first. */
  listSnapshots(workshopId: string): Promise<SnapshotInfo[]>
  loadSnapshot(workshopId: string, id: number): Promise<Uint8Array | null>
  deleteSnapshots(workshopId: string): Promise<void>
}

export interface Storage extends DocumentStore, WorkshopStore, VoteStore, PeopleStore, SnapshotStore, SealedNoteStore, RecordTimeStore {
  /**
   * Makes what was deleted so far unreadable in the store's files (a write-ahead log, free
   * pages), so that a deleted workshop leaves no trace on disk. Resolves once it is so.
   */
  scrub(): Promise<void>
  /** Resolves once every write made so far is durable and the store is closed. */
  close(): Promise<void>
}
