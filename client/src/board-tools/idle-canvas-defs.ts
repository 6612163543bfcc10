/**
 * tldraw draws the tiles of its pattern fill as soon as a board mounts: two canvases for each
 * zoom level, the largest 2048 pixels square (4096 on a high-density screen), in the very
 * moments the board is first drawn and the server's state comes in. No board of the method
 * uses the pattern, so the tiles are drawn once the board has been up a moment and the browser
 * has nothing else to do; until then a shape someone gave the pattern shows no fill.
 */
import { createElement, useEffect, useState, type ComponentType } from 'react'
import type { Editor, TLShape, TLShapeUtilConstructor } from 'tldraw'

interface CanvasDef {
  key: string
  component: ComponentType
}

interface WithCanvasDefs {
  getCanvasSvgDefs(): CanvasDef[]
}

/** The board's first moments (its first drawing, the server's state) are not idle even where the browser says so. */
const SETTLE_MS = 2000
/** Longest wait for an idle moment after that: a busy device still gets its patterns. */
const IDLE_TIMEOUT_MS = 5000

function afterSettlingWhenIdle(run: () => void): () => void {
  let idle: number | null = null
  const settle = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS })
    else run()
  }, SETTLE_MS)
  return () => {
    clearTimeout(settle)
    if (idle !== null) cancelIdleCallback(idle)
  }
}

const deferred = new WeakMap<ComponentType, ComponentType>()

/** The component, rendered only from the first idle moment once the board has settled. */
function onceIdle(Component: ComponentType): ComponentType {
  let Deferred = deferred.get(Component)
  if (!Deferred) {
    Deferred = function OnceIdle() {
      const [idle, setIdle] = useState(false)
      useEffect(() => afterSettlingWhenIdle(() => setIdle(true)), [])
      return idle ? createElement(Component) : null
    }
    deferred.set(Component, Deferred)
  }
  return Deferred
}

export function withIdleCanvasDefs(utils: readonly TLShapeUtilConstructor<TLShape>[]): readonly TLShapeUtilConstructor<TLShape>[] {
  return utils.map((Util) => {
    const Base = Util as unknown as new (editor: Editor) => WithCanvasDefs
    class IdleDefs extends Base {
      override getCanvasSvgDefs(): CanvasDef[] {
        return super.getCanvasSvgDefs().map(({ key, component }) => ({ key, component: onceIdle(component) }))
      }
    }
    return IdleDefs as unknown as TLShapeUtilConstructor<TLShape>
  })
}
