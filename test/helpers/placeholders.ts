import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/**
 * Look-alikes of the providers' placeholders, drawn here (nothing is downloaded): Last.fm's grey
 * star on a lighter grey square, and Deezer's empty artist (a grey head-and-shoulders silhouette).
 * Drawn once by ImageMagick at 300 px, then resized and re-encoded by sharp as a CDN would.
 */
export type Look = 'star' | 'silhouette';

const DRAW: Record<Look, string[]> = {
  star: ['-size', '300x300', 'xc:#f0f0f0', '-fill', '#c8c8c8', '-draw', 'polygon 150,40 176,118 258,118 192,166 216,246 150,198 84,246 108,166 42,118 124,118'],
  silhouette: ['-size', '300x300', 'xc:#e8e8e8', '-fill', '#b0b0b0', '-draw', 'circle 150,110 150,160', '-draw', 'ellipse 150,300 110,100 180,360'],
};

const drawn = new Map<Look, Promise<Buffer>>();

/** The drawing as PNG bytes (ImageMagick writes it to stdout). */
export function drawLook(look: Look): Promise<Buffer> {
  let bytes = drawn.get(look);
  if (!bytes) {
    bytes = run('convert', [...DRAW[look], 'png:-'], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }).then((r) => r.stdout as Buffer);
    drawn.set(look, bytes);
  }
  return bytes;
}

/** The drawing at `size` px, encoded as `format` at `quality`. */
export async function placeholderLike(look: Look, size: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg', quality = 80): Promise<Buffer> {
  const img = sharp(await drawLook(look)).resize(size, size);
  return format === 'png' ? img.png().toBuffer() : format === 'webp' ? img.webp({ quality }).toBuffer() : img.jpeg({ quality }).toBuffer();
}
