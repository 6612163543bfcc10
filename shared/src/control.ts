/**
 * Facilitation state, in the workshop document's `control` map. Only the server writes it
 * (on the facilitator's requests over HTTP); times are the server's clock in ms.
 */
import type * as Y from 'yjs'
import * as z from 'zod/mini'

export const CONTROL_KEY = 'control'

export interface TimerState {
  /**
   * 'running': ends at `endsAt`, with `remainingMs` left when it was set running; 'paused':
   * `remainingMs` left; 'stopped': no timer.
   */
  status: 'running' | 'paused' | 'stopped'
  endsAt: number | null
  remainingMs: number
  durationMs: number
}

export const STOPPED_TIMER: TimerState = { status: 'stopped', endsAt: null, remainingMs: 0, durationMs: 0 }

export function getControlMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CONTROL_KEY)
}

export function readTimer(doc: Y.Doc): TimerState {
  const timer = getControlMap(doc).get('timer') as Partial<TimerState> | undefined
  return timer && (timer.status === 'running' || timer.status === 'paused') ? { ...STOPPED_TIMER, ...timer } : STOPPED_TIMER
}

/**
 * Milliseconds left on the timer at server time `now`. A device's estimate of the server's
 * clock can be a second behind; it must not show "10:01" on a 10-minute timer, so a running
 * timer never shows more than it had when it was set running.
 */
export function timerRemaining(timer: TimerState, now: number): number {
  if (timer.status === 'running' && timer.endsAt !== null) return Math.max(0, Math.min(timer.endsAt - now, timer.remainingMs))
  if (timer.status === 'paused') return timer.remainingMs
  return 0
}

/** An ended timer stays on every screen this long, then clears itself: nobody has to press Stop. */
export const TIMER_SHOWN_AFTER_END_MS = 60_000

/** What every screen shows of the timer at `now` (server time). */
export function timerShown(timer: TimerState, now: number): 'stopped' | 'running' | 'paused' | 'ended' {
  if (timer.status !== 'running' || timer.endsAt === null) return timer.status
  if (now < timer.endsAt) return 'running'
  return now - timer.endsAt > TIMER_SHOWN_AFTER_END_MS ? 'stopped' : 'ended'
}

const MAX_TIMER_SECONDS = 4 * 60 * 60

export const timerActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), seconds: z.int().check(z.minimum(1), z.maximum(MAX_TIMER_SECONDS)) }),
  z.strictObject({ action: z.literal('extend'), seconds: z.int().check(z.minimum(-MAX_TIMER_SECONDS), z.maximum(MAX_TIMER_SECONDS)) }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('resume') }),
  z.strictObject({ action: z.literal('stop') }),
])
export type TimerAction = z.infer<typeof timerActionSchema>

/** The next timer state; pure, so it is tested without a server. */
export function applyTimerAction(timer: TimerState, action: TimerAction, now: number): TimerState {
  const remaining = timerRemaining(timer, now)
  switch (action.action) {
    case 'start':
      return { status: 'running', endsAt: now + action.seconds * 1000, remainingMs: action.seconds * 1000, durationMs: action.seconds * 1000 }
    case 'extend': {
      if (timer.status === 'stopped') return timer
      const left = Math.max(0, remaining + action.seconds * 1000)
      const durationMs = Math.max(0, timer.durationMs + action.seconds * 1000)
      return timer.status === 'running' ? { ...timer, endsAt: now + left, remainingMs: left, durationMs } : { ...timer, remainingMs: left, durationMs }
    }
    case 'pause':
      return timer.status === 'running' ? { ...timer, status: 'paused', endsAt: null, remainingMs: remaining } : timer
    case 'resume':
      return timer.status === 'paused' ? { ...timer, status: 'running', endsAt: now + timer.remainingMs } : timer
    case 'stop':
      return STOPPED_TIMER
  }
}

export const lockBoardSchema = z.strictObject({ locked: z.boolean() })

/** "Bring everyone here": everyone follows this user's view until it is cleared. */
export const followSchema = z.strictObject({ userId: z.nullable(z.string().check(z.regex(/^user:[A-Za-z0-9_-]{1,64}$/))) })

export interface FollowState {
  userId: string
  /** Server time of the request; a new request makes everyone follow again. */
  at: number
}

export function readFollow(doc: Y.Doc): FollowState | null {
  const follow = getControlMap(doc).get('follow') as Partial<FollowState> | undefined
  return follow && typeof follow.userId === 'string' && typeof follow.at === 'number' ? (follow as FollowState) : null
}

