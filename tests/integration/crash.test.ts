/**
 * The server process is killed (SIGKILL: nothing flushed, no shutdown) while clients write.
 * Whatever it broadcast before it died must be there when it comes back, and what the
 * clients wrote while it was down must merge back in.
 */
import { expect, it } from 'vitest'
import { sleep, waitFor } from './helpers.ts'
import { keepWriting, noteIds, serverProcesses } from './server-process.ts'

const processes = serverProcesses()

it('keeps every update it broadcast before a SIGKILL, and takes back what clients wrote while it was down', async () => {
  const running = await processes.start()
  const observer = running.open()
  const writers = [running.open(), running.open()]
  await Promise.all([observer, ...writers].map((c) => c.synced))

  const writing = writers.map((writer, i) => keepWriting(writer, `w${i}`))
  await waitFor(() => noteIds(observer.doc).size > 50, 'notes reaching the observer')
  await running.kill()
  // The observer only reads: everything it holds, the server broadcast before it died.
  await waitFor(() => !observer.provider.wsconnected, 'the observer noticing')
  const broadcast = noteIds(observer.doc)
  // Kept from reconnecting until the restarted server has been checked on its own.
  for (const client of [observer, ...writers]) client.provider.disconnect()

  await sleep(200) // the writers go on offline
  writing.forEach((w) => w.stop())
  const written = new Set(writers.flatMap((writer) => [...noteIds(writer.doc)]))
  expect(written.size).toBeGreaterThan(broadcast.size)

  await running.restart()
  const fresh = running.open()
  await fresh.synced
  const afterRestart = noteIds(fresh.doc)
  expect([...broadcast].filter((id) => !afterRestart.has(id))).toEqual([])

  for (const writer of writers) writer.provider.connect()
  await waitFor(() => noteIds(fresh.doc).size === written.size, 'the writers merging back', 10_000)
  expect([...written].filter((id) => !noteIds(fresh.doc).has(id))).toEqual([])
  // And it is stored: the server sends nothing on before storing it, so a crash right now keeps every note.
  await running.kill()
  await running.restart()
  const last = running.open()
  await last.synced
  expect(noteIds(last.doc)).toEqual(written)
}, 60_000)
