/**
 * What others add, told to a screen reader politely and at most every few seconds: during a
 * brainstorm a dozen notes a minute would otherwise drown whatever the person is reading.
 */
import { useEffect, useRef, useState } from 'react'
import type { BoardOutline } from '@sfs/boards'
import { useTexts } from '../i18n.ts'

const EVERY_MS = 5000

export function useAnnouncements(outline: BoardOutline, pageId: string, myId: string): string {
  const t = useTexts()
  const seen = useRef<{ pageId: string; ids: Set<string> } | null>(null)
  const pending = useRef<{ count: number; where: string }>({ count: 0, where: '' })
  const [text, setText] = useState('')

  useEffect(() => {
    const notes = outline.groups.flatMap((g) => g.zones.flatMap((z) => z.notes.map((n) => ({ ...n, where: z.name }))))
    const ids = new Set(notes.map((n) => n.id))
    // What is on the board when it is opened is read by reading the list, not announced.
    if (seen.current?.pageId === pageId) {
      for (const note of notes) {
        if (seen.current.ids.has(note.id) || note.owner === myId) continue
        pending.current = { count: pending.current.count + 1, where: note.where }
      }
    }
    seen.current = { pageId, ids }
  }, [outline, pageId, myId])

  useEffect(() => {
    const timer = setInterval(() => {
      const { count, where } = pending.current
      if (count === 0) return
      pending.current = { count: 0, where: '' }
      setText(t.announceNew(count, where))
    }, EVERY_MS)
    return () => clearInterval(timer)
  }, [t])

  return text
}
