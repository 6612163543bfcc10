/** The method's steps, as the handbook names them; boards in the catalogue refer to them by number. */
import type { Localized } from './api.ts'

export interface MethodStep {
  step: number
  name: Localized
  section: Localized | null
}

export const METHOD_STEPS: readonly MethodStep[] = [
  { step: 0, name: { sv: 'Borde vi börja? Hur börjar vi?', en: 'Should we start? How do we start?' }, section: null },
  { step: 1, name: { sv: 'Identifiera utgångspunkten', en: 'Identify the starting point' }, section: { sv: 'Utforska', en: 'Explore' } },
  { step: 2, name: { sv: 'Kartlägg problembilden', en: 'Map the problem' }, section: { sv: 'Utforska', en: 'Explore' } },
  { step: 3, name: { sv: 'Aktivera möjliga samverkansaktörer', en: 'Activate possible partners' }, section: { sv: 'Utforska', en: 'Explore' } },
  { step: 4, name: { sv: 'Samla in och sammanställ information och verktyg', en: 'Gather information and tools' }, section: { sv: 'Utrusta', en: 'Equip' } },
  { step: 5, name: { sv: 'Utveckla ett samordnings- och nätverksarbete', en: 'Develop coordination and networking' }, section: { sv: 'Utrusta', en: 'Equip' } },
  { step: 6, name: { sv: 'Ta fram en lokal samverkansplan', en: 'Draw up a local collaboration plan' }, section: { sv: 'Utföra', en: 'Execute' } },
  { step: 7, name: { sv: 'Ta fram en rutin för enskilda ärenden', en: 'Draw up a routine for individual cases' }, section: { sv: 'Utföra', en: 'Execute' } },
]
