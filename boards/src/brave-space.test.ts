import { describe, expect, it } from 'vitest'
import { braveSpace } from './brave-space.ts'
import { ctx, noteCenteredAt, PAGE, texts } from './kit/fixtures.ts'
import { richText } from './kit/rich-text.ts'

const template = braveSpace.template(ctx)

describe('brave-space', () => {
  it('reads notes per question, per group, and the similarities', () => {
    const records = [
      ...template,
      noteCenteredAt('Att bli lyssnad på', 300, 350), // A, question 1
      noteCenteredAt('Respekt', 1500, 350), // B, question 1
      noteCenteredAt('Trygghet', 960, 350), // similarities, question 1
      noteCenteredAt('Tidsbrist', 400, 850), // A, question 2
      noteCenteredAt('Hierarkier', 1600, 900), // B, question 2
    ]
    const [q1, q2] = braveSpace.extract(records, PAGE).questions
    expect(q1!.text).toBe('Fråga 1: Vad behöver du för att känna dig fri och trygg att bidra med dina tankar och idéer?')
    expect([texts(q1!.groups.A!), texts(q1!.groups.B!), texts(q1!.similarities)]).toEqual([['Att bli lyssnad på'], ['Respekt'], ['Trygghet']])
    expect(q2!.text).toBe('Fråga 2: Vad skulle kunna komma i vägen för att du ska kunna delta fullt ut?')
    expect([texts(q2!.groups.A!), texts(q2!.groups.B!), texts(q2!.similarities)]).toEqual([['Tidsbrist'], ['Hierarkier'], []])
  })

  it('reports a question as the facilitator reworded it', () => {
    const reworded = template.map((r) => ((r.meta as { text?: string }).text === 'q2' ? { ...r, props: { ...(r.props as object), richText: richText('Vad hindrar dig?') } } : r))
    expect(braveSpace.extract(reworded, PAGE).questions[1]!.text).toBe('Vad hindrar dig?')
  })

  it('grows by a group per question when the facilitator adds one', () => {
    const extension = braveSpace.extensions!.find((e) => e.key === 'group')!
    expect(extension.allowed).toBe('facilitator')
    const added = extension.add(ctx, template)
    expect(added).toHaveLength(2)
    const withC = [...template, ...added]
    expect(extension.add(ctx, withC).map((z) => (z.meta as { group: string }).group)).toEqual(['D', 'D'])
    const cZone = added[0]!
    const records = [...withC, noteCenteredAt('Från grupp C', Number(cZone.x) + 300, Number(cZone.y) + 200)]
    const [q1] = braveSpace.extract(records, PAGE).questions
    expect(Object.keys(q1!.groups)).toEqual(['A', 'B', 'C'])
    expect(texts(q1!.groups.C!)).toEqual(['Från grupp C'])
  })

  it('reads an empty board', () => {
    const result = braveSpace.extract(template, PAGE)
    expect(result.questions.flatMap((q) => [...Object.values(q.groups).flat(), ...q.similarities])).toEqual([])
  })
})
