import { describe, expect, it } from 'vitest'
import { getRecordsMap, putRecord, readAllRecords } from '@sfs/shared'
import type { Storage } from '@sfs/server'
import { attempt, createWorkshop, firstBoard, noteOn, removeDir, startTestServer, storedDoc, tempDataDir, testWorkshops, waitFor } from './helpers.ts'
import { SqliteStorage } from '@sfs/server'
import { join } from 'node:path'

const workshops = testWorkshops()

/** One sample of a metric, by its name and labels, as Prometheus would read it. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : null
}

describe('/metrics and readiness', () => {
  it('counts connections, workshops, stored and refused updates and the store latency, and names nothing', async () => {
    const s = await workshops.start()
    const metrics = async () => {
      const response = await fetch(`${s.url}/metrics`)
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
      return response.text()
    }
    const before = await metrics()
    expect(sample(before, 'sfs_connections')).toBe(0)
    expect(sample(before, 'sfs_updates_stored_total')).toBe(0)

    const w = await createWorkshop(s, { title: 'Mätbart-Tt9' })
    const anna = workshops.connect(s, w.id, w.participantKey)
    await anna.synced
    anna.doc.transact(() => putRecord(getRecordsMap(anna.doc), noteOn(firstBoard(anna.doc), 'shape:m', 'Hemligt-innehåll-Qq2')))
    await waitFor(async () => getRecordsMap(await storedDoc(s, w.id)).has('shape:m'), 'the note is stored')
    const template = readAllRecords(anna.doc).find((r) => (r.meta as { template?: boolean }).template)!
    expect(await attempt(s, w.id, w.participantKey, (doc) => getRecordsMap(doc).delete(template.id))).toBe(4403)

    await waitFor(async () => sample(await metrics(), 'sfs_refused_total{code="4403"}') === 1, 'the refusal is counted')
    const after = await metrics()
    expect(sample(after, 'sfs_connections')).toBe(1)
    expect(sample(after, 'sfs_workshops_loaded')).toBe(1)
    expect(sample(after, 'sfs_updates_stored_total')).toBeGreaterThanOrEqual(1)
    expect(sample(after, 'sfs_store_latency_seconds_count')).toBe(sample(after, 'sfs_updates_stored_total'))
    expect(sample(after, 'sfs_store_latency_seconds{quantile="0.95"}')).toBeGreaterThan(0)
    for (const secret of [w.id, 'Mätbart-Tt9', 'Hemligt-innehåll-Qq2', w.participantKey]) expect(after).not.toContain(secret)
    // A workshop everyone has left is unloaded, and no longer counted.
    anna.destroy()
    await waitFor(async () => sample(await metrics(), 'sfs_workshops_loaded') === 0 && sample(await metrics(), 'sfs_connections') === 0, 'the workshop is unloaded')
    // Every line is a comment or a sample Prometheus can parse.
    for (const line of after.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{\w+="[^"]*"\})? -?[\d.e+-]+)$/)
  })

  it('/api/ready answers 200 while the store answers, and 503 when it does not; /api/health only that the server runs', async () => {
    const s = await workshops.start()
    expect((await fetch(`${s.url}/api/ready`)).status).toBe(200)

    const dir = tempDataDir()
    const sqlite = new SqliteStorage(join(dir, 'workshops.sqlite'))
    let broken = false
    const storage: Storage = Object.assign(Object.create(sqlite), {
      getWorkshop: (id: string) => (broken ? Promise.reject(new Error('disk gone')) : sqlite.getWorkshop(id)),
    })
    const flaky = await startTestServer({}, { storage, dataDir: dir })
    try {
      expect((await fetch(`${flaky.url}/api/ready`)).status).toBe(200)
      broken = true
      const answer = await fetch(`${flaky.url}/api/ready`)
      expect(answer.status).toBe(503)
      expect(await answer.json()).toEqual({ status: 'store unavailable' })
      expect((await fetch(`${flaky.url}/api/health`)).status).toBe(200)
    } finally {
      await flaky.close()
      removeDir(dir)
    }
  })
})
