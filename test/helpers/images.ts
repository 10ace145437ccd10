import sharp from 'sharp';
import { expect } from 'vitest';

/** A solid-colour square JPEG, e.g. `solidJpeg('#3366cc', 600)`. */
export function solidJpeg(hex: string, size = 600): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: hex } }).jpeg({ quality: 80 }).toBuffer();
}

/** A solid-colour PNG of any shape, for aspect-ratio and size checks. */
export function solidPng(hex: string, width: number, height = width): Promise<Buffer> {
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
