/**
 * The server is restarted (SIGTERM, as systemd or an upgrade does) while people write: it
 * stores what it has, tells every client it is restarting, and they carry on when it is back.
 */
import { expect, it } from 'vitest'
import { sleep, waitFor } from './helpers.ts'
import { keepWriting, noteIds, serverProcesses } from './server-process.ts'

const processes = serverProcesses()

it('on SIGTERM it closes every socket with 1012 after storing; clients reconnect to the restarted server and lose nothing', async () => {
  const running = await processes.start()
  const [writer, reader] = [running.open(), running.open()]
  await Promise.all([writer.synced, reader.synced])
  const writing = keepWriting(writer, 'w', 5)
  await waitFor(() => noteIds(reader.doc).size > 20, 'notes reaching the reader')

  const closes: number[] = []
  for (const client of [writer, reader]) client.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? -1))
  await running.stop()
  expect(closes.slice(0, 2)).toEqual([1012, 1012])
  await sleep(100) // writing goes on while the server is away
  // (A stock client that writes while it reconnects can send an update ahead of its catch-up, which
  // the server refuses with 4409; y-websocket 3 then stops for good, where the product's browser
  // client re-applies its work on the server's copy. So the writing stops before the restart here.)
  writing.stop()
  await running.restart()

  await waitFor(() => noteIds(reader.doc).size === writing.written(), 'everything written reaching the reader through the restarted server', 15_000)
  const fresh = running.open()
  await fresh.synced
  expect(noteIds(fresh.doc).size).toBe(writing.written())
}, 60_000)
