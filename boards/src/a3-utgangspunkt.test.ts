import { describe, expect, it } from 'vitest'
import { a3Utgangspunkt } from './a3-utgangspunkt.ts'
import { ctx, noteCenteredAt, PAGE, textAt, texts, zoneBox } from './kit/fixtures.ts'

const template = a3Utgangspunkt.template(ctx)

describe('a3-utgangspunkt', () => {
  it('has the four sections with their numbered questions', () => {
    const { sections, sectors } = a3Utgangspunkt.extract(template, PAGE)
    expect(sections.map((s) => [s.title, s.questions.length])).toEqual([
      ['Vår stad och problemet med människohandel och prostitution', 6],
      ['Kartläggningen', 6],
      ['Verktyg och resurser', 5],
    ])
    expect(sections[0]!.questions[5]!.text).toBe('Om ni inte gör någonting resulterar det i…')
    expect(sectors.map((s) => s.name)).toEqual(['Offentliga', 'Idéburna', 'Näringslivet'])
  })

  it('reads notes and typed text per question', () => {
    const q12 = zoneBox(template, '1-2')
    const q35 = zoneBox(template, '3-5')
    const records = [...template, noteCenteredAt('Vid stationen', q12.cx, q12.cy), textAt('Intranät', q35.x + 20, q35.cy)]
    const { sections } = a3Utgangspunkt.extract(records, PAGE)
    expect(texts(sections[0]!.questions[1]!.notes)).toEqual(['Vid stationen'])
    expect(texts(sections[2]!.questions[4]!.notes)).toEqual(['Intranät'])
  })

  it('files an answer under the question it was written in, though its text runs over the next box', () => {
    const q21 = zoneBox(template, '2-1')
    const q22 = zoneBox(template, '2-2')
    // 70 characters on one line: wider than its box, its centre lies in 2.2 (and it reaches 2.3).
    const text = textAt('Vi har hört om lägenheter som hyrs ut per natt nära stationen, i veckan', q21.x + 20, q21.y + 60)
    const long = { ...text, meta: { zone: '2-1' }, props: { ...(text.props as object), w: 2 * q21.w } }
    const records = [...template, long, { ...textAt('Fler tips via skolan', q22.x + 20, q22.y + 60), meta: { zone: '2-2' } }]
    const { sections } = a3Utgangspunkt.extract(records, PAGE)
    expect(texts(sections[1]!.questions[0]!.notes)).toEqual(['Vi har hört om lägenheter som hyrs ut per natt nära stationen, i veckan'])
    expect(texts(sections[1]!.questions[1]!.notes)).toEqual(['Fler tips via skolan'])
    // Written before zones were recorded: its centre decides, as before.
    const { sections: older } = a3Utgangspunkt.extract([...template, { ...long, meta: {} }], PAGE)
    expect(texts(older[1]!.questions[1]!.notes)).toEqual(['Vi har hört om lägenheter som hyrs ut per natt nära stationen, i veckan'])
  })

  it('reads an answer by its position when the zone it names is gone', () => {
    const q12 = zoneBox(template, '1-2')
    const records = [...template, { ...noteCenteredAt('Vid hamnen', q12.cx, q12.cy), meta: { zone: 'rad-99-hinder' } }]
    expect(texts(a3Utgangspunkt.extract(records, PAGE).sections[0]!.questions[1]!.notes)).toEqual(['Vid hamnen'])
  })

  it('grows the sector table by rows anyone can add, and reads each row', () => {
    const extension = a3Utgangspunkt.extensions!.find((e) => e.key === 'rad')!
    expect(extension.allowed).toBe('participant')
    const added = extension.add(ctx, template)
    expect(added.map((r) => (r.meta as { zone: string }).zone)).toEqual(['rad-4-bransch', 'rad-4-bidrag', 'rad-4-hinder', 'rad-4-verktyg'])
    const withRow = [...template, ...added]
    const name = zoneBox(withRow, 'rad-4-bransch')
    const obstacle = zoneBox(withRow, 'rad-4-hinder')
    const tool = zoneBox(withRow, 'rad-1-verktyg')
    const records = [...withRow, textAt('Hotellbranschen', name.x + 10, name.cy), noteCenteredAt('Tidsbrist', obstacle.cx, obstacle.cy), noteCenteredAt('Utbildning', tool.cx, tool.cy)]
    const { sectors } = a3Utgangspunkt.extract(records, PAGE)
    expect(sectors.map((s) => [s.row, s.name, texts(s.contribution), texts(s.obstacles), texts(s.tools)])).toEqual([
      [1, 'Offentliga', [], [], ['Utbildning']],
      [2, 'Idéburna', [], [], []],
      [3, 'Näringslivet', [], [], []],
      [4, 'Hotellbranschen', [], ['Tidsbrist'], []],
    ])
  })
})
