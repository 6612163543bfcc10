import { useState } from 'react'
import { useTexts } from './i18n.ts'

/** A link to hand out: readable, copyable (also on plain http, where the clipboard API is missing) and openable. */
export function LinkRow({ label, url, testId }: { label: string; url: string; testId: string }) {
  const t = useTexts()
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(url)
    } catch {
      // Clipboard needs a secure context; on plain http over the LAN, select the text instead.
      const input = document.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)
      input?.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div className="link-row">
      <span className="link-label">{label}</span>
      <input readOnly value={url} data-testid={testId} onFocus={(e) => e.target.select()} aria-label={label} />
      <button type="button" onClick={copy}>
        {copied ? t.copied : t.copy}
      </button>
      <a className="button" href={url} target="_blank" rel="noreferrer">
        {t.open}
      </a>
    </div>
  )
}
