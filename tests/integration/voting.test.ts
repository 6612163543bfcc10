import { describe, expect, it } from 'vitest'
import { getRecordsMap, patchRecord, putRecord, readAllRecords, readRecord, readVote, readVoteRounds, type JsonRecord } from '@sfs/shared'
import { attempt, createWorkshop, joinAsPerson, noteOn, testWorkshops, waitFor, watchFor, type Client, type TestServer } from './helpers.ts'

const room = testWorkshops()
let s: TestServer

const votesOn = (client: Client, id: string) => (readRecord(getRecordsMap(client.doc), id)?.meta as { votes?: number } | undefined)?.votes

describe('dot voting', () => {
  it('keeps counts hidden until the facilitator ends the vote, then sorts by them in results and exports', async () => {
    s = await room.start()
    const w = await createWorkshop(s, { title: 'Röstning', boards: ['swot'] })
    const a = room.connect(s, w.id, w.participantKey)
    const b = room.connect(s, w.id, w.participantKey)
    await Promise.all([a, b].map((c) => c.synced))
    const board = readAllRecords(a.doc).find((r) => r.typeName === 'page')!.id
    const zone = readAllRecords(a.doc).find((r) => (r.meta as { zone?: string }).zone === 'styrkor')!
    const note = (id: string, text: string, dx: number): JsonRecord => noteOn(board, id, text, Number(zone.x) + dx, Number(zone.y) + 100)
    a.doc.transact(() => {
      putRecord(getRecordsMap(a.doc), note('shape:first', 'Första', 20))
      putRecord(getRecordsMap(a.doc), note('shape:second', 'Andra', 300))
    })
    await waitFor(() => readRecord(getRecordsMap(b.doc), 'shape:second') !== null, 'notes arrive')

    const call = (method: string, path: string, key: string, body?: unknown, token?: string) =>
      fetch(`${s.url}/api/workshops/${w.id}/boards/${board}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, ...(token ? { 'X-Person-Token': token } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const people = { anna: await joinAsPerson(s, w.id, w.participantKey), bo: await joinAsPerson(s, w.id, w.participantKey) }
    const dot = (voter: keyof typeof people, noteId: string, delta: 1 | -1) => call('POST', '/dots', w.participantKey, { noteId, delta }, people[voter].token)

    expect((await dot('anna', 'shape:first', 1)).status).toBe(409) // no vote open yet
    expect((await call('POST', '/vote', w.participantKey, { action: 'start', dots: 3 })).status).toBe(403)
    expect((await call('POST', '/vote', w.facilitatorKey, { action: 'start', dots: 2 })).status).toBe(200)
    await waitFor(() => readVote(a.doc, board)?.status === 'open', 'vote opens')

    expect(await (await dot('anna', 'shape:second', 1)).json()).toEqual({ dots: { 'shape:second': 1 }, remaining: 1 })
    expect(await (await dot('anna', 'shape:second', 1)).json()).toEqual({ dots: { 'shape:second': 2 }, remaining: 0 })
    expect((await dot('anna', 'shape:first', 1)).status).toBe(409) // all dots placed
    expect(await (await dot('anna', 'shape:second', -1)).json()).toEqual({ dots: { 'shape:second': 1 }, remaining: 1 })
    await dot('anna', 'shape:first', 1)
    await dot('bo', 'shape:second', 1)
    await dot('bo', 'shape:second', 1)
    expect((await dot('bo', 'shape:nope', 1)).status).toBe(404)
    expect(await (await call('GET', '/dots', w.participantKey, undefined, people.bo.token)).json()).toEqual({ dots: { 'shape:second': 2 }, remaining: 0 })
    // A ballot is its owner's: without a token, or with a made-up one, there is none to read or spend.
    expect((await call('POST', '/dots', w.participantKey, { noteId: 'shape:first', delta: 1 })).status).toBe(401)
    expect((await call('GET', '/dots', w.participantKey, undefined, 'x'.repeat(32))).status).toBe(403)
    expect((await call('POST', '/dots', w.participantKey, { voter: 'user:bo', noteId: 'shape:first', delta: -1 }, people.anna.token)).status).toBe(400)

    // Progress is shared as counts only: two voters, four dots, and nothing about whose or where.
    await waitFor(() => readVote(a.doc, board)?.placed === 4, 'progress reaches the room')
    expect(readVote(a.doc, board)).toEqual({ status: 'open', dots: 2, voters: 2, placed: 4 })

    // Hidden: nothing about the counts is in anyone's document, and nobody can write counts.
    expect([votesOn(a, 'shape:first'), votesOn(b, 'shape:second')]).toEqual([undefined, undefined])
    const watch = watchFor([a.doc, b.doc], (doc) => (readRecord(getRecordsMap(doc), 'shape:first')?.meta as { votes?: number }).votes !== undefined)
    const forge = (doc: import('yjs').Doc) => {
      const mine = readRecord(getRecordsMap(doc), 'shape:first')!
      doc.transact(() => patchRecord(getRecordsMap(doc), mine, { ...mine, meta: { votes: 99 } }))
    }
    expect(await attempt(s, w.id, w.participantKey, forge)).toBe(4403)
    expect(await attempt(s, w.id, w.facilitatorKey, forge)).toBe(4403)
    expect(watch.ever()).toBe(false)

    expect((await call('POST', '/vote', w.participantKey, { action: 'end' })).status).toBe(403)
    expect((await call('POST', '/vote', w.facilitatorKey, { action: 'end' })).status).toBe(200)
    await waitFor(() => votesOn(b, 'shape:second') === 3 && votesOn(b, 'shape:first') === 1, 'counts revealed')
    expect(readVote(b.doc, board)?.status).toBe('closed')

    const results = (await (await fetch(`${s.url}/api/workshops/${w.id}/results?key=${w.facilitatorKey}`)).json()) as {
      boards: { result: { quadrants: { key: string; notes: { text: string; votes: number }[] }[] } }[]
    }
    const strengths = results.boards[0]!.result.quadrants.find((q) => q.key === 'styrkor')!.notes
    expect(strengths.map((n) => [n.text, n.votes])).toEqual([
      ['Andra', 3],
      ['Första', 1],
    ])
    const csv = await (await fetch(`${s.url}/api/workshops/${w.id}/export?format=csv&key=${w.facilitatorKey}`)).text()
    expect(csv).toContain('SWOT,Styrkor (interna),Andra,,3,')
    expect(csv).toContain('SWOT,Styrkor (interna),Första,,1,')

    // A second vote starts clean, and the first one's counts are kept as its round.
    expect((await call('POST', '/vote', w.facilitatorKey, { action: 'start', dots: 1 })).status).toBe(200)
    await waitFor(() => votesOn(b, 'shape:second') === undefined, 'the notes cleared for the new vote')
    expect(readVoteRounds(b.doc, board)).toEqual([{ dots: 2, voters: 2, counts: { 'shape:second': 3, 'shape:first': 1 } }])
    expect(await (await dot('anna', 'shape:first', 1)).json()).toEqual({ dots: { 'shape:first': 1 }, remaining: 0 })

    // Once the second ends, its counts are on the notes and the first stays in every export as "Röstning 1".
    expect((await call('POST', '/vote', w.facilitatorKey, { action: 'end' })).status).toBe(200)
    await waitFor(() => votesOn(b, 'shape:first') === 1, 'second vote revealed')
    const exported = (format: string) => fetch(`${s.url}/api/workshops/${w.id}/export?format=${format}&key=${w.facilitatorKey}`)
    const json = (await (await exported('json')).json()) as { boards: { earlierVotes?: unknown }[] }
    expect(json.boards[0]!.earlierVotes).toEqual([
      {
        dots: 2,
        voters: 2,
        counts: [
          { noteId: 'shape:second', text: 'Andra', votes: 3 },
          { noteId: 'shape:first', text: 'Första', votes: 1 },
        ],
      },
    ])
    const md = await (await exported('md')).text()
    expect(md).toContain('#### Tidigare röstningar')
    expect(md).toMatch(/\*\*Röstning 1:\*\* 2 prickar per person, 2 personer röstade\s+- Andra \(3 röster\)\s+- Första \(1 röst\)/)
    // The latest vote is what the notes say.
    expect(await (await exported('csv')).text()).toContain('SWOT,Styrkor (interna),Första,,1,')
  })
})
