import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getControlMap, getRecordsMap, patchRecord, putRecord, readAllRecords, readFollow, readJoin, readPart, readRecord, readTimer, timerRemaining, type JsonRecord } from '@sfs/shared'
import { attempt, createWorkshop, noteOn, storedDoc, testWorkshops, waitFor, watchFor, type TestServer } from './helpers.ts'

const room = testWorkshops()
let s: TestServer

async function setup(boards = ['swot']) {
  s = await room.start()
  const w = await createWorkshop(s, { title: 'Arbetspass', boards })
  const facilitator = room.connect(s, w.id, w.facilitatorKey)
  const participant = room.connect(s, w.id, w.participantKey)
  await Promise.all([facilitator, participant].map((c) => c.synced))
  const post = (path: string, key: string, body: unknown) =>
    fetch(`${s.url}/api/workshops/${w.id}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: JSON.stringify(body) })
  return { w, facilitator, participant, post }
}

const note = (page: string, id: string, text: string): JsonRecord => noteOn(page, id, text, 300, 300)
const pageId = (doc: Y.Doc) => readAllRecords(doc).find((r) => r.typeName === 'page')!.id

describe('facilitation is the facilitator’s, enforced by the server', () => {
  it('runs one timer on the server’s clock for everyone; a participant can neither call nor write it', async () => {
    const { w, facilitator, participant, post } = await setup()
    const before = Date.now()
    const res = await post('/timer', w.facilitatorKey, { action: 'start', seconds: 300 })
    expect(res.status).toBe(200)
    await waitFor(() => readTimer(participant.doc).status === 'running', 'timer reaches the participant')
    const timer = readTimer(participant.doc)
    expect(timerRemaining(timer, before)).toBeGreaterThan(299_000)
    expect(timerRemaining(timer, before)).toBeLessThanOrEqual(300_000 + (Date.now() - before))

    expect((await post('/timer', w.participantKey, { action: 'stop' })).status).toBe(403)
    expect((await post('/timer', w.facilitatorKey, { action: 'start', seconds: 0 })).status).toBe(400)

    // Raw document writes to the control map are refused, the facilitator's client's too: nobody ever sees them.
    const watch = watchFor([participant.doc, facilitator.doc], (doc) => readTimer(doc).status !== 'running' || readFollow(doc) !== null)
    for (const key of [w.participantKey, w.facilitatorKey]) {
      const code = await attempt(s, w.id, key, (doc) => {
        getControlMap(doc).set('timer', { status: 'stopped', endsAt: null, remainingMs: 0, durationMs: 0 })
        getControlMap(doc).set('follow', { userId: 'user:hacker', at: 1 })
      })
      expect(code).toBe(4403)
    }
    expect(watch.ever()).toBe(false)
    expect(readTimer(await storedDoc(s, w.id)).status).toBe('running')
    expect(s.logs.some((l) => l.includes('sync.update_refused') && l.includes('control map'))).toBe(true)
  })

  it('locks a board: participants’ new, changed and deleted notes are refused until it is unlocked', async () => {
    const { w, facilitator, participant, post } = await setup()
    const page = pageId(participant.doc)
    participant.doc.transact(() => putRecord(getRecordsMap(participant.doc), note(page, 'shape:before', 'före låsning')))
    await waitFor(() => readRecord(getRecordsMap(facilitator.doc), 'shape:before') !== null, 'note arrives')

    expect((await post(`/boards/${page}/lock`, w.participantKey, { locked: true })).status).toBe(403)
    expect((await post(`/boards/${page}/lock`, w.facilitatorKey, { locked: true })).status).toBe(200)
    await waitFor(() => (readRecord(getRecordsMap(participant.doc), page)!.meta as { locked?: boolean }).locked === true, 'lock arrives')

    const existing = readRecord(getRecordsMap(participant.doc), 'shape:before')!
    const watch = watchFor([participant.doc, facilitator.doc], (doc) => readRecord(getRecordsMap(doc), 'shape:after') !== null || readRecord(getRecordsMap(doc), 'shape:before')?.x !== existing.x)
    const attempts = [
      (doc: Y.Doc) => putRecord(getRecordsMap(doc), note(page, 'shape:after', 'efter låsning')),
      (doc: Y.Doc) => doc.transact(() => patchRecord(getRecordsMap(doc), existing, { ...existing, x: 900 })),
      (doc: Y.Doc) => getRecordsMap(doc).delete('shape:before'),
    ]
    for (const change of attempts) expect(await attempt(s, w.id, w.participantKey, change)).toBe(4403)
    expect(watch.ever()).toBe(false)
    for (const doc of [participant.doc, facilitator.doc, await storedDoc(s, w.id)]) {
      expect(readRecord(getRecordsMap(doc), 'shape:after')).toBeNull()
      expect(readRecord(getRecordsMap(doc), 'shape:before')).toEqual(existing)
    }

    // The facilitator may still change a locked board.
    facilitator.doc.transact(() => patchRecord(getRecordsMap(facilitator.doc), existing, { ...existing, x: 10 }))
    await waitFor(() => readRecord(getRecordsMap(participant.doc), 'shape:before')?.x === 10, 'facilitator edit arrives')

    expect((await post(`/boards/${page}/lock`, w.facilitatorKey, { locked: false })).status).toBe(200)
    await waitFor(() => (readRecord(getRecordsMap(participant.doc), page)!.meta as { locked?: boolean }).locked === false, 'unlock arrives')
    participant.doc.transact(() => putRecord(getRecordsMap(participant.doc), note(page, 'shape:later', 'efter upplåsning')))
    await waitFor(() => readRecord(getRecordsMap(facilitator.doc), 'shape:later') !== null, 'note after unlocking arrives')
    expect((await post(`/boards/page:nope/lock`, w.facilitatorKey, { locked: true })).status).toBe(404)
  })

  it('brings everyone to the facilitator’s view, and lets it go', async () => {
    const { w, participant, post } = await setup()
    expect((await post('/follow', w.participantKey, { userId: 'user:abc' })).status).toBe(403)
    expect((await post('/follow', w.facilitatorKey, { userId: 'user:fia' })).status).toBe(204)
    await waitFor(() => readFollow(participant.doc)?.userId === 'user:fia', 'follow arrives')
    expect((await post('/follow', w.facilitatorKey, { userId: null })).status).toBe(204)
    await waitFor(() => readFollow(participant.doc) === null, 'follow cleared')
    expect((await post('/follow', w.facilitatorKey, { userId: '<script>' })).status).toBe(400)
  })

  it('shows everyone one part of an A3 board, and lets it go', async () => {
    const { w, participant, post } = await setup(['a3-utgangspunkt', 'swot'])
    const [a3, swot] = readAllRecords(participant.doc).filter((r) => r.typeName === 'page').sort((a, b) => String(a.index).localeCompare(String(b.index))).map((r) => r.id)
    expect((await post('/part', w.participantKey, { boardId: a3, section: 'del-2' })).status).toBe(403)
    expect((await post('/part', w.facilitatorKey, { boardId: a3, section: 'del-9' })).status).toBe(404)
    expect((await post('/part', w.facilitatorKey, { boardId: swot, section: 'del-2' })).status).toBe(404)
    expect((await post('/part', w.facilitatorKey, { boardId: a3, section: '<b>' })).status).toBe(400)
    expect((await post('/part', w.facilitatorKey, { boardId: a3, section: 'del-2' })).status).toBe(204)
    await waitFor(() => readPart(participant.doc)?.section === 'del-2' && readPart(participant.doc)?.boardId === a3, 'the part arrives')
    expect((await post('/part', w.facilitatorKey, { boardId: null })).status).toBe(204)
    await waitFor(() => readPart(participant.doc) === null, 'the part is let go')
  })

  it('shows a join code on demand: the participant link and a short link that works only while shown', async () => {
    const { w, participant, post } = await setup()
    expect((await post('/join', w.participantKey, { show: true })).status).toBe(403)
    expect(readJoin(participant.doc)).toBeNull()
    expect((await post('/join', w.facilitatorKey, { show: true })).status).toBe(204)
    await waitFor(() => readJoin(participant.doc) !== null, 'join code arrives')
    const join = readJoin(participant.doc)!
    expect(join.link).toMatch(new RegExp(`/w/${w.id}#key=${w.participantKey}$`))
    const code = /\/j\/([A-Z2-9]{6})$/.exec(join.shortLink)![1]!
    const jump = await fetch(`${s.url}/j/${code}`, { redirect: 'manual' })
    expect(jump.status).toBe(302)
    expect(jump.headers.get('location')).toBe(join.link)

    expect((await post('/join', w.facilitatorKey, { show: false })).status).toBe(204)
    await waitFor(() => readJoin(participant.doc) === null, 'join code hidden')
    expect((await fetch(`${s.url}/j/${code}`, { redirect: 'manual' })).status).toBe(404)
    const statuses = []
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${s.url}/j/ZZZZZZ`, { redirect: 'manual' })).status)
    expect(statuses).toContain(429)
  })

  it('tells the time on the server’s clock', async () => {
    s = await room.start()
    const before = Date.now()
    const { now } = (await (await fetch(`${s.url}/api/time`)).json()) as { now: number }
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})
