import { heading, list, paragraph, type BoardDefinition, type JsonRecord, type NoteRow } from '@sfs/shared'
import { noteLines, noteRows, notesList, UNPLACED } from './kit/report.ts'
import { boardTemplate, templateShapes } from './kit/template.ts'
import { fieldNotes, fieldText, isTemplate, isWriting, notesByZone, toPlaced, type PlacedNote } from './kit/zones.ts'
import { geoProps, templateId, type TextSpec, type ZoneSpec } from './kit/shapes.ts'
import { center, contains, pageBounds } from './kit/geometry.ts'
import { shapesOnPage, shapeText } from './kit/records.ts'
import { richText } from './kit/rich-text.ts'

const STEPS = [
  {
    title: 'Formulera målet',
    intro: 'En lokal rutin ska ge brottsoffer tillgång till sina rättigheter och leda till att förövare lagförs.',
    questions: [
      'Vad ska er lokala rutin leda till? (formulera ett övergripande mål för en gemensam lokal process)',
      'Vad innebär det för olika aktörer i praktiken?',
      'Vad krävs av samverkansparterna?',
    ],
  },
  {
    title: 'Upptäcka brottet',
    intro: '',
    questions: [
      'Vem, hur och var kan den initiala kontakten med utsatta personer och situationer ske?',
      'På vilka sätt kan aktörerna agera redan idag? Gör aktörerna det? Varför/varför inte?',
      'Finns det alternativa sätt att agera?',
      'Hur kan ni tillgodose behov, hantera svårigheter och ta vara på möjligheter så att det leder till en kedja av händelser mot rutinens mål?',
    ],
  },
  {
    title: 'Kontaktväg in',
    intro: '',
    questions: [
      'Vem ska de som upptäcker människohandel och prostitution kontakta? (en eller flera ingångar, t.ex. för barn och vuxna)',
      'Vilka hinder finns?',
      'Hur kan ni överkomma hindren?',
    ],
  },
  {
    title: 'Första kontakten',
    intro: '',
    questions: [
      'Vad ska hända vid den initiala kontakten med en person eller situation som kan beröra människohandel och prostitution?',
      'Vilka hinder finns?',
      'Vilket förberedelsearbete kan ske för att brottsoffrens rättigheter och intressen ska tillvaratas?',
      'Hur kan ni överkomma hindren?',
    ],
  },
  {
    title: 'Skydd, stöd och lagföring',
    intro: '(polisanmälan, skyddsbedömning och skyddsplacering, akut bistånd, betänketid för brottsoffer …)',
    questions: ['Vad händer efter den initiala kontakten?', 'Hur tillvaratas brottsoffrets rättigheter fortsatt?', 'Hur ser samverkan ut?'],
  },
  {
    title: 'Uppföljning och utveckling',
    intro: 'Rutinen kommer att behöva uppdateras så snart den används.',
    questions: ['Hur ska ni utvärdera rutinen och dess användning?'],
  },
]
const LEFT = 60
const COL_W = 340
const GAP = 44
const colX = (i: number) => LEFT + i * (COL_W + GAP)
const SLOTS = 6
const FIELDS = [
  { key: 'datum', label: 'Datum', y: 1660, h: 110 },
  { key: 'organisation', label: 'Organisation', y: 1780, h: 110 },
  { key: 'representant', label: 'Representant', y: 1900, h: 110 },
  { key: 'signatur', label: 'Signatur', y: 2020, h: 180 },
] as const
const TIMELINE = { x: LEFT, y: 1290, w: 2260, h: 260 }

