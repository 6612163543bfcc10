/**
 * Printing a board on paper: tldraw exports the page (template and content) as vector SVG,
 * which a print-only sheet shows scaled to one landscape page. "Save as PDF" in the print
 * dialog then gives an A3 PDF with every text legible.
 */
import type { Editor } from 'tldraw'

const PAGE_SIZES = { 'A3-landscape': 'A3 landscape' } as const

function sheet(): HTMLElement {
  let element = document.getElementById('print-sheet')
  if (!element) {
    element = document.createElement('div')
    element.id = 'print-sheet'
    document.body.append(element)
  }
  return element
}

export async function printBoard(editor: Editor, paper: keyof typeof PAGE_SIZES): Promise<void> {
  const ids = [...editor.getCurrentPageShapeIds()]
  const exported = await editor.getSvgString(ids, { background: true, padding: 24 })
  if (!exported) return
  // Parsed as an SVG document and imported as nodes: nothing in it runs.
  const svg = new DOMParser().parseFromString(exported.svg, 'image/svg+xml').documentElement
  svg.removeAttribute('width')
  svg.removeAttribute('height')
  const target = sheet()
  target.replaceChildren(document.importNode(svg, true))
  let pageStyle = document.getElementById('print-page-size')
  if (!pageStyle) {
    pageStyle = document.createElement('style')
    pageStyle.id = 'print-page-size'
    document.head.append(pageStyle)
  }
  pageStyle.textContent = `@page { size: ${PAGE_SIZES[paper]}; margin: 8mm; }`
  window.print()
}
