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
  // The process may be gone before the clients have handled the close frames it sent.
  await waitFor(() => closes.length >= 2, 'both clients told of the restart')
  expect(closes.slice(0, 2)).toEqual([1012, 1012])
  await sleep(100) // writing goes on while the server is away, and while the client reconnects
  await running.restart()
  await waitFor(() => writer.provider.wsconnected, 'the writer reconnects', 15_000)
  await sleep(300)
  writing.stop()

  await waitFor(() => noteIds(reader.doc).size === writing.written(), 'everything written reaching the reader through the restarted server', 15_000)
  const fresh = running.open()
  await fresh.synced
  expect(noteIds(fresh.doc).size).toBe(writing.written())
}, 60_000)
