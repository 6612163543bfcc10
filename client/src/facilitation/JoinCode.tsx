/** The join code on the wall: a QR code of the participant link and a short link to type. */
import qrcode from 'qrcode-generator'
import type { JoinState } from '@sfs/shared'
import { useTexts } from '../i18n.ts'

/** The QR code as one SVG path: crisp at any size, drawn here, nothing fetched. */
export function QrCode({ text, size = 320 }: { text: string; size?: number }) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const count = qr.getModuleCount()
  let path = ''
  for (let row = 0; row < count; row++) for (let col = 0; col < count; col++) if (qr.isDark(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`
  return (
    <svg viewBox={`0 0 ${count + 8} ${count + 8}`} width={size} height={size} role="img" aria-label="QR">
      <rect width="100%" height="100%" fill="#fff" />
      <path d={path} fill="#000" shapeRendering="crispEdges" />
    </svg>
  )
}

export function JoinCode({ join }: { join: JoinState }) {
  const t = useTexts()
  return (
    <aside className="join-code" data-testid="join-code">
      <h2>{t.joinTitle}</h2>
      <QrCode text={join.link} />
      <p className="join-short">{join.shortLink.replace(/^https?:\/\//, '')}</p>
    </aside>
  )
}
