/** "Kärngruppen: steg 2" → "Kärngruppen-steg-2": letters (å ä ö too) and digits kept, for file names. */
export function fileSafeName(name: string, fallback = 'arbetspass'): string {
  return name.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || fallback
}
