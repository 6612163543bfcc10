import { describe, expect, it } from 'vitest'
import { presenceToDraw } from './presence.ts'

const anna = { userId: 'u1', userName: 'Anna', color: '#e11d48', currentPageId: 'page:brave', selectedShapeIds: ['shape:annas-note'], cursor: { x: 10, y: 20, type: 'default', rotation: 0 }, brush: null, scribbles: [], chatMessage: '' }
const anonymous = (page: string) => page === 'page:brave'

describe('what a device draws of a peer', () => {
  it('on an anonymous board, a participant is an unnamed grey cursor with nothing selected', () => {
    const drawn = presenceToDraw(anna, 'participant', anonymous)
    expect(drawn).toMatchObject({ userName: '', color: '#9e9e9e', selectedShapeIds: [], cursor: anna.cursor })
    expect(JSON.stringify(drawn)).not.toContain('Anna')
  })

  it('elsewhere, and for the facilitator who points at things, the presence as sent', () => {
    expect(presenceToDraw({ ...anna, currentPageId: 'page:swot' }, 'participant', anonymous)).toEqual({ ...anna, currentPageId: 'page:swot' })
    expect(presenceToDraw(anna, 'facilitator', anonymous)).toEqual(anna)
  })
})