const stepZones: ZoneSpec[] = STEPS.flatMap((_, i) => [
  { key: `steg-${i + 1}`, label: 'Svar', size: 's', color: 'light-blue', box: { x: colX(i), y: 560, w: COL_W, h: 270 }, meta: { step: i + 1 } },
  { key: `aktor-${i + 1}`, label: 'Aktör – vem gör vad?', size: 's', color: 'light-green', box: { x: colX(i), y: 840, w: COL_W, h: 200 }, meta: { step: i + 1, field: 'aktor' } },
  { key: `kontakt-${i + 1}`, label: 'Kontaktväg – telefon, tider, adress', size: 's', color: 'yellow', box: { x: colX(i), y: 1050, w: COL_W, h: 200 }, meta: { step: i + 1, field: 'kontakt' } },
])
const stepTexts: TextSpec[] = STEPS.flatMap((step, i) => [
  { key: `steg-${i + 1}-titel`, text: `${i + 1}. ${step.title}`, size: 'm', box: { x: colX(i), y: 150, w: COL_W } },
  {
    key: `steg-${i + 1}-fragor`,
    text: [step.intro, ...step.questions.map((q) => `• ${q}`)].filter(Boolean).join('\n'),
    size: 's',
    color: 'grey',
    box: { x: colX(i), y: 200, w: COL_W },
  },
])
const slotZones: ZoneSpec[] = Array.from({ length: SLOTS }, (_, i) =>
  FIELDS.map((field): ZoneSpec => ({
    key: `${field.key}-${i + 1}`,
    label: field.label,
    size: 's',
    color: field.key === 'signatur' ? 'light-violet' : 'grey',
    box: { x: colX(i), y: field.y, w: COL_W, h: field.h },
    meta: { slot: i + 1, field: field.key },
  })),
).flat()

/** Locked arrows from each step to the next: the routine reads as a flow. */
function flowArrows(pageId: string, next: () => string): JsonRecord[] {
  return STEPS.slice(0, -1).map((_, i) => ({
    id: templateId(pageId, `flow-${i + 1}`),
    typeName: 'shape',
    type: 'arrow',
    parentId: pageId,
    index: next(),
    x: colX(i) + COL_W + 4,
    y: 170,
    rotation: 0,
    isLocked: true,
    opacity: 1,
    meta: { template: true },
    props: {
      kind: 'arc',
      elbowMidPoint: 0.5,
      dash: 'solid',
      size: 'l',
      fill: 'none',
      color: 'black',
      labelColor: 'black',
      bend: 0,
      start: { x: 0, y: 0 },
      end: { x: GAP - 8, y: 0 },
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      richText: richText(''),
      labelPosition: 0.5,
      font: 'sans',
      scale: 1,
    },
  }))
}

/** "Vi är här": part of the template, so nobody deletes it, but anyone may drag it. */
function weAreHere(pageId: string, index: string): JsonRecord {
  return {
    id: templateId(pageId, 'vi-ar-har'),
    typeName: 'shape',
    type: 'geo',
    parentId: pageId,
    index,
    x: TIMELINE.x + 20,
    y: TIMELINE.y + 60,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: { template: true, movable: true, marker: 'vi-ar-har' },
    props: geoProps({ w: 150, h: 150, geo: 'arrow-down', color: 'red', size: 's', text: 'Vi är här' }),
  }
}

export interface RutinResult {
  steps: {
    number: number
    title: string
    questions: string[]
    notes: PlacedNote[]
    actor: string
    contact: string
    /** The texts `actor` and `contact` are joined from, with who wrote each and when. */
    fields: { actor: PlacedNote[]; contact: PlacedNote[] }
  }[]
  timeline: {
    /** Milestones in time order; position is 0 at the start of the timeline and 1 at its end. */
    milestones: { text: string; position: number; author: string; createdAt: string }[]
    weAreHere: { position: number; after: string | null } | null
  }
  confirmations: {
    slot: number
    date: string
    organisation: string
    representative: string
    signed: boolean
    /** The texts behind each answer, and the signature's strokes (no text), with who wrote each and when. */
    fields: { date: PlacedNote[]; organisation: PlacedNote[]; representative: PlacedNote[]; signature: PlacedNote[] }
  }[]
  unplaced: PlacedNote[]
}

