import { describe, expect, it } from 'vitest'
import { a3Samverkansplan, parseYearlyTargets } from './a3-samverkansplan.ts'
import { ctx, noteCenteredAt, PAGE, textAt, texts, zoneBox } from './kit/fixtures.ts'

const template = a3Samverkansplan.template(ctx)

describe('a3-samverkansplan', () => {
  it('reads the vision, each delmål with its targets and its activities per year', () => {
    const vision = zoneBox(template, 'vision')
    const goal = zoneBox(template, 'delmal-2')
    const targets = zoneBox(template, 'mal-2')
    const year2 = zoneBox(template, 'ar2-2')
    const year3 = zoneBox(template, 'ar3-1')
    const records = [
      ...template,
      noteCenteredAt('Ingen ska utnyttjas i vår stad', vision.cx, vision.cy),
      { ...textAt('Fler anmälningar', goal.x + 20, goal.cy), meta: { author: 'Anna', createdAt: '2026-11-24T10:00:00.000Z' } },
      textAt('år 1: 5, år 2: 7, år 3: 10', targets.x + 10, targets.cy),
      noteCenteredAt('Polisen: insatsvecka under året, i samverkan med nätverket', year2.cx, year2.cy),
      noteCenteredAt('Utbildning för hotell', year3.cx, year3.cy),
    ]
    const result = a3Samverkansplan.extract(records, PAGE)
    expect(texts(result.vision)).toEqual(['Ingen ska utnyttjas i vår stad'])
    expect(result.goals.map((g) => g.number)).toEqual([1, 2, 3])
    expect(result.goals[1]).toMatchObject({ goal: 'Fler anmälningar', targets: 'år 1: 5, år 2: 7, år 3: 10', targetsByYear: { 1: '5', 2: '7', 3: '10' } })
    expect(texts(result.goals[1]!.activities[2])).toEqual(['Polisen: insatsvecka under året, i samverkan med nätverket'])
    expect(texts(result.goals[1]!.activities[1])).toEqual([])
    expect(texts(result.goals[0]!.activities[3])).toEqual(['Utbildning för hotell'])
    // A field's answer is a spreadsheet row with its writer and time, like a note.
    expect(a3Samverkansplan.rows(result).find((r) => r.section === 'Delmål 2')).toMatchObject({ text: 'Fler anmälningar', author: 'Anna', createdAt: '2026-11-24T10:00:00.000Z' })
  })

  it('adds a delmål row with a cell per year below the last one, and reads it', () => {
    const extension = a3Samverkansplan.extensions!.find((e) => e.key === 'delmal')!
    expect(extension.allowed).toBe('participant')
    const added = extension.add(ctx, template)
    expect(added.map((r) => (r.meta as { zone: string }).zone)).toEqual(['delmal-4', 'mal-4', 'ar1-4', 'ar2-4', 'ar3-4'])
    expect(Number(added[0]!.y)).toBeGreaterThan(zoneBox(template, 'delmal-3').y)
    const withRow = [...template, ...added]
    const cell = zoneBox(withRow, 'ar1-4')
    const result = a3Samverkansplan.extract([...withRow, noteCenteredAt('Kartläggning', cell.cx, cell.cy)], PAGE)
    expect(result.goals.map((g) => g.number)).toEqual([1, 2, 3, 4])
    expect(texts(result.goals[3]!.activities[1])).toEqual(['Kartläggning'])
  })

  it('has the five Marknadsföring questions', () => {
    expect(a3Samverkansplan.extract(template, PAGE).marketing.map((q) => q.question)).toEqual([
      'Vem behöver veta om arbetet?',
      'Vad är viktigt för dem?',
      'Hur kommunicerar ni på ett sätt som når denna målgrupp?',
      'Tonalitet?',
      'Vem kan hjälpa er?',
    ])
    expect(parseYearlyTargets('ÅR 2 = tio; år 3: 12')).toEqual({ 2: 'tio', 3: '12' })
  })
})
