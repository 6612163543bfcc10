import { afterEach, describe, expect, it } from 'vitest'
import { fsync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { SqliteStorage, type SqliteOptions } from './sqlite.ts'
import { GroupCommit } from './group-commit.ts'

/** An fsync the test completes by hand, so it can see what is reported stored when. */
function heldFsync() {
  const pending: ((err: Error | null) => void)[] = []
  return {
    pending,
    fsync: (_fd: number, done: (err: Error | null) => void) => void pending.push(done),
    /** Waits until an fsync has been asked for (the file is opened first, on the thread pool). */
    async started() {
      for (let i = 0; i < 400 && pending.length === 0; i++) await new Promise((r) => setTimeout(r, 5))
      expect(pending).toHaveLength(1)
    },
    /** Lets the oldest fsync finish, then lets promise callbacks run. */
    async finish(err: Error | null = null) {
      pending.shift()!(err)
      await new Promise((r) => setTimeout(r, 5))
    },
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5))
const update = (n: number) => new Uint8Array([n, n, n])

const dirs: string[] = []
const open = (options: SqliteOptions) => {
  const dir = mkdtempSync(join(tmpdir(), 'sfs-commit-'))
  dirs.push(dir)
  return new SqliteStorage(join(dir, 'workshops.sqlite'), options)
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('SQLite store, DURABILITY=flushed: an append counts as stored once it is on disk', () => {
  it('waits for an fsync that began after the write, and writes made meanwhile share the next one', async () => {
    const disk = heldFsync()
    const store = open({ durability: 'flushed', fsync: disk.fsync })
    const stored: string[] = []
    void store.append('doc', update(1)).then(() => stored.push('a'))
    await disk.started()
    // Written while the first fsync is under way: that fsync may not cover them.
    void store.append('doc', update(2)).then(() => stored.push('b'))
    void store.append('doc', update(3)).then(() => stored.push('c'))
    await tick()
    expect(stored).toEqual([])
    expect(disk.pending).toHaveLength(1)

    await disk.finish()
    expect(stored).toEqual(['a'])
    expect(disk.pending).toHaveLength(1)
    await disk.finish()
    expect(stored).toEqual(['a', 'b', 'c'])
    expect(disk.pending).toHaveLength(0)
    expect(await store.load('doc')).toEqual([update(1), update(2), update(3)])
    await store.close()
  })

  it('reports a failed fsync to the writes waiting on it, and goes on with the next ones', async () => {
    const disk = heldFsync()
    const store = open({ durability: 'flushed', fsync: disk.fsync })
    const first = store.append('doc', update(1)).then(
      () => 'stored',
      (err: Error) => err.message,
    )
    await disk.started()
    await disk.finish(new Error('EIO'))
    expect(await first).toBe('EIO')

    const second = store.append('doc', update(2))
    await disk.started()
    await disk.finish()
    await expect(second).resolves.toBeUndefined()
    await store.close()
  })

  it('closes only after the fsyncs under way have finished', async () => {
    const disk = heldFsync()
    const store = open({ durability: 'flushed', fsync: disk.fsync })
    const written = store.append('doc', update(1))
    await disk.started()
    let closed = false
    const closing = store.close().then(() => (closed = true))
    await tick()
    expect(closed).toBe(false)
    await disk.finish()
    await closing
    await written
    expect(closed).toBe(true)
  })
})

describe('SQLite store, DURABILITY=written (the default)', () => {
  it('counts an append as stored once committed, and flushes it to disk right after, reporting a failed flush once', async () => {
    const disk = heldFsync()
    const failures: unknown[] = []
    const store = open({ fsync: disk.fsync, onBackgroundError: (err) => failures.push(err) })
    await store.append('doc', update(1))
    // Stored (committed, readable) while its fsync is still under way.
    await disk.started()
    expect(await store.load('doc')).toEqual([update(1)])
    // Two writes made meanwhile share the next fsync, and its failure is reported once.
    await store.append('doc', update(2))
    await store.append('doc', update(3))
    await disk.finish()
    await disk.started()
    await disk.finish(new Error('EIO'))
    expect(failures).toEqual([new Error('EIO')])

    await store.append('doc', update(4))
    await disk.started()
    await disk.finish()
    expect(failures).toHaveLength(1)
    await store.close()
  })

  it('starts an fsync at most every 50 ms, however often it is written to; the writes made meanwhile share it', async () => {
    // Virtual time: the test moves it 4 ms per write, and a wait for the gap moves it to the gap's end.
    let now = 0
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) }
    const starts: number[] = []
    const file = join(mkdtempSync(join(tmpdir(), 'sfs-commit-')), 'log')
    dirs.push(dirname(file))
    writeFileSync(file, '')
    const commits = new GroupCommit(file, { gapMs: 50, clock, fsyncFile: (fd, done) => void (starts.push(now), fsync(fd, done)) })
    const durable: Promise<void>[] = []
    for (let i = 0; i < 60; i++) {
      durable.push(commits.durable())
      now += 4
      await tick()
    }
    await Promise.all(durable)
    await commits.close()
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50)
    expect(starts.length).toBeLessThanOrEqual(Math.ceil(now / 50) + 1)
    expect(starts.length).toBeGreaterThan(1)
  })
})
