import { heading, list, paragraph, type BoardDefinition, type GraphSpec, type JsonRecord, type ListItem, type NoteRow } from '@sfs/shared'
import { boardTemplate } from './kit/template.ts'
import { templateId } from './kit/shapes.ts'
import { nodeProps, nodesOfKind, readGraph, type GraphNode } from './kit/graph.ts'

export const MINDMAP_GRAPH: GraphSpec = {
  root: 'stad',
  kinds: [
    { key: 'stad', label: { sv: 'Stad', en: 'City' }, geo: 'ellipse', color: 'yellow' },
    { key: 'malgrupp', label: { sv: 'Målgrupp', en: 'Target group' }, geo: 'ellipse', color: 'light-violet' },
    { key: 'plats', label: { sv: 'Plats / verksamhet', en: 'Place / activity' }, geo: 'rectangle', color: 'light-blue' },
    { key: 'aktor', label: { sv: 'Aktör', en: 'Actor' }, geo: 'hexagon', color: 'light-green' },
  ],
  // The method's hierarchy: stad → målgrupp → plats/verksamhet → aktör; an aktör is a leaf.
  childKind: { stad: 'malgrupp', malgrupp: 'plats', plats: 'aktor' },
}

const TARGET_GROUPS = [
  'Flyktingar',
  'Asylsökande',
  'Papperslösa',
  'Utsatta EU-migranter',
  'Hemlösa',
  'Barn och unga',
  'Missbrukare, framförallt kvinnor',
  'Personer med ekonomiska svårigheter',
]
const ACTORS = [
  'Hyresvärdar',
  'Hotell',
  'Taxi',
  'Bemanningsbolag',
  'Sociala center/mötesplatser',
  'Arbetsmarknadsinsatser',
  'Fältarbetare',
  'Barn- och ungdomsverksamheter',
  'Hälso- och sjukvård',
  'Skolor',
  'Socialförvaltningen',
  'Migrant- och asylverksamheter',
  'Kyrkor/trosrörelser',
  'Föreningar',
]

const CENTRE = { x: 960 - 160, y: 540 - 90, w: 320, h: 180 }

export interface MindmapResult {
  tree: GraphNode | null
  /** The kontaktyta: every actor, with the target groups and places it was found through. */
  actors: { name: string; via: string[][] }[]
  loose: GraphNode[]
}

/** Actor names on all mind map pages of a workshop, for other boards to offer. */
export function mindmapActors(records: JsonRecord[]): string[] {
  const pages = records.filter((r) => r.typeName === 'page' && (r.meta as { boardKind?: string } | undefined)?.boardKind === 'mindmap')
  const names = pages.flatMap((page) => mindmap.extract(records, page.id).actors.map((a) => a.name))
  return [...new Set(names)]
}

export const mindmap: BoardDefinition<MindmapResult> = {
  kind: 'mindmap',
  step: 2,
  title: { sv: 'Hitta målgruppen och kontaktytan', en: 'Find the target groups and points of contact' },
  instructions: {
    sv: 'Utgå från staden i mitten: lägg till målgrupper, sedan platser och verksamheter där de finns, sedan aktörer som möter dem där. Tabb lägger till under, Enter bredvid.',
    en: 'Start from the city in the centre: add target groups, then the places and activities where they are found, then the actors who meet them there. Tab adds below, Enter beside.',
  },
  graph: MINDMAP_GRAPH,
  reportPicture: true,
  report: (result) => {
    const kindName = (kind: string) => MINDMAP_GRAPH.kinds.find((k) => k.key === kind)?.label.sv ?? kind
    const item = (node: GraphNode): ListItem => ({ text: node.kind === 'stad' ? node.text : `${node.text} (${kindName(node.kind).toLocaleLowerCase('sv')})`, children: node.children.map(item) })
    return [
      ...(result.tree ? [list([item(result.tree)])] : []),
      heading('Kontaktyta – aktörer', 4),
      result.actors.length ? list(result.actors.map((a) => ({ text: a.name, children: a.via.map((path) => ({ text: `via ${path.join(' → ')}` })) }))) : paragraph('Inga aktörer.'),
      ...(result.loose.length ? [heading('Ej kopplade', 4), list(result.loose.map((n) => n.text || '(utan text)'))] : []),
    ]
  },
  rows: (result) => {
    const rows: NoteRow[] = []
    const walk = (node: GraphNode, path: string[]) => {
      if (node.kind !== 'stad') rows.push({ section: [...path, MINDMAP_GRAPH.kinds.find((k) => k.key === node.kind)?.label.sv].join(' → '), text: node.text, author: node.author, votes: 0, createdAt: node.createdAt })
      node.children.forEach((child) => walk(child, node.kind === 'stad' ? [] : [...path, node.text]))
    }
    if (result.tree) walk(result.tree, [])
    return rows
  },
  palette: () => [
    { label: { sv: 'Målgrupper', en: 'Target groups' }, kind: 'malgrupp', items: TARGET_GROUPS },
    { label: { sv: 'Aktörer', en: 'Actors' }, kind: 'aktor', items: ACTORS },
  ],
  template: (ctx) =>
    boardTemplate(ctx, 'mindmap', 'Målgrupp och kontaktyta', {
      texts: [
        { key: 'heading', text: 'Hitta målgruppen – hitta kontaktytan', size: 'xl', box: { x: 60, y: 20, w: 1800 } },
        {
          key: 'legend',
          text: 'Målgrupp → Plats / verksamhet → Aktör. Var finns dessa personer geografiskt? Vilka olika verksamheter möter dem?',
          size: 'm',
          color: 'grey',
          box: { x: 60, y: 90, w: 1800 },
        },
      ],
      extra: (pageId, next) => [
        {
          id: templateId(pageId, 'node-stad'),
          typeName: 'shape',
          type: 'geo',
          parentId: pageId,
          index: next(),
          x: CENTRE.x,
          y: CENTRE.y,
          rotation: 0,
          isLocked: true,
          opacity: 1,
          meta: { template: true, node: 'stad' },
          props: { ...nodeProps(MINDMAP_GRAPH, 'stad', ctx.city || 'Vår stad', CENTRE), size: 'xl' },
        },
      ],
    }),
  extract: (records, pageId) => {
    const { root, loose } = readGraph(records, pageId, MINDMAP_GRAPH.root)
    const actors = new Map<string, { name: string; via: string[][] }>()
    for (const { node, path } of nodesOfKind(root, 'aktor')) {
      if (!node.text) continue
      const key = node.text.toLocaleLowerCase('sv')
      const entry = actors.get(key) ?? { name: node.text, via: [] }
      entry.via.push(path.slice(1))
      actors.set(key, entry)
    }
    return { tree: root, actors: [...actors.values()], loose }
  },
}
