import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TLRecord } from 'tldraw'
import { Sealing, type SealApi } from './sealing.ts'
import { outlivesPage } from '../api.ts'

const note = (text: string, id = 'shape:n1') => ({ id, typeName: 'shape', type: 'note', parentId: 'page:p1', props: { text } }) as unknown as TLRecord

describe('Sealing', () => {
  let sent: string[]
  let sealing: Sealing
  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
    sealing = new Sealing({
      seal: async (_board, record) => {
        sent.push((record as unknown as { props: { text: string } }).props.text)
      },
      unseal: async () => {},
    })
  })
  afterEach(() => {
    sealing.close()
    vi.useRealTimers()
  })

  it('sends a note once typing has paused, as typed: not its first letters', async () => {
    for (const text of ['C', 'Ce', 'Cec', 'Cecilias', 'Cecilias stängda', 'Cecilias stängda lapp']) {
      sealing.written(note(text))
      await vi.advanceTimersByTimeAsync(400)
    }
    expect(sent).toEqual([])
    await vi.advanceTimersByTimeAsync(600)
    expect(sent).toEqual(['Cecilias stängda lapp'])
  })

  it('sends what is waiting at once when the device is put away, and nothing twice', async () => {
    sealing.written(note('Skriven precis innan locket stängdes'))
    sealing.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toEqual(['Skriven precis innan locket stängdes'])
    await vi.advanceTimersByTimeAsync(5000)
    sealing.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
  })

  it('on closing, starts every waiting note at once, each asking to outlive the page, even behind a slow round', async () => {
    const started: { text: string; leaving: boolean }[] = []
    const open: (() => void)[] = []
    const api: SealApi = {
      seal: (_board, record, leaving) => {
        started.push({ text: (record as unknown as { props: { text: string } }).props.text, leaving })
        return new Promise<void>((resolve) => open.push(resolve))
      },
      unseal: async () => {},
    }
    const slow = new Sealing(api)
    slow.written(note('Första', 'shape:a'))
    await vi.advanceTimersByTimeAsync(600)
    expect(started).toEqual([{ text: 'Första', leaving: false }])
    // The first request hangs (a sleepy network); two more are written and the lid is closed.
    slow.written(note('Andra', 'shape:b'))
    slow.written(note('Tredje', 'shape:c'))
    slow.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(started.slice(1)).toEqual([
      { text: 'Första', leaving: true },
      { text: 'Andra', leaving: true },
      { text: 'Tredje', leaving: true },
    ])
    open.forEach((resolve) => resolve())
    slow.close()
  })
})

describe('outlivesPage', () => {
  it('asks the browser to finish a small request after the page is gone, never a large one or one sent while the page stays', () => {
    expect(outlivesPage(true, JSON.stringify({ record: { text: 'kort lapp' } }))).toBe(true)
    expect(outlivesPage(false, '{}')).toBe(false)
    // A note near the record limit: browsers refuse keepalive bodies past 64 KiB, so it must go without.
    expect(outlivesPage(true, JSON.stringify({ record: { text: 'å'.repeat(40_000) } }))).toBe(false)
  })
})