function readTimeline(records: JsonRecord[], pageId: string): RutinResult['timeline'] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const shapes = shapesOnPage(records, pageId)
  const zone = templateShapes(records, pageId).find((s) => s.meta.zone === 'tidslinje')
  if (!zone) return { milestones: [], weAreHere: null }
  const bounds = pageBounds(zone, byId)
  const positionOf = (x: number) => Math.min(1, Math.max(0, (x - bounds.x) / bounds.w))
  const milestones = shapes
    .filter((s) => !isTemplate(s) && isWriting(s))
    .map((s) => ({ record: s, point: center(pageBounds(s, byId)) }))
    .filter((m) => contains(bounds, m.point))
    .sort((a, b) => a.point.x - b.point.x)
    .map((m) => {
      const { text, author, createdAt } = toPlaced(m.record)
      return { text, position: positionOf(m.point.x), author, createdAt }
    })
  const marker = shapes.find((s) => (s.meta as { marker?: string } | undefined)?.marker === 'vi-ar-har')
  if (!marker) return { milestones, weAreHere: null }
  const point = center(pageBounds(marker, byId))
  const position = positionOf(point.x)
  const passed = milestones.filter((m) => m.position <= position)
  return { milestones, weAreHere: { position, after: passed.at(-1)?.text ?? null } }
}

/** Who began signing, and when (the strokes have no text); "Nej" where the organisation filled in its slot but did not sign. */
function signedRow(c: RutinResult['confirmations'][number]): NoteRow[] {
  const section = `Bekräftelsen ${c.slot} – Signerad`
  const first = c.fields.signature[0]
  if (first) return noteRows(section, [{ ...first, text: 'Ja' }])
  return c.organisation || c.representative || c.date ? [{ section, text: 'Nej', author: '', votes: 0, createdAt: '' }] : []
}

