import { describe, expect, it } from 'vitest'
import { huxham } from './huxham.ts'
import { ctx, noteCenteredAt, PAGE, texts } from './kit/fixtures.ts'

const template = huxham.template(ctx)
const NU_X = 420 + 170
const ONSKAT_X = 780 + 170
/** The centre y of ladder level 1..4 (level 4 at the top). */
const levelY = (level: number) => 170 + (4 - level) * 210 + 100

describe('huxham', () => {
  it('reads each actor’s level now and wanted from the cards on the ladder', () => {
    const records = [
      ...template,
      noteCenteredAt('Polisen', NU_X, levelY(2)),
      noteCenteredAt('polisen ', ONSKAT_X, levelY(4)),
      noteCenteredAt('Hotell', NU_X, levelY(1)),
      noteCenteredAt('Skolor', ONSKAT_X, levelY(3)),
    ]
    expect(huxham.extract(records, PAGE).actors).toEqual([
      { actor: 'Hotell', now: 1, wanted: null },
      { actor: 'Polisen', now: 2, wanted: 4 },
      { actor: 'Skolor', now: null, wanted: 3 },
    ])
  })

  it('lists each actor’s placement as a spreadsheet row, before the notes', () => {
    const records = [...template, noteCenteredAt('Polisen', NU_X, levelY(2)), noteCenteredAt('Polisen', ONSKAT_X, levelY(4)), noteCenteredAt('Hotell', NU_X, levelY(1)), noteCenteredAt('Resurser', 1500, 900)]
    const rows = huxham.rows(huxham.extract(records, PAGE))
    expect(rows.map((r) => [r.section, r.text])).toEqual([
      ['Samverkansnivå (nu → önskad)', 'Hotell: 1. Nätverkande → –'],
      ['Samverkansnivå (nu → önskad)', 'Polisen: 2. Koordinering → 4. Samarbete'],
      ['Vilken nivå av samverkan skulle ni vilja se inom denna fråga och varför?', 'Resurser'],
    ])
  })

  it('reads notes per question, with the method’s questions', () => {
    const records = [...template, noteCenteredAt('Nätverksträffar', 1500, 270), noteCenteredAt('Resurser', 1500, 900)]
    const { questions } = huxham.extract(records, PAGE)
    expect(questions.map((q) => q.text)).toEqual([
      'Vilken/vilka typer av samverkan har ni erfarenhet av och hur har det sett ut?',
      'På vilken nivå skulle samverkan med dessa aktörer kunna vara lämplig initialt?',
      'Kan det se olika ut över tid och i så fall vad är det som avgör?',
      'Vilken nivå av samverkan skulle ni vilja se inom denna fråga och varför?',
    ])
    expect(questions.map((q) => texts(q.notes))).toEqual([['Nätverksträffar'], [], [], ['Resurser']])
  })

  it('shows the cumulative contents of each level', () => {
    const level4 = template.find((r) => (r.meta as { text?: string }).text === 'level-4')!
    expect(JSON.stringify(level4.props)).toContain('Informationsdelning + Förändring av aktivitet + Delade resurser + Öka varandras kapacitet')
    expect(huxham.extract(template, PAGE)).toMatchObject({ actors: [], unplaced: [] })
  })
})
