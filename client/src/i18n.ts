/** UI texts, Swedish first. tldraw's own UI follows the same locale. */
import { useSyncExternalStore } from 'react'
import type { Locale } from '@sfs/shared'

const sv = {
  appName: 'Stad för stad',
  tagline: 'Digital whiteboard för arbetspass mot människohandel och prostitution',
  createTitle: 'Skapa ett arbetspass',
  workshopTitle: 'Namn på arbetspasset',
  workshopTitlePlaceholder: 't.ex. Kärngruppen – steg 2',
  city: 'Stad eller kommun',
  cityPlaceholder: 't.ex. Helsingborg',
  create: 'Skapa arbetspass',
  creating: 'Skapar…',
  created: 'Arbetspasset är skapat',
  linksIntro: 'Spara facilitatorlänken: den går inte att visa igen. Dela deltagarlänken med gruppen och öppna visningslänken på projektorn.',
  linkFacilitator: 'Facilitator',
  linkParticipant: 'Deltagare',
  linkViewer: 'Projektor (endast visning)',
  copy: 'Kopiera',
  copied: 'Kopierad!',
  open: 'Öppna',
  myWorkshops: 'Mina arbetspass på den här enheten',
  askName: 'Vad heter du?',
  askNameHelp: 'Namnet visas för de andra vid din markör. Det sparas bara på den här enheten.',
  yourName: 'Ditt namn',
  join: 'Gå med',
  loading: 'Öppnar arbetspasset…',
  online: 'Ansluten',
  connecting: 'Ansluter…',
  offline: 'Offline – dina ändringar sparas och skickas när anslutningen är tillbaka',
  closedDeleted: 'Arbetspasset har tagits bort.',
  badLink: 'Länken fungerar inte. Kontrollera att du har hela länken, eller be facilitatorn om en ny.',
  here: 'Här nu',
  you: 'du',
  roleFacilitator: 'facilitator',
  roleParticipant: 'deltagare',
  roleViewer: 'visning',
  boards: 'Tavlor',
  language: 'English',
  errorGeneric: 'Något gick fel. Försök igen.',
  readOnly: 'Endast visning',
  chooseBoards: 'Välj tavlor (utan val får ni en tom tavla)',
  otherBoards: 'Övrigt',
  step: 'Steg',
  addBoard: 'Lägg till tavla',
  add: 'Lägg till',
  cancel: 'Avbryt',
  myMarker: 'Min markör:',
  addChild: 'Lägg till under',
  addSibling: 'Lägg till bredvid',
  suggestions: 'Förslag',
  printA3: 'Skriv ut A3',
  export: 'Exportera',
  timer: 'Tid kvar',
  pause: 'Pausa',
  resume: 'Fortsätt',
  stop: 'Stoppa',
  bringEveryone: 'Hämta alla hit',
  releaseEveryone: 'Släpp alla fria',
  lockBoard: 'Lås tavlan',
  unlockBoard: 'Lås upp tavlan',
  boardLocked: 'Tavlan är låst',
  followFacilitator: 'Följ facilitatorn',
  fullscreen: 'Helskärm',
  exportDocx: 'Rapport (Word)',
  exportMarkdown: 'Rapport (Markdown)',
  exportCsv: 'Alla lappar (Excel, CSV)',
  exportJson: 'Data (JSON)',
  exportPng: 'Bild av tavlan (PNG)',
  exportSvg: 'Bild av tavlan (SVG)',
  noSuggestions: 'Inga förslag ännu. Aktörer från kontaktytan visas här när ni har en tankekarta.',
}

export type Texts = typeof sv

const en: Texts = {
  appName: 'Stad för stad',
  tagline: 'Digital whiteboard for workshops against human trafficking and prostitution',
  createTitle: 'Create a workshop',
  workshopTitle: 'Workshop name',
  workshopTitlePlaceholder: 'e.g. Core group – step 2',
  city: 'City or municipality',
  cityPlaceholder: 'e.g. Helsingborg',
  create: 'Create workshop',
  creating: 'Creating…',
  created: 'The workshop is ready',
  linksIntro: 'Save the facilitator link: it cannot be shown again. Share the participant link with the group and open the viewer link on the projector.',
  linkFacilitator: 'Facilitator',
  linkParticipant: 'Participant',
  linkViewer: 'Projector (view only)',
  copy: 'Copy',
  copied: 'Copied!',
  open: 'Open',
  myWorkshops: 'My workshops on this device',
  askName: 'What is your name?',
  askNameHelp: 'Others see your name next to your cursor. It is only stored on this device.',
  yourName: 'Your name',
  join: 'Join',
  loading: 'Opening the workshop…',
  online: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline – your changes are kept and sent when the connection is back',
  closedDeleted: 'This workshop has been deleted.',
  badLink: 'This link does not work. Check that you have the whole link, or ask the facilitator for a new one.',
  here: 'Here now',
  you: 'you',
  roleFacilitator: 'facilitator',
  roleParticipant: 'participant',
  roleViewer: 'viewer',
  boards: 'Boards',
  language: 'Svenska',
  errorGeneric: 'Something went wrong. Please try again.',
  readOnly: 'View only',
  chooseBoards: 'Choose boards (none gives you a blank board)',
  otherBoards: 'Other',
  step: 'Step',
  addBoard: 'Add board',
  add: 'Add',
  cancel: 'Cancel',
  myMarker: 'My marker:',
  addChild: 'Add below',
  addSibling: 'Add beside',
  suggestions: 'Suggestions',
  printA3: 'Print A3',
  export: 'Export',
  timer: 'Time left',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  bringEveryone: 'Bring everyone here',
  releaseEveryone: 'Let everyone go',
  lockBoard: 'Lock board',
  unlockBoard: 'Unlock board',
  boardLocked: 'The board is locked',
  followFacilitator: 'Follow the facilitator',
  fullscreen: 'Full screen',
  exportDocx: 'Report (Word)',
  exportMarkdown: 'Report (Markdown)',
  exportCsv: 'All notes (Excel, CSV)',
  exportJson: 'Data (JSON)',
  exportPng: 'Picture of the board (PNG)',
  exportSvg: 'Picture of the board (SVG)',
  noSuggestions: 'No suggestions yet. Actors from the mind map appear here once you have one.',
}

const TEXTS: Record<Locale, Texts> = { sv, en }
const STORAGE_KEY = 'sfs.locale'
const listeners = new Set<() => void>()

export function getLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv'
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
  listeners.forEach((listener) => listener())
}

export function useLocale(): Locale {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getLocale,
  )
}

export function useTexts(): Texts {
  return TEXTS[useLocale()]
}
