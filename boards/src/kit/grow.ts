/**
 * Form cells that grow to hold their answers. A cell grows together with the cells of its
 * row (same top, same height), so a table stays a table, and everything below the row moves
 * down by as much, answers included. Pure: records in, changed records out.
 */
import { MAX_CELL_HEIGHT, type JsonRecord } from '@sfs/shared'
import { isTemplate } from './zones.ts'
import { shapesOnPage } from './records.ts'

/** Heights are rounded up to this step, so a long answer typed letter by letter grows its cell a few times, not on every line. */
export const CELL_GROWTH_STEP = 40

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
const metaOf = (r: JsonRecord) => (typeof r.meta === 'object' && r.meta !== null ? (r.meta as Record<string, unknown>) : {})
const propsOf = (r: JsonRecord) => (typeof r.props === 'object' && r.props !== null ? (r.props as Record<string, unknown>) : {})

/** The height a request for `wanted` leads to: a whole number of steps, within the bound. */
export function cellHeightFor(wanted: number): number {
  return Math.min(MAX_CELL_HEIGHT, Math.ceil(wanted / CELL_GROWTH_STEP) * CELL_GROWTH_STEP)
}

/**
 * The records that change when the cell `zoneKey` on `pageId` grows to at least `wanted`
 * high: none when it is already that high (so the same request twice changes nothing), or
 * when there is no such cell.
 */
export function growCell(records: JsonRecord[], pageId: string, zoneKey: string, wanted: number): JsonRecord[] {
  const shapes = shapesOnPage(records, pageId)
  const cells = shapes.filter((s) => isTemplate(s) && typeof metaOf(s).zone === 'string' && s.parentId === pageId)
  const cell = cells.find((s) => metaOf(s).zone === zoneKey)
  if (!cell) return []
  const top = num(cell.y)
  const height = num(propsOf(cell).h)
  const target = cellHeightFor(wanted)
  if (target <= height) return []
  const delta = target - height
  const bottom = top + height

  const row = cells.filter((c) => Math.abs(num(c.y) - top) < 1 && Math.abs(num(propsOf(c).h) - height) < 1)
  const rowKeys = new Set(row.map((c) => metaOf(c).zone))
  const grown = row.map((c) => ({ ...c, props: { ...propsOf(c), h: target } }))
  // Answers filed in the row stay, even one that starts below the old bottom (it overflowed).
  const moved = shapes
    .filter((s) => s.parentId === pageId && num(s.y) >= bottom - 0.5 && !rowKeys.has(metaOf(s).zone as string))
    .map((s) => ({ ...s, y: num(s.y) + delta }))
  return [...grown, ...moved]
}
