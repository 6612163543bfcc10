import { describe, expect, it } from 'vitest'
import type { JsonRecord } from './doc-format.ts'
import { BOARD_LOCKED, contentRefusal, OTHERS_MARKER, OTHERS_WORK, writeRefusal, type Writer } from './write-rules.ts'

const page: JsonRecord = { id: 'page:b', typeName: 'page', name: 'SWOT', index: 'a1', meta: { boardKind: 'swot' } }
const lockedPage: JsonRecord = { ...page, meta: { boardKind: 'swot', locked: true } }

function note(owner: string | null, extra: Partial<JsonRecord> = {}): JsonRecord {
  return {
    id: 'shape:n',
    typeName: 'shape',
    type: 'note',
    parentId: 'page:b',
    index: 'a2',
    x: 100,
    y: 100,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: owner === null ? {} : { owner },
    props: { color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fattigdom' }] }] } },
    ...extra,
  }
}

const anna: Writer = { role: 'participant', userId: 'anna' }
const bo: Writer = { role: 'participant', userId: 'bo' }
const facilitator: Writer = { role: 'facilitator', userId: 'fia' }
const on = (...records: JsonRecord[]) => (id: string) => records.find((r) => r.id === id) ?? null
const lookup = on(page)

const annas = note('anna')
const rewritten = { ...annas, props: { ...(annas.props as object), richText: { type: 'doc', content: [] } } }
const recoloured = { ...annas, props: { ...(annas.props as object), color: 'red' } }

describe("a participant's own shapes", () => {
  it('may be made with their own id as owner, changed and deleted by them', () => {
    expect(writeRefusal(anna, null, annas, lookup)).toBeNull()
    expect(writeRefusal(anna, annas, rewritten, lookup)).toBeNull()
    expect(writeRefusal(anna, annas, null, lookup)).toBeNull()
  })

  it('may not be made in someone else’s name, nor change owner later', () => {
    expect(writeRefusal(bo, null, annas, lookup)).not.toBeNull()
    expect(writeRefusal(anna, annas, { ...annas, meta: { owner: 'bo' } }, lookup)).not.toBeNull()
    expect(writeRefusal(anna, annas, { ...annas, meta: {} }, lookup)).not.toBeNull()
    expect(writeRefusal(bo, note(null), note('bo'), lookup)).not.toBeNull()
  })
})

describe("someone else's shapes", () => {
  it('may be moved, rotated, grouped or brought forward by any participant: grouping is the work', () => {
    expect(writeRefusal(bo, annas, { ...annas, x: 640, y: 20 }, lookup)).toBeNull()
    expect(writeRefusal(bo, annas, { ...annas, rotation: 0.3, index: 'a9' }, lookup)).toBeNull()
    expect(writeRefusal(bo, annas, { ...annas, x: 900, meta: { owner: 'anna', zone: 'svagheter' } }, lookup)).toBeNull()
    const group: JsonRecord = { id: 'shape:g', typeName: 'shape', type: 'group', parentId: 'page:b', index: 'a3', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {}, props: {} }
    expect(writeRefusal(bo, annas, { ...annas, parentId: 'shape:g', x: 5, y: 5 }, on(page, group))).toBeNull()
  })

  it('may not have their text or style changed, or be deleted, by another participant', () => {
    expect(writeRefusal(bo, annas, rewritten, lookup)).toBe(OTHERS_WORK)
    expect(writeRefusal(bo, annas, recoloured, lookup)).toBe(OTHERS_WORK)
    expect(writeRefusal(bo, annas, { ...rewritten, x: 640 }, lookup)).toBe(OTHERS_WORK)
    expect(writeRefusal(bo, annas, null, lookup)).toBe(OTHERS_WORK)
  })

  it('may be changed and deleted by the facilitator', () => {
    expect(writeRefusal(facilitator, annas, rewritten, lookup)).toBeNull()
    expect(writeRefusal(facilitator, annas, null, lookup)).toBeNull()
  })

  it('keeps an arrow following what it connects when another person moves or deletes that', () => {
    const arrow: JsonRecord = { ...note('anna'), id: 'shape:a', type: 'arrow', props: { start: { x: 0, y: 0 }, end: { x: 10, y: 0 }, bend: 0, color: 'black' } }
    expect(writeRefusal(bo, arrow, { ...arrow, props: { start: { x: 4, y: 4 }, end: { x: 90, y: 0 }, bend: 3, color: 'black' } }, lookup)).toBeNull()
    expect(writeRefusal(bo, arrow, { ...arrow, props: { start: { x: 0, y: 0 }, end: { x: 10, y: 0 }, bend: 0, color: 'red' } }, lookup)).toBe(OTHERS_WORK)
  })

  it('without an owner (a guest’s, or from before owners were kept) are anyone’s', () => {
    expect(writeRefusal(bo, note(null), null, lookup)).toBeNull()
    expect(contentRefusal(bo, note(null))).toBeNull()
  })
})

describe('markers', () => {
  const marker = note('anna', { type: 'geo', meta: { marker: 'nu', owner: 'anna' } })
  it('are only their owner’s to move, even for another participant', () => {
    expect(writeRefusal(anna, marker, { ...marker, x: 500 }, lookup)).toBeNull()
    expect(writeRefusal(bo, marker, { ...marker, x: 500 }, lookup)).toBe(OTHERS_MARKER)
    expect(writeRefusal(bo, marker, null, lookup)).toBe(OTHERS_MARKER)
  })
})

describe('what can be opened for editing', () => {
  it('is one’s own work, ownerless work, and for the facilitator everything; a viewer nothing', () => {
    expect(contentRefusal(anna, annas)).toBeNull()
    expect(contentRefusal(bo, annas)).toBe(OTHERS_WORK)
    expect(contentRefusal(facilitator, annas)).toBeNull()
    expect(contentRefusal({ role: 'viewer', userId: 'v' }, annas)).not.toBeNull()
  })
})

describe('a locked board', () => {
  it('refuses even a participant’s own note, and lets the facilitator write', () => {
    expect(writeRefusal(anna, annas, rewritten, on(lockedPage))).toBe(BOARD_LOCKED)
    expect(writeRefusal(facilitator, annas, rewritten, on(lockedPage))).toBeNull()
  })
})
