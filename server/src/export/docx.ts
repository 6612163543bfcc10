/** The report as a Word document with real headings, tables and lists. */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { Block, ListItem } from '@sfs/shared'
import type { BoardExport, WorkshopExport } from './workshop-report.ts'
import { fitToPage, type ReportPicture } from './pictures.ts'

const HEADINGS = { 3: HeadingLevel.HEADING_2, 4: HeadingLevel.HEADING_3 } as const

function listParagraphs(items: ListItem[], level = 0): Paragraph[] {
  return items.flatMap((item) => [new Paragraph({ text: item.text, bullet: { level } }), ...listParagraphs(item.children ?? [], level + 1)])
}

function cellOf(lines: string[], bold = false): TableCell {
  const paragraphs = (lines.length ? lines : ['']).map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }))
  return new TableCell({ children: paragraphs })
}

function renderBlock(block: Block): (Paragraph | Table)[] {
  switch (block.type) {
    case 'heading':
      // Kept with what follows: a heading never ends a page without its answers.
      return [new Paragraph({ text: block.text, heading: HEADINGS[block.level], keepNext: true })]
    case 'paragraph':
      return [new Paragraph({ children: [...(block.label ? [new TextRun({ text: `${block.label}: `, bold: true })] : []), new TextRun(block.text)] })]
    case 'list':
      return listParagraphs(block.items)
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: block.header.map((h) => cellOf([h], true)) }),
            ...block.rows.map((cells) => new TableRow({ children: cells.map((lines) => cellOf(lines)) })),
          ],
        }),
        new Paragraph(''),
      ]
  }
}

/** The board as drawn, under its heading: what the text cannot carry (a mind map's shape, a drawn signature). */
function pictureOf(board: BoardExport, picture: ReportPicture | undefined): Paragraph[] {
  if (!picture) return []
  const description = `Bild av tavlan ${board.title}`
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new ImageRun({ type: 'png', data: picture.png, transformation: fitToPage(picture), altText: { name: board.title, title: board.title, description } })],
    }),
  ]
}

/** `pictures`: a picture of a board by its id, drawn on the facilitator's device (see pictures.ts). */
export async function renderDocx(workshop: WorkshopExport, pictures: ReadonlyMap<string, ReportPicture> = new Map()): Promise<Buffer> {
  const titlePage = [
    new Paragraph({ text: workshop.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({ text: 'Stad för stad – resultat från arbetspasset', alignment: AlignmentType.CENTER }),
    ...(workshop.city ? [new Paragraph({ children: [new TextRun({ text: 'Stad: ', bold: true }), new TextRun(workshop.city)], alignment: AlignmentType.CENTER })] : []),
    new Paragraph({ children: [new TextRun({ text: 'Datum: ', bold: true }), new TextRun(workshop.date)], alignment: AlignmentType.CENTER }),
    new Paragraph({ children: [new TextRun({ text: 'Deltagare (personer som har skrivit): ', bold: true }), new TextRun(String(workshop.participants))], alignment: AlignmentType.CENTER }),
  ]
  const body = workshop.boards.flatMap((board) => [
    new Paragraph({ text: board.title, heading: HeadingLevel.HEADING_1, keepNext: true }),
    ...pictureOf(board, pictures.get(board.id)),
    ...board.blocks.flatMap(renderBlock),
  ])
  const document = new Document({
    creator: 'Stad för stad',
    title: workshop.title,
    // Swedish, so Word checks the spelling and reads it aloud as Swedish.
    styles: { default: { document: { run: { font: 'Calibri', size: 24, language: { value: 'sv-SE' } } } } },
    sections: [{ children: [...titlePage, ...body] }],
  })
  return Packer.toBuffer(document)
}
