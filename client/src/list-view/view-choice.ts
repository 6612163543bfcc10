/** Whether the board is shown as a canvas or as a list; remembered per device. */
import { useState } from 'react'

export type BoardView = 'canvas' | 'list'

const STORAGE_KEY = 'sfs.view'
/** A phone held upright: a 16:9 board is too small to read there, the list is not. */
const NARROW = '(max-width: 600px)'

function initialView(): BoardView {
  const stored = localStorage.getItem(STORAGE_KEY)
  if (stored === 'list' || stored === 'canvas') return stored
  return window.matchMedia(NARROW).matches ? 'list' : 'canvas'
}

export function useBoardView(): [BoardView, (view: BoardView) => void] {
  const [view, setView] = useState(initialView)
  return [
    view,
    (next) => {
      localStorage.setItem(STORAGE_KEY, next)
      setView(next)
    },
  ]
}
