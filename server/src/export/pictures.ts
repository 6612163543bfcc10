/**
 * Pictures of boards for the Word report. The server cannot draw a board (tldraw draws it, in
 * the browser), so the facilitator's device sends them with the request. They are read as
 * PNG before anything else uses them: the signature, a header chunk with its size, every
 * chunk whole with its checksum up to the closing IEND, and bounds on bytes and pixels;
 * anything else is refused whole, so Word is never handed a file it would call damaged.
 */
import { crc32 } from 'node:zlib'
import { MAX_REPORT_PICTURE_BYTES as MAX_PICTURE_BYTES } from '@sfs/shared'

export { MAX_PICTURE_BYTES }

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
  checkChunks(png)
  return { png, width, height }
}

/** Walks the chunks after the signature: each within the file, with a correct CRC, the last an IEND at the very end. */
function checkChunks(png: Buffer): void {
  let at = SIGNATURE.length
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at)
    const end = at + 12 + length
    if (end > png.length) break
    const type = png.toString('latin1', at + 4, at + 8)
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PictureRefused('the picture is not a PNG: a chunk without a name')
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) throw new PictureRefused(`the picture is damaged: the ${type} chunk's checksum is wrong`)
    if (type === 'IEND') {
      if (end !== png.length) throw new PictureRefused('the picture has bytes after its end')
      return
    }
    at = end
  }
  throw new PictureRefused('the picture is cut short')
}

/** The size a picture is shown at on an A4 page in portrait (Word's pixels, 96 to the inch), never enlarged. */
export function fitToPage({ width, height }: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, 600 / width, 820 / height)
  return { width: Math.round(width * scale), height: Math.round(height * scale) }
}
