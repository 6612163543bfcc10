/**
 * Builders for template records: plain JSON tldraw shapes, valid for the pinned tldraw
 * version (checked by tests/integration/templates.test.ts). Template shapes are locked,
 * so nobody moves them by accident, and carry `meta.template`, which the server guards.
 */
import type { JsonRecord } from '@sfs/shared'
import { richText } from './rich-text.ts'

export type Color = 'black' | 'grey' | 'light-violet' | 'violet' | 'blue' | 'light-blue' | 'yellow' | 'orange' | 'green' | 'light-green' | 'light-red' | 'red' | 'white'
export type Size = 's' | 'm' | 'l' | 'xl'

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Shape ids are derived from the page, so one board's template ids never collide with another's. */
export function templateId(pageId: string, key: string): string {
  return `shape:${pageId.slice('page:'.length)}-${key}`
}

function baseShape(pageId: string, key: string, type: string, box: Pick<Box, 'x' | 'y'>, index: string, meta: Record<string, unknown>): JsonRecord {
  return {
    id: templateId(pageId, key),
    typeName: 'shape',
    type,
    parentId: pageId,
    index,
    x: box.x,
    y: box.y,
    rotation: 0,
    isLocked: true,
    opacity: 1,
    meta: { template: true, ...meta },
  }
}

export interface GeoLook {
  w: number
  h: number
  geo?: string
  color: string
  fill?: 'none' | 'semi' | 'solid'
  size?: Size
  align?: 'start' | 'middle' | 'end'
  verticalAlign?: 'start' | 'middle' | 'end'
  text: string
}

/** Every prop of a tldraw geo shape (a box, ellipse, …) with its label. */
export function geoProps(look: GeoLook) {
  return {
    w: look.w,
    h: look.h,
    geo: look.geo ?? 'rectangle',
    dash: 'solid',
    growY: 0,
    url: '',
    scale: 1,
    flipX: false,
    flipY: false,
    color: look.color,
    labelColor: 'black',
    fill: look.fill ?? 'solid',
    size: look.size ?? 'm',
    font: 'sans',
    align: look.align ?? 'middle',
    verticalAlign: look.verticalAlign ?? 'middle',
    richText: richText(look.text),
  }
}

export interface ZoneSpec {
  /** Stable key, used in results and exports. */
  key: string
  label: string
  box: Box
  color: Color
  /** Label size: 'l' for short names, 's' for a question that labels a note area. */
  size?: Size
  /** Extra facts about the zone that result extraction reads (e.g. a level number). */
  meta?: Record<string, unknown>
}

/** A coloured area that notes are placed in; its label sits in its top-left corner. */
export function zoneShape(pageId: string, zone: ZoneSpec, index: string): JsonRecord {
  return {
    ...baseShape(pageId, `zone-${zone.key}`, 'geo', zone.box, index, { zone: zone.key, ...zone.meta }),
    props: geoProps({
      w: zone.box.w,
      h: zone.box.h,
      color: zone.color,
      fill: 'semi',
      size: zone.size ?? 'l',
      align: 'start',
      verticalAlign: 'start',
      text: zone.label,
    }),
  }
}

export interface TextSpec {
  key: string
  text: string
  box: Pick<Box, 'x' | 'y' | 'w'>
  size?: Size
  color?: Color
  align?: 'start' | 'middle' | 'end'
  meta?: Record<string, unknown>
}

/** A heading, question or explanation: fixed width so it wraps the same on every screen. */
export function textShape(pageId: string, spec: TextSpec, index: string): JsonRecord {
  return {
    ...baseShape(pageId, `text-${spec.key}`, 'text', spec.box, index, { text: spec.key, ...spec.meta }),
    props: {
      color: spec.color ?? 'black',
      size: spec.size ?? 'm',
      w: spec.box.w,
      font: 'sans',
      textAlign: spec.align ?? 'start',
      autoSize: false,
      scale: 1,
      richText: richText(spec.text),
    },
  }
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** The n-th (n ≥ 1) of an increasing series of tldraw index keys: a1 … az, then b10 … bzz. */
export function indexKey(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= DIGITS.length * DIGITS.length) throw new RangeError(`index ${n} out of range`)
  if (n < DIGITS.length) return 'a' + DIGITS[n]
  return 'b' + DIGITS[Math.floor(n / DIGITS.length)] + DIGITS[n % DIGITS.length]
}

/** Index keys for a board's template shapes, in drawing order. */
export function indexes(): () => string {
  let n = 0
  return () => indexKey(++n)
}
