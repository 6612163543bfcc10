import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTexts } from '../i18n.ts'

/**
 * A text field that adds on Enter (Shift+Enter for a new line) or with its button, and stays
 * open for the next. `suggestions` (a board's palette, e.g. the actors of the mind map) fill
 * the field when one is chosen.
 */
export function TextForm(props: { label: string; context?: string; submit: string; initial?: string; autoFocus?: boolean; suggestions?: readonly string[]; onSubmit(text: string): void; onCancel?(): void }) {
  const t = useTexts()
  const [text, setText] = useState(props.initial ?? '')
  const fieldId = useId()
  const send = (event?: FormEvent) => {
    event?.preventDefault()
    const value = text.trim()
    if (!value) return
    props.onSubmit(value)
    setText('')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event)
    if (event.key === 'Escape' && props.onCancel) props.onCancel()
  }
  return (
    <form className="list-form" onSubmit={send}>
      <label htmlFor={fieldId}>
        {props.label}
        {/* The question a repeated zone ("Grupp A") belongs to, for whoever hears the field without its heading. */}
        {props.context && <span className="visually-hidden">{` (${props.context})`}</span>}
      </label>
      <textarea id={fieldId} rows={2} value={text} autoFocus={props.autoFocus} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      <span className="list-form-buttons">
        {props.suggestions && props.suggestions.length > 0 && (
          <select aria-label={`${t.suggestions}: ${props.label}`} value="" onChange={(e) => e.target.value && setText(e.target.value)}>
            <option value="">{`${t.suggestions}…`}</option>
            {props.suggestions.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        )}
        <button type="submit" className="primary">
          {props.submit}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t.cancel}
          </button>
        )}
      </span>
    </form>
  )
}
