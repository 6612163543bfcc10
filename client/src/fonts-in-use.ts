import type { Editor } from 'tldraw'

/**
 * tldraw warms every font it has (16 files, 1.3 MB) as the editor mounts, so that a changed
 * style shows at once. On the room's Wi-Fi that is most of a first visit, for fonts a board
 * mostly never uses. Each shape asks for its own fonts when it is drawn or restyled, so the
 * warm-up can go: what the open page uses is loaded now (shapes drawn before this ran were
 * queued with the rest), the others when a shape needs them.
 *
 * Must run in the editor's onMount: tldraw queues the warm-up just before it and starts it
 * in a microtask after. The queue is not public API; tldraw is pinned to one version, and the
 * loading end-to-end test notices if this stops working.
 */
export function loadOnlyFontsInUse(editor: Editor): void {
  const queued = (editor.fonts as unknown as { fontsToLoad?: unknown }).fontsToLoad
  if (!(queued instanceof Set)) return
  queued.clear()
  void editor.fonts.loadRequiredFontsForCurrentPage()
}
