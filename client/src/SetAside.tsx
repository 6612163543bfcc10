import { useState } from 'react'
import { richTextToPlain } from '@sfs/shared'
import { readSetAside, writeSetAside } from './sync/recovery.ts'
import { useTexts } from './i18n.ts'

/**
 * What the person wrote that the server no longer takes (a board locked while this device
 * was offline): shown with its text, kept on the device until the person removes it.
 */
export function SetAside({ workshopId }: { workshopId: string }) {
  const t = useTexts()
  const [records, setRecords] = useState(() => readSetAside(workshopId))
  const [copied, setCopied] = useState(false)
  if (records.length === 0) return null
  const texts = records.map((r) => richTextToPlain((r.props as { richText?: never } | undefined)?.richText).trim() || t.setAsideNoText)
  const remove = () => {
    if (!window.confirm(t.setAsideRemoveConfirm)) return
    writeSetAside(workshopId, [])
    setRecords([])
  }
  const copy = () =>
    void navigator.clipboard
      .writeText(texts.join('\n\n'))
      .then(() => setCopied(true))
      .catch(() => {})
  return (
    <section className="set-aside" role="alert" aria-labelledby="set-aside-title" data-testid="set-aside">
      <h2 id="set-aside-title">{t.setAsideTitle(records.length)}</h2>
      <p>{t.setAsideHelp}</p>
      <ul>
        {texts.map((text, i) => (
          <li key={records[i]!.id}>{text}</li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={copy}>
          {copied ? t.copied : t.setAsideCopy}
        </button>
        <button type="button" onClick={remove}>
          {t.setAsideRemove}
        </button>
      </div>
    </section>
  )
}
