/** Personal markers (Nu, Önskat) placed on a level by choosing it from a list. */
import { useEffect, useId, useState } from 'react'
import type { Editor } from 'tldraw'
import type { BoardDefinition } from '@sfs/shared'
import type { OutlineZone } from '@sfs/boards'
import { useLocale, useTexts } from '../i18n.ts'
import { placeMarkerIn } from './writing.ts'

export function MarkerPlacing({ editor, board, me, zones }: { editor: Editor; board: BoardDefinition; me: { id: string; name: string }; zones: OutlineZone[] }) {
  const t = useTexts()
  const locale = useLocale()
  return (
    <div className="list-markers-form">
      {board.markers!.map((spec) => {
        const at = zones.find((z) => z.markers.some((m) => m.kind === spec.key && m.owner === me.id))
        return <MarkerChoice key={spec.key} label={t.markerLevel(spec.label[locale])} current={at?.key ?? ''} zones={zones} onPlace={(zone) => placeMarkerIn(editor, spec, me, zone)} />
      })}
    </div>
  )
}

function MarkerChoice({ label, current, zones, onPlace }: { label: string; current: string; zones: OutlineZone[]; onPlace(zone: string): void }) {
  const t = useTexts()
  const [choice, setChoice] = useState(current)
  useEffect(() => setChoice(current), [current])
  const fieldId = useId()
  return (
    <span className="list-marker-choice">
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t.notPlaced}</option>
        {zones.map((zone) => (
          <option key={zone.key} value={zone.key}>
            {zone.name}
          </option>
        ))}
      </select>
      <button type="button" disabled={!choice || choice === current} onClick={() => onPlace(choice)}>
        {t.place}
      </button>
    </span>
  )
}
