import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TLRecord } from 'tldraw'
import { Sealing } from './sealing.ts'

const note = (text: string) => ({ id: 'shape:n1', typeName: 'shape', type: 'note', parentId: 'page:p1', props: { text } }) as unknown as TLRecord

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
})
