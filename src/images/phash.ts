/**
 * A perceptual hash: 64 bits that stay (nearly) the same when a picture is resized, re-encoded or
 * slightly recoloured, and differ for another picture. The classic DCT pHash (what `sharp-phash`
 * computes): 32x32 greyscale, 2-D DCT-II, the 8x8 lowest frequencies without the DC term, each bit
 * "above the median". Written here on sharp rather than taken as a dependency: forty lines, pure.
 */
import sharp from 'sharp';

const SIDE = 32;
const LOW = 8;

/** At most this many of the 64 bits differ between two encodings of one picture (measured in test/images/phash.test.ts). */
export const SAME_PICTURE_DISTANCE = 12;

/** The pHash of encoded bytes, or of raw pixels (`normalise` has them decoded already), as 16 hex digits. */
export async function perceptualHash(input: Buffer | { raw: Buffer; info: sharp.Raw }): Promise<string> {
  const image = Buffer.isBuffer(input) ? sharp(input, { failOn: 'error' }).rotate() : sharp(input.raw, { raw: input.info });
  // Transparent pixels count as white, so a transparent PNG and its flattened JPEG hash alike.
  const pixels = await image.flatten({ background: '#ffffff' }).greyscale().resize(SIDE, SIDE, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  return hashOfGrey(pixels);
}

/** What a picture looks like: its pHash and its mean colour (the pHash is colour-blind: two plain covers of different colours hash alike). */
export interface Look {
  phash: string;
  rgb: [number, number, number];
}

/** The look of encoded bytes, from one small decode. */
export async function lookOf(bytes: Buffer): Promise<Look> {
  const rgb = await sharp(bytes, { failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).removeAlpha().resize(SIDE, SIDE, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  const grey = new Uint8Array(SIDE * SIDE);
  const sum = [0, 0, 0];
  for (let i = 0; i < grey.length; i++) {
    const [r, g, b] = [rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!];
    sum[0]! += r;
    sum[1]! += g;
    sum[2]! += b;
    // sharp's greyscale() weights (Rec. 709 luma), so this hash matches perceptualHash's.
    grey[i] = Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b);
  }
  return { phash: hashOfGrey(grey), rgb: sum.map((s) => Math.round(s / grey.length)) as [number, number, number] };
}

/** At most this far apart on any channel, two means are of one picture (a re-encode moves them a few levels). */
const SAME_COLOUR_LEVELS = 24;

/** Whether two looks are of one picture at another size, quality or format. */
export function sameLook(a: Look, b: Look): boolean {
  return samePicture(a.phash, b.phash) && a.rgb.every((v, i) => Math.abs(v - b.rgb[i]!) <= SAME_COLOUR_LEVELS);
}

/** The pHash of SIDE x SIDE 8-bit grey pixels. Pure. */
export function hashOfGrey(pixels: Uint8Array): string {
  const coeffs: number[] = [];
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let x = 0; x < SIDE; x++) {
        for (let y = 0; y < SIDE; y++) sum += pixels[y * SIDE + x]! * COS[u]![x]! * COS[v]![y]!;
      }
      coeffs.push(sum);
    }
  }
  const ac = coeffs.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)]!;
  let bits = 0n;
  for (const c of coeffs) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** How many of the 64 bits differ. */
export function hashDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x > 0n) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/**
 * Provider placeholders, by look: refused at any size or re-encoding (`knownPlaceholderLook`).
 * These are the pHashes of look-alikes drawn by test/helpers/placeholders.ts (the Last.fm star on
 * its grey square, Deezer's grey head-and-shoulders), not of the providers' own files, which the
 * build cannot download: `npm run phash -- <file>` prints the one of a real file to add here.
 */
export const KNOWN_PLACEHOLDER_LOOKS: readonly { name: string; phash: string }[] = [
  { name: 'the Last.fm star', phash: 'e3de9a242cc3639c' },
  { name: "Deezer's empty artist", phash: 'dba4863939c2cb56' },
];

/** The known placeholder a hash is of, with its distance, or null. */
export function knownPlaceholderLook(phash: string, looks = KNOWN_PLACEHOLDER_LOOKS): { name: string; distance: number } | null {
  for (const look of looks) {
    const distance = hashDistance(phash, look.phash);
    if (distance <= SAME_PICTURE_DISTANCE) return { name: look.name, distance };
  }
  return null;
}

/** Whether two hashes are of the same picture (at another size, quality or format). */
export const samePicture = (a: string, b: string): boolean => hashDistance(a, b) <= SAME_PICTURE_DISTANCE;

const COS = Array.from({ length: LOW }, (_, u) => Array.from({ length: SIDE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIDE))));
