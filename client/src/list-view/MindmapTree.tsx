/** The mind map as a nested list: each node with its kind, and what may be added under it. */
import { useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import type { GraphSpec } from '@sfs/shared'
import type { GraphNode } from '@sfs/boards'
import { useLocale, useTexts } from '../i18n.ts'
import { TextForm } from './TextForm.tsx'
import { addNode, rewrite } from './writing.ts'

export function TreeNode({ node, spec, editor, readonly, mayChange }: { node: GraphNode; spec: GraphSpec; editor: Editor; readonly: boolean; mayChange(id: string): boolean }) {
  const t = useTexts()
  const locale = useLocale()
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState(false)
  const kind = spec.kinds.find((k) => k.key === node.kind)
  const childKind = spec.kinds.find((k) => k.key === spec.childKind[node.kind])
  const label = `${kind?.label[locale] ?? ''}: ${node.text || '–'}`
  return (
    <li className={`list-node list-node-${node.kind}`}>
      {editing ? (
        <TextForm
          label={`${t.editNote} ${(kind?.label[locale] ?? '').toLocaleLowerCase(locale)}`}
          submit={t.save}
          initial={node.text}
          autoFocus
          onSubmit={(text) => {
            rewrite(editor, node.id as TLShapeId, text)
            setEditing(false)
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <span className="list-node-text">{label}</span>
      )}
      {!editing && mayChange(node.id) && (
        <button type="button" aria-label={`${t.editNote}: ${node.text || '–'}`} onClick={() => setEditing(true)}>
          {t.editNote}
        </button>
      )}
      {!readonly && childKind && (
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {t.addNodeUnder(childKind.label[locale], node.text || '–')}
        </button>
      )}
      {adding && childKind && (
        <TextForm
          label={t.addNodeUnder(childKind.label[locale], node.text || '–')}
          submit={t.add}
          autoFocus
          onSubmit={(text) => void addNode(editor, spec, node.id as TLShapeId, text)}
          onCancel={() => setAdding(false)}
        />
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <TreeNode key={child.id} node={child} spec={spec} editor={editor} readonly={readonly} mayChange={mayChange} />
          ))}
        </ul>
      )}
    </li>
  )
}
