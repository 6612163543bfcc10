import { describe, expect, it } from 'vitest'
import type { Retention, WorkshopDetails } from '@sfs/shared'
import { createWorkshop, sleep, testWorkshops, waitFor } from './helpers.ts'

const workshops = testWorkshops()
const DAY_MS = 24 * 60 * 60 * 1000

describe('retention', () => {
  it('deletes a workshop nobody opens for RETENTION_DAYS, but not one kept longer or one with people in it, and logs why', async () => {
    // About three seconds, swept five times a second.
    const s = await workshops.start({ RETENTION_DAYS: String(3 / 86_400), RETENTION_SWEEP_MS: '200' })
    const [idle, kept, busy] = [await createWorkshop(s, { title: 'Glömt-Qq1' }), await createWorkshop(s), await createWorkshop(s)]
    const keep = await fetch(`${s.url}/api/workshops/${kept.id}/retention`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${kept.facilitatorKey}` }, body: JSON.stringify({ days: 1 }) })
    expect(keep.status).toBe(200)
    const retention = (await keep.json()) as Retention
    expect(Date.parse(retention.keepUntil!) - Date.now()).toBeGreaterThan(DAY_MS - 60_000)
    expect(retention.deletesAt).toBe(retention.keepUntil)
    const client = workshops.connect(s, busy.id, busy.participantKey)
    await client.synced

    await waitFor(async () => (await s.storage.getWorkshop(idle.id)) === null, 'the idle workshop is deleted', 10_000)
    expect(await s.storage.load(idle.id)).toEqual([])
    expect((await fetch(`${s.url}/api/workshops/${idle.id}?key=${idle.facilitatorKey}`)).status).toBe(404)
    await sleep(500) // several more sweeps
    expect(await s.storage.getWorkshop(kept.id)).not.toBeNull()
    expect(await s.storage.getWorkshop(busy.id)).not.toBeNull()

    const deletions = s.logs.filter((line) => line.includes('workshop.deleted')).map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(deletions).toEqual([expect.objectContaining({ workshop: idle.id, reason: 'retention' })])
    expect(s.logs.join('\n')).not.toContain('Glömt-Qq1')
  })

  it('the facilitator sees when the workshop will be deleted and can keep it longer; nobody else can', async () => {
    const s = await workshops.start()
    const w = await createWorkshop(s)
    const details = async () => (await (await fetch(`${s.url}/api/workshops/${w.id}`, { headers: { Authorization: `Bearer ${w.facilitatorKey}` } })).json()) as WorkshopDetails
    const first = await details()
    expect(first.retention).toEqual({ deletesAt: expect.any(String), keepUntil: null, retentionDays: 540 })
    expect(Date.parse(first.retention.deletesAt!) - Date.parse(first.lastActivity)).toBe(540 * DAY_MS)

    const keep = (key: string, body: unknown) => fetch(`${s.url}/api/workshops/${w.id}/retention`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: JSON.stringify(body) })
    expect((await keep(w.participantKey, { days: 1000 })).status).toBe(403)
    expect((await keep(w.facilitatorKey, { days: 0 })).status).toBe(400)
    expect((await keep(w.facilitatorKey, { days: 100_000 })).status).toBe(400)
    expect((await keep(w.facilitatorKey, { days: 1000 })).status).toBe(200)
    const after = await details()
    expect(Date.parse(after.retention.deletesAt!) - Date.now()).toBeGreaterThan(999 * DAY_MS)
    expect(after.retention.keepUntil).toBe(after.retention.deletesAt)
  })
})
