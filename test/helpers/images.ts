import sharp from 'sharp';
import { expect } from 'vitest';

/**
 * `hex` with a gentle left-to-right shading (each channel moves up to 8 levels towards mid-grey):
 * it reads as that colour (mean within 4 levels) but is not one flat colour, which the pipeline
 * rejects as not a cover.
 */
function shaded(hex: string, width: number, height: number): sharp.Sharp {
  const rgb = [0, 2, 4].map((i) => parseInt(hex.replace('#', '').slice(i, i + 2), 16));
  const pixels = Buffer.alloc(width * height * 3);
  for (let x = 0; x < width; x++) {
    const shift = Math.round((8 * x) / Math.max(1, width - 1));
    const column = rgb.map((v) => (v >= 128 ? v - shift : v + shift));
    for (let y = 0; y < height; y++) pixels.set(column, (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A square JPEG of (nearly) one colour, e.g. `solidJpeg('#3366cc', 600)`. */
export function solidJpeg(hex: string, size = 600): Promise<Buffer> {
  return shaded(hex, size, size).jpeg({ quality: 80 }).toBuffer();
}

/** A PNG of (nearly) one colour, any shape, for aspect-ratio and size checks. */
export function solidPng(hex: string, width: number, height = width): Promise<Buffer> {
  return shaded(hex, width, height).png().toBuffer();
}

/** Exactly one flat colour: not a cover at all, for the rejection tests. */
export function flatPng(hex: string, width: number, height = width): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: hex } }).png().toBuffer();
}

/** Bytes that look like nothing: what a broken remote or a truncated download gives. */
export function garbageBytes(length = 4096): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + 7) % 251;
  return out;
}

/** Mean colour of an image, '#rrggbb'-free: [r, g, b]. */
export async function meanColor(bytes: Buffer): Promise<[number, number, number]> {
  const { channels } = await sharp(bytes).stats();
  return [channels[0]!.mean, channels[1]!.mean, channels[2]!.mean];
}

/** Asserts an image is (close to) a solid colour: each channel within `tolerance` of `hex`. */
export async function expectColor(bytes: Buffer, hex: string, tolerance = 10): Promise<void> {
  const want = [0, 2, 4].map((i) => parseInt(hex.replace('#', '').slice(i, i + 2), 16));
  const got = await meanColor(bytes);
  for (let i = 0; i < 3; i++) expect(Math.abs(got[i]! - want[i]!), `channel ${i} of ${got.map(Math.round)} vs #${hex}`).toBeLessThanOrEqual(tolerance);
}
