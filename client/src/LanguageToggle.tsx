import { getLocale, setLocale, useTexts } from './i18n.ts'

export function LanguageToggle() {
  const t = useTexts()
  return (
    <button type="button" className="language" onClick={() => setLocale(getLocale() === 'sv' ? 'en' : 'sv')}>
      {t.language}
    </button>
  )
}