export const a3Rutin: BoardDefinition<RutinResult> = {
  kind: 'a3-rutin',
  step: 7,
  // The signatures are drawn: the report's table can only say that one is there.
  reportPicture: true,
  paper: 'A3-landscape',
  formCells: true,
  zoneTitle: ({ meta, label }) => {
    if (typeof meta.step === 'number' && STEPS[meta.step - 1]) return { group: `${meta.step}. ${STEPS[meta.step - 1]!.title}`, name: label }
    if (typeof meta.slot === 'number') return { group: `Bekräftelsen – organisation ${meta.slot}`, name: label }
    return { name: label }
  },
  sections: [
    { key: 'steg-1-3', label: { sv: 'Steg 1–3', en: 'Steps 1–3' }, has: ({ meta }) => typeof meta.step === 'number' && meta.step <= 3 },
    { key: 'steg-4-6', label: { sv: 'Steg 4–6', en: 'Steps 4–6' }, has: ({ meta }) => typeof meta.step === 'number' && meta.step > 3 },
    { key: 'tidslinje', label: { sv: 'Tidslinje', en: 'Timeline' }, has: ({ key }) => key === 'tidslinje' },
    { key: 'bekraftelsen', label: { sv: 'Bekräftelsen', en: 'Confirmation' }, has: ({ meta }) => typeof meta.slot === 'number' },
  ],
  title: { sv: 'Mall – Rutin för enskilda ärenden', en: 'Template – Routine for individual cases' },
  instructions: {
    sv: 'Gå igenom stegen 1–6. Var noga med vilken aktör som gör vad i varje steg och hur den nås. Lägg milstolpar på tidslinjen och flytta ”Vi är här”. Varje organisation bekräftar med datum och signatur.',
    en: 'Work through steps 1–6, naming which actor does what and how to reach them. Put milestones on the timeline and move “Vi är här”. Each organisation confirms with a date and a signature.',
  },
  report: (result) => {
    const { milestones, weAreHere } = result.timeline
    const timeline = milestones.map((m) => ({ text: m.text }))
    if (weAreHere) {
      const at = weAreHere.after ? milestones.findIndex((m) => m.text === weAreHere.after) + 1 : 0
      timeline.splice(at, 0, { text: '▶ Vi är här' })
    }
    const confirmed = result.confirmations.filter((c) => c.organisation || c.representative || c.date || c.signed)
    const lines = (text: string) => (text ? text.split('\n') : [])
    return [
      // The routine as its chain: each step, what happens, who acts and how they are reached.
      heading('Stegen'),
      {
        type: 'table',
        header: ['Steg', 'Svar', 'Aktör – vem gör vad?', 'Kontaktväg – telefon, tider, adress'],
        rows: result.steps.map((step) => [[`${step.number}. ${step.title}`], noteLines(step.notes), lines(step.actor), lines(step.contact)]),
      },
      heading('Tidslinje'),
      ...(timeline.length ? [list(timeline)] : []),
      heading('Bekräftelsen'),
      confirmed.length
        ? {
            type: 'table',
            header: ['Organisation', 'Representant', 'Datum', 'Signerad'],
            rows: confirmed.map((c) => [lines(c.organisation), lines(c.representative), lines(c.date), [c.signed ? 'Ja' : 'Nej']]),
          }
        : paragraph('Ingen organisation har bekräftat rutinen ännu.'),
      ...(result.unplaced.length ? [heading(UNPLACED, 4), notesList(result.unplaced)] : []),
    ]
  },
  rows: (result) => [
    ...result.steps.flatMap((step) => [
      ...noteRows(`Steg ${step.number} – Svar`, step.notes),
      ...noteRows(`Steg ${step.number} – Aktör`, step.fields.actor),
      ...noteRows(`Steg ${step.number} – Kontaktväg`, step.fields.contact),
    ]),
    ...result.timeline.milestones.map((m) => ({ section: 'Tidslinje', text: m.text, author: m.author, votes: 0, createdAt: m.createdAt })),
    ...result.confirmations.flatMap((c) => [
      ...noteRows(`Bekräftelsen ${c.slot} – Organisation`, c.fields.organisation),
      ...noteRows(`Bekräftelsen ${c.slot} – Representant`, c.fields.representative),
      ...noteRows(`Bekräftelsen ${c.slot} – Datum`, c.fields.date),
      ...signedRow(c),
    ]),
    ...noteRows(UNPLACED, result.unplaced),
  ],
  template: (ctx) =>
    boardTemplate(ctx, 'a3-rutin', 'Rutin för enskilda ärenden', {
      zones: [
        ...stepZones,
        { key: 'tidslinje', label: 'Tidslinje – ta fram, implementera, testa och utvärdera rutinen (milstolpar från vänster till höger)', size: 's', color: 'light-red', box: TIMELINE },
        ...slotZones,
      ],
      texts: [
        { key: 'heading', text: 'Mall – Rutin för enskilda ärenden', size: 'xl', box: { x: LEFT, y: 20, w: 2260 } },
        {
          key: 'prompt',
          text: 'Var noga med att identifiera vilken aktör som ska göra vad i varje steg och hur den organisationen ska kontaktas.',
          size: 'm',
          color: 'grey',
          box: { x: LEFT, y: 90, w: 2260 },
        },
        ...stepTexts,
        { key: 'bekraftelsen', text: 'Bekräftelsen – beslutet i varje organisation, symboliskt signerat', size: 'l', box: { x: LEFT, y: 1590, w: 2260 } },
      ],
      extra: (pageId, next) => [...flowArrows(pageId, next), weAreHere(pageId, next())],
    }),
  extract: (records, pageId) => {
    const zoned = notesByZone(records, pageId, isWriting)
    const drawings = notesByZone(records, pageId, (r) => r.type === 'draw')
    return {
      steps: STEPS.map((step, i) => ({
        number: i + 1,
        title: step.title,
        questions: step.questions,
        notes: zoned.zones.get(`steg-${i + 1}`) ?? [],
        actor: fieldText(zoned, `aktor-${i + 1}`),
        contact: fieldText(zoned, `kontakt-${i + 1}`),
        fields: { actor: fieldNotes(zoned, `aktor-${i + 1}`), contact: fieldNotes(zoned, `kontakt-${i + 1}`) },
      })),
      timeline: readTimeline(records, pageId),
      confirmations: Array.from({ length: SLOTS }, (_, i) => {
        const signature = drawings.zones.get(`signatur-${i + 1}`) ?? []
        return {
          slot: i + 1,
          date: fieldText(zoned, `datum-${i + 1}`),
          organisation: fieldText(zoned, `organisation-${i + 1}`),
          representative: fieldText(zoned, `representant-${i + 1}`),
          signed: signature.length > 0,
          fields: {
            date: fieldNotes(zoned, `datum-${i + 1}`),
            organisation: fieldNotes(zoned, `organisation-${i + 1}`),
            representative: fieldNotes(zoned, `representant-${i + 1}`),
            // The first stroke first: whoever began signing.
            signature: [...signature].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
          },
        }
      }),
      unplaced: zoned.unplaced,
    }
  },
}
