/**
 * The bars' drop-down menus are <details> elements: they open and close by their summary.
 * As menus do elsewhere, a tap or click outside an open one closes it, and so does Esc.
 */
export function closeMenusOutside(root: Document = document): () => void {
  const openMenus = () => [...root.querySelectorAll<HTMLDetailsElement>('header details[open], .tlui-layout details[open]')]
  const onPointerDown = (event: PointerEvent) => {
    for (const menu of openMenus()) if (!menu.contains(event.target as Node)) menu.open = false
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    for (const menu of openMenus()) {
      if (!menu.open) continue
      menu.open = false
      menu.querySelector('summary')?.focus()
    }
  }
  root.addEventListener('pointerdown', onPointerDown, true)
  root.addEventListener('keydown', onKeyDown, true)
  return () => {
    root.removeEventListener('pointerdown', onPointerDown, true)
    root.removeEventListener('keydown', onKeyDown, true)
  }
}
