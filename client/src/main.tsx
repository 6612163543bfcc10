import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { HomePage } from './HomePage.tsx'
import { WorkshopPage } from './WorkshopPage.tsx'
import { getLocale } from './i18n.ts'
import { closeMenusOutside } from './menus.ts'
import './styles.css'

document.documentElement.lang = getLocale()
closeMenusOutside()
const workshopMatch = /^\/w\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname)
const key = new URLSearchParams(window.location.hash.slice(1)).get('key') ?? ''

// The app shell stays on the device, so a reload works while the server is down (client/service-worker.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {})
  })
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>{workshopMatch ? <WorkshopPage workshopId={workshopMatch[1]!} workshopKey={key} /> : <HomePage />}</StrictMode>,
)
