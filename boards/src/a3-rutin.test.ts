import { describe, expect, it } from 'vitest'
import { a3Rutin } from './a3-rutin.ts'
import { ctx, noteCenteredAt, PAGE, strokeAt, textAt, texts, zoneBox } from './kit/fixtures.ts'

const template = a3Rutin.template(ctx)
const marker = template.find((r) => (r.meta as { marker?: string }).marker === 'vi-ar-har')!

describe('a3-rutin', () => {
  it('reads the six steps with who acts and how to reach them', () => {
    const actor = zoneBox(template, 'aktor-3')
    const contact = zoneBox(template, 'kontakt-3')
    const answer = zoneBox(template, 'steg-1')
    const records = [
      ...template,
      textAt('Mobila teamet / Socialjouren', actor.x + 10, actor.cy),
      textAt('040-123 45 67, dygnet runt', contact.x + 10, contact.cy),
      noteCenteredAt('Brottsoffret i fokus', answer.cx, answer.cy),
    ]
    const { steps } = a3Rutin.extract(records, PAGE)
    expect(steps.map((s) => s.title)).toEqual(['Formulera målet', 'Upptäcka brottet', 'Kontaktväg in', 'Första kontakten', 'Skydd, stöd och lagföring', 'Uppföljning och utveckling'])
    expect(steps[2]).toMatchObject({ actor: 'Mobila teamet / Socialjouren', contact: '040-123 45 67, dygnet runt' })
    expect(texts(steps[0]!.notes)).toEqual(['Brottsoffret i fokus'])
    expect(steps[5]!.questions).toEqual(['Hur ska ni utvärdera rutinen och dess användning?'])
    expect(steps[0]).toMatchObject({ actor: '', contact: '' })
  })

  it('orders milestones along the timeline and says where "Vi är här" stands', () => {
    const line = zoneBox(template, 'tidslinje')
    const at = (fraction: number) => line.x + fraction * line.w
    const records = [
      ...template.filter((r) => r.id !== marker.id),
      { ...marker, x: at(0.55) - 75 },
      noteCenteredAt('Testa', at(0.6), line.cy),
      noteCenteredAt('Ta fram', at(0.1), line.cy),
      noteCenteredAt('Implementera', at(0.35), line.cy),
      noteCenteredAt('Utvärdera', at(0.9), line.cy),
    ]
    const { timeline } = a3Rutin.extract(records, PAGE)
    expect(timeline.milestones.map((m) => m.text)).toEqual(['Ta fram', 'Implementera', 'Testa', 'Utvärdera'])
    expect(timeline.milestones[0]!.position).toBeCloseTo(0.1, 2)
    expect(timeline.weAreHere!.position).toBeCloseTo(0.55, 2)
    expect(timeline.weAreHere!.after).toBe('Implementera')
    expect(a3Rutin.extract(template, PAGE).timeline).toMatchObject({ milestones: [], weAreHere: { after: null } })
  })

  it('reports each confirmation slot as signed or not, with its date, organisation and representative', () => {
    const field = (key: string) => zoneBox(template, key)
    const records = [
      ...template,
      textAt('2026-11-22', field('datum-1').x + 10, field('datum-1').cy),
      textAt('Polisen', field('organisation-1').x + 10, field('organisation-1').cy),
      textAt('Anna Andersson', field('representant-1').x + 10, field('representant-1').cy),
      strokeAt(field('signatur-1').x + 30, field('signatur-1').y + 60),
      textAt('Frälsningsarmén', field('organisation-2').x + 10, field('organisation-2').cy),
    ]
    const { confirmations } = a3Rutin.extract(records, PAGE)
    expect(confirmations).toHaveLength(6)
    expect(confirmations[0]).toMatchObject({ slot: 1, date: '2026-11-22', organisation: 'Polisen', representative: 'Anna Andersson', signed: true })
    expect(confirmations[1]).toMatchObject({ slot: 2, date: '', organisation: 'Frälsningsarmén', representative: '', signed: false })
    // And a spreadsheet row for each field filled in.
    const rows = a3Rutin.rows(a3Rutin.extract(records, PAGE)).filter((r) => r.section.startsWith('Bekräftelsen'))
    expect(rows.map((r) => [r.section, r.text])).toEqual([
      ['Bekräftelsen 1 – Organisation', 'Polisen'],
      ['Bekräftelsen 1 – Representant', 'Anna Andersson'],
      ['Bekräftelsen 1 – Datum', '2026-11-22'],
      ['Bekräftelsen 1 – Signerad', 'Ja'],
      ['Bekräftelsen 2 – Organisation', 'Frälsningsarmén'],
      ['Bekräftelsen 2 – Signerad', 'Nej'],
    ])
  })

  it('gives every answer in a field its own spreadsheet row, with who wrote it and when; the signature row names who began signing', () => {
    const field = (key: string) => zoneBox(template, key)
    const by = (record: ReturnType<typeof textAt>, author: string, createdAt: string) => ({ ...record, meta: { author, createdAt } })
    const actor = field('aktor-2')
    const records = [
      ...template,
      by(textAt('Socialjouren tar emot', actor.x + 10, actor.y + 40), 'Bo', '2026-11-24T09:05:00.000Z'),
      by(textAt('Polisen följer upp', actor.x + 10, actor.y + 120), 'Cecilia', '2026-11-24T09:07:00.000Z'),
      by(noteCenteredAt('Ta fram', field('tidslinje').x + 200, field('tidslinje').cy), 'Dana', '2026-11-24T09:10:00.000Z'),
      by(textAt('Kommunen', field('organisation-1').x + 10, field('organisation-1').cy), 'Eva', '2026-11-24T09:20:00.000Z'),
      by(strokeAt(field('signatur-1').x + 90, field('signatur-1').y + 60), 'Fredrik', '2026-11-24T09:31:00.000Z'),
      by(strokeAt(field('signatur-1').x + 30, field('signatur-1').y + 60), 'Eva', '2026-11-24T09:30:00.000Z'),
    ]
    const result = a3Rutin.extract(records, PAGE)
    // The report's joined text is unchanged.
    expect(result.steps[1]!.actor).toBe('Socialjouren tar emot\nPolisen följer upp')
    const rows = a3Rutin.rows(result).map((r) => [r.section, r.text, r.author, r.createdAt])
    expect(rows).toEqual([
      ['Steg 2 – Aktör', 'Socialjouren tar emot', 'Bo', '2026-11-24T09:05:00.000Z'],
      ['Steg 2 – Aktör', 'Polisen följer upp', 'Cecilia', '2026-11-24T09:07:00.000Z'],
      ['Tidslinje', 'Ta fram', 'Dana', '2026-11-24T09:10:00.000Z'],
      ['Bekräftelsen 1 – Organisation', 'Kommunen', 'Eva', '2026-11-24T09:20:00.000Z'],
      ['Bekräftelsen 1 – Signerad', 'Ja', 'Eva', '2026-11-24T09:30:00.000Z'],
    ])
  })
})
