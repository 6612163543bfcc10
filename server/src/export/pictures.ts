/**
 * Pictures of boards for the Word report. The server cannot draw a board (tldraw draws it, in
 * the browser), so the facilitator's device sends them with the request. They are read as
 * PNG before anything else uses them: the signature, a header chunk with its size, and bounds
 * on bytes and pixels; anything else is refused whole.
 */

/** The largest picture taken, in bytes: a 2400 px board as PNG is well under it. */
export const MAX_PICTURE_BYTES = 3 * 1024 * 1024
/** The widest or tallest picture taken, in pixels. */
export const MAX_PICTURE_SIDE = 4096

export interface ReportPicture {
  png: Buffer
  width: number
  height: number
}

export class PictureRefused extends Error {
  override name = 'PictureRefused'
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** A PNG as base64 (no data: prefix), checked. */
export function readPngPicture(base64: string): ReportPicture {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new PictureRefused('the picture is not base64')
  const png = Buffer.from(base64, 'base64')
  if (png.length > MAX_PICTURE_BYTES) throw new PictureRefused(`a picture of ${png.length} bytes, more than ${MAX_PICTURE_BYTES}`)
  // Signature, then the IHDR chunk: length 13, type, width, height.
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE) || png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new PictureRefused('the picture is not a PNG')
  }
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  if (width === 0 || height === 0 || width > MAX_PICTURE_SIDE || height > MAX_PICTURE_SIDE) {
    throw new PictureRefused(`a picture of ${width}×${height} px; at most ${MAX_PICTURE_SIDE} px a side`)
  }
  return { png, width, height }
}

/** The size a picture is shown at on an A4 page in portrait (Word's pixels, 96 to the inch), never enlarged. */
export function fitToPage({ width, height }: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, 600 / width, 820 / height)
  return { width: Math.round(width * scale), height: Math.round(height * scale) }
}
