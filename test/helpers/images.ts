import sharp from 'sharp';

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
