import { useEffect, useState } from 'react'
import { METHOD_STEPS, type BoardCatalogueEntry } from '@sfs/shared'
import { api } from './api.ts'
import { useLocale, useTexts } from './i18n.ts'

/** The catalogue grouped by the method's steps; boards outside the steps come last. */
export function useCatalogue(): BoardCatalogueEntry[] {
  const [catalogue, setCatalogue] = useState<BoardCatalogueEntry[]>([])
  useEffect(() => {
    api.boards().then(setCatalogue, () => setCatalogue([]))
  }, [])
  return catalogue
}

export function groupByStep(catalogue: BoardCatalogueEntry[]) {
  const steps = [...METHOD_STEPS.map((s) => s.step), null]
  return steps
    .map((step) => ({ step, boards: catalogue.filter((b) => b.step === step) }))
    .filter((group) => group.boards.length > 0)
}

export function BoardPicker({ selected, onChange }: { selected: string[]; onChange(kinds: string[]): void }) {
  const t = useTexts()
  const locale = useLocale()
  const catalogue = useCatalogue()
  const toggle = (kind: string) => onChange(selected.includes(kind) ? selected.filter((k) => k !== kind) : [...selected, kind])
  return (
    <fieldset className="board-picker">
      <legend>{t.chooseBoards}</legend>
      <div className="board-picker-quick">
        <button type="button" onClick={() => onChange(catalogue.filter((b) => b.step !== null).map((b) => b.kind))}>
          {t.allMethodBoards}
        </button>
        <button type="button" onClick={() => onChange([])} disabled={selected.length === 0}>
          {t.noBoards}
        </button>
      </div>
      {groupByStep(catalogue).map(({ step, boards }) => (
        <div key={step ?? 'other'} className="board-group">
          <h3>{step === null ? t.otherBoards : `${t.step} ${step}: ${METHOD_STEPS[step]!.name[locale]}`}</h3>
          {boards.map((board) => (
            <label key={board.kind} className="board-option">
              <input type="checkbox" checked={selected.includes(board.kind)} onChange={() => toggle(board.kind)} />
              <span>
                <strong>{board.title[locale]}</strong>
                <small>{board.instructions[locale]}</small>
              </span>
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  )
}