/** "Show everyone this part": every device shows that part of the board, framed for its own screen. */
export const partSchema = z.union([
  z.strictObject({ boardId: z.string().check(z.regex(/^page:[A-Za-z0-9_-]{1,64}$/)), section: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)) }),
  z.strictObject({ boardId: z.null() }),
])

export interface PartState {
  boardId: string
  section: string
  /** Server time of the request; the newer of this and a "bring everyone here" wins. */
  at: number
}

export function readPart(doc: Y.Doc): PartState | null {
  const part = getControlMap(doc).get('part') as Partial<PartState> | undefined
  return part && typeof part.boardId === 'string' && typeof part.section === 'string' && typeof part.at === 'number' ? (part as PartState) : null
}

/** A dot vote on one board. While open, only each voter knows their own dots. */
export interface VoteState {
  status: 'open' | 'closed'
  dots: number
  /** How many have placed a dot, and how many dots are placed: progress, never whose. */
  voters?: number
  placed?: number
}

/** An ended vote, kept when the next one starts on the same board: its counts per note. */
export interface VoteRound {
  dots: number
  voters?: number
  counts: Record<string, number>
}

/** A board keeps this many ended votes besides the one whose counts are on its notes. */
export const VOTE_ROUNDS_KEPT = 5

export function readVoteRounds(doc: Y.Doc, boardId: string): VoteRound[] {
  const rounds = (getControlMap(doc).get('voteRounds') as Record<string, unknown> | undefined)?.[boardId]
  return Array.isArray(rounds) ? rounds.filter((r): r is VoteRound => typeof r === 'object' && r !== null && typeof (r as VoteRound).dots === 'number' && typeof (r as VoteRound).counts === 'object') : []
}

export function readVote(doc: Y.Doc, boardId: string): VoteState | null {
  const votes = getControlMap(doc).get('votes') as Record<string, Partial<VoteState>> | undefined
  const vote = votes?.[boardId]
  return vote && (vote.status === 'open' || vote.status === 'closed') && typeof vote.dots === 'number' ? (vote as VoteState) : null
}

export const voteActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), dots: z.int().check(z.minimum(1), z.maximum(20)) }),
  z.strictObject({ action: z.literal('end') }),
])
export type VoteAction = z.infer<typeof voteActionSchema>

/** Dots go on and come off one at a time; the voter is the person whose token comes with the request. */
export const dotSchema = z.strictObject({
  noteId: z.string().check(z.regex(/^shape:[A-Za-z0-9_-]{1,64}$/)),
  delta: z.union([z.literal(1), z.literal(-1)]),
})

export interface Ballot {
  /** Note id → this voter's dots on it. */
  dots: Record<string, number>
  remaining: number
}

/** Boards where new notes stay on each device until the facilitator reveals them. */
export function readPrivateBoards(doc: Y.Doc): Set<string> {
  const boards = getControlMap(doc).get('private') as Record<string, unknown> | undefined
  return new Set(Object.entries(boards ?? {}).filter(([, on]) => on === true).map(([id]) => id))
}

export const privateWritingSchema = z.strictObject({ on: z.boolean() })

/** A private note sent to the server to be held until the reveal: the note's record as tldraw stores it. */
export const sealedNoteSchema = z.strictObject({ record: z.record(z.string(), z.unknown()) })

/** Private notes the server holds per board, and from how many people: what the facilitator sees, never what they say. */
export interface SealedCount {
  notes: number
  writers: number
}

export function readSealedCounts(doc: Y.Doc): Record<string, SealedCount> {
  const counts = getControlMap(doc).get('sealed') as Record<string, Partial<SealedCount>> | undefined
  const out: Record<string, SealedCount> = {}
  for (const [board, count] of Object.entries(counts ?? {})) {
    if (typeof count?.notes === 'number' && typeof count.writers === 'number') out[board] = { notes: count.notes, writers: count.writers }
  }
  return out
}

/** The join code on the wall: shown only while the facilitator wants it shown. */
export interface JoinState {
  /** The participant link. */
  link: string
  /** A short link for typing from the wall, e.g. http://192.168.1.20:3000/j/K7M4QX. */
  shortLink: string
}

export function readJoin(doc: Y.Doc): JoinState | null {
  const join = getControlMap(doc).get('join') as Partial<JoinState> | undefined
  return join && typeof join.link === 'string' && typeof join.shortLink === 'string' ? (join as JoinState) : null
}

export const joinSchema = z.strictObject({ show: z.boolean() })
