/**
 * Pure image code for SoniqueBay Covers: buffers in, buffers out.
 *
 * Nothing here touches a database, the network or the filesystem, so every
 * function can be unit-tested with images generated in memory and called from
 * a worker thread or a job runner alike.
 *
 * Lifecycle of a cover:
 *   candidate bytes --validateCandidate--> accepted
 *                   --normalise-->         canonical webp "original" (<= 1500 px) + hash/colour/thumbhash
 *                   --renderVariant-->     fits inside size x size (aspect kept) in webp/jpeg/avif, size from variantSizes
 * and, while nothing is found yet, renderPlaceholder/placeholderColor.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { perceptualHash } from './phash.js';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/**
 * The variant sizes we render. A small fixed ladder keeps the variant cache
 * bounded: arbitrary ?size=N requests snap onto it, or onto the original's own
 * size when the original is smaller than the step (snapSize).
 */
export const SIZE_LADDER = [64, 128, 256, 512, 1024] as const;

export type ImageFormat = 'webp' | 'jpeg' | 'avif';

export const DEFAULT_VARIANT = { size: 256, format: 'webp' } as const;

/** Upper bound on decoded pixels (width x height): ~50 MP is ~150 MB of RGB, already a lot on a Pi 4. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/** Remote images smaller than this (short side, px) look bad even as a 256 thumbnail. */
export const DEFAULT_MIN_REMOTE_SIZE = 200;

/** Under this (short side, px) a picture is an icon or a tracking pixel, not a cover, wherever it comes from. */
export const MIN_COVER_SIDE = 64;

/**
 * A picture whose every channel spans at most this many levels (of 255) is one flat colour: a
 * blank a tagger wrote, not art. Exact flat colours decode with a range of 0 (JPEG included); any
 * real cover, even a black sleeve with a small logo, spans far more.
 */
export const FLAT_COLOUR_RANGE = 2;

/** Album covers may deviate this much from square (long/short - 1) before we call them "not square". */
export const DEFAULT_SQUARE_TOLERANCE = 0.1;

/** Longest side of the canonical stored original. */
export const DEFAULT_NORMALISED_MAX_SIDE = 1500;

/**
 * MD5 of raw bytes of images that sources serve instead of a real picture.
 * 2a96cbd8b46e442fc41c2b86b821562f: Last.fm's grey star "no image" placeholder.
 */
export const KNOWN_PLACEHOLDER_MD5: ReadonlySet<string> = new Set(['2a96cbd8b46e442fc41c2b86b821562f']);

// ---------------------------------------------------------------------------
// sharp configuration
// ---------------------------------------------------------------------------

export interface SharpCacheOptions {
  memory: number;
  files: number;
  items: number;
}

/**
 * Tune libvips for the host. On a Raspberry Pi 4 (4 cores, little RAM) callers
 * typically want a low concurrency and a small or disabled operation cache;
 * the cache mostly helps when the same input is processed repeatedly, which a
 * cover service rarely does.
 */
export function configureSharp(opts: { concurrency: number; cache: boolean | SharpCacheOptions }): void {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 0) {
    // 0 is sharp's "reset to the number of CPU cores".
    throw new RangeError(`configureSharp: concurrency must be an integer >= 0, got ${String(opts.concurrency)}`);
  }
  sharp.concurrency(opts.concurrency);
  sharp.cache(opts.cache);
}

// ---------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------

export type SniffedImageType = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'bmp' | 'tiff';

function bytesEqual(buf: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (buf.length < offset + expected.length) return false;
  return expected.every((byte, i) => buf[offset + i] === byte);
}

function ascii(buf: Uint8Array, offset: number, length: number): string {
  if (buf.length < offset + length) return '';
  return String.fromCharCode(...buf.subarray(offset, offset + length));
}

function readUint32BE(buf: Uint8Array, offset: number): number {
  return ((buf[offset] ?? 0) * 0x1000000) + (((buf[offset + 1] ?? 0) << 16) | ((buf[offset + 2] ?? 0) << 8) | (buf[offset + 3] ?? 0));
}

function readUint32LE(buf: Uint8Array, offset: number): number {
  return ((buf[offset + 3] ?? 0) * 0x1000000) + (((buf[offset + 2] ?? 0) << 16) | ((buf[offset + 1] ?? 0) << 8) | (buf[offset] ?? 0));
}

/**
 * AVIF is an ISO-BMFF file: a leading `ftyp` box whose major or compatible
 * brands include avif/avis. Checking brands (not just `ftyp`) keeps HEIC and
 * MP4 files out, which share the container but are not AVIF.
 */
function isAvif(buf: Uint8Array): boolean {
  if (ascii(buf, 4, 4) !== 'ftyp') return false;
  // Real ftyp boxes list a handful of brands; the cap stops a forged huge
  // box size from making us scan a whole multi-megabyte buffer.
  const boxSize = Math.min(readUint32BE(buf, 0), buf.length, 256);
  const brands = [ascii(buf, 8, 4)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(buf, offset, 4));
  return brands.includes('avif') || brands.includes('avis');
}

/**
 * "BM" alone is too weak a signature (plenty of text starts with it), so also
 * require a known DIB header size.
 */
function isBmp(buf: Uint8Array): boolean {
  if (ascii(buf, 0, 2) !== 'BM') return false;
  return [12, 40, 52, 56, 64, 108, 124].includes(readUint32LE(buf, 14));
}

/** Identify an image container from its magic bytes only (never trusts Content-Type or file extension). */
export function sniffImageType(buf: Uint8Array): SniffedImageType | null {
  if (bytesEqual(buf, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (bytesEqual(buf, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 4) === 'WEBP') return 'webp';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (isAvif(buf)) return 'avif';
  if (bytesEqual(buf, 0, [0x49, 0x49, 0x2a, 0x00]) || bytesEqual(buf, 0, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (isBmp(buf)) return 'bmp';
  return null;
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/** Stable machine-readable codes (for metrics, logs, DB columns); `message` is the human text. */
export type RejectionReason =
  | 'not-an-image'
  | 'does-not-decode'
  | 'too-many-pixels'
  | 'too-small'
  | 'not-square'
  | 'not-a-cover'
  | 'known-placeholder';

/** A candidate image that must not become a cover. Not a bug: an expected outcome of a lookup. */
export class ImageRejectedError extends Error {
  readonly reason: RejectionReason;

  constructor(reason: RejectionReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageRejectedError';
    this.reason = reason;
  }
}

/**
 * Where a candidate comes from decides how it is judged. `local` (embedded, folder) is the user's
 * own art and `upload` their explicit choice: neither is ever rejected for its shape. `remote`
 * (a provider's answer, possibly a wrong match) must also be big enough and, for albums, square.
 * Uploads keep the remote minimum size: a user choosing a cover by hand can pick a better one.
 */
export type CandidateOrigin = 'local' | 'upload' | 'remote';

export interface ValidateOptions {
  kind: 'album' | 'artist';
  origin: CandidateOrigin;
  minRemoteSize?: number;
  maxPixels?: number;
  squareTolerance?: number;
  /** Injectable for tests; defaults to KNOWN_PLACEHOLDER_MD5. */
  knownPlaceholderMd5?: ReadonlySet<string>;
  /**
   * Decode every pixel to prove the file is whole (default). A caller that calls `normalise` next
   * may pass false: normalise decodes every pixel anyway, with the same `failOn`, and rejects a
   * broken file with the same ImageRejectedError, so the picture is decoded once instead of twice.
   */
  decode?: boolean;
}

export interface ValidatedImage {
  format: string;
  /** Display dimensions, i.e. after EXIF orientation. */
  width: number;
  height: number;
}

/** libvips messages can be multi-line stack-ish dumps; a human needs the first line. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

function isPixelLimitError(err: unknown): boolean {
  return err instanceof Error && /pixel limit/i.test(err.message);
}

function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}

/**
 * Decide whether candidate bytes may become a cover. Resolves with the real
 * format and display dimensions, or throws ImageRejectedError.
 *
 * Checks run cheapest first: magic bytes, MD5, header, then a full decode.
 */
export async function validateCandidate(buf: Buffer, opts: ValidateOptions): Promise<ValidatedImage> {
  const minRemoteSize = opts.minRemoteSize ?? DEFAULT_MIN_REMOTE_SIZE;
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const squareTolerance = opts.squareTolerance ?? DEFAULT_SQUARE_TOLERANCE;
  const knownPlaceholders = opts.knownPlaceholderMd5 ?? KNOWN_PLACEHOLDER_MD5;

  const sniffed = sniffImageType(buf);
  if (sniffed === null) {
    throw new ImageRejectedError('not-an-image', 'not an image (magic bytes)');
  }

  const md5 = createHash('md5').update(buf).digest('hex');
  if (knownPlaceholders.has(md5)) {
    throw new ImageRejectedError('known-placeholder', `known placeholder image (md5 ${md5})`);
  }

  // Header only, without the pixel limit, so an oversized image gets a clear
  // "too many pixels: WxH" instead of libvips' generic wording.
  let meta: sharp.Metadata;
  try {
    meta = await sharp(buf, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ImageRejectedError('does-not-decode', `does not decode: ${firstLine(err)}`, { cause: err });
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) {
    throw new ImageRejectedError('does-not-decode', 'does not decode: no dimensions in header');
  }
  if (width * height > maxPixels) {
    throw new ImageRejectedError(
      'too-many-pixels',
      `too many pixels: ${width}x${height} (${megapixels(width * height)}), limit ${megapixels(maxPixels)}`,
    );
  }

  // Headers of truncated or corrupt files usually parse fine; only decoding
  // every pixel proves the file is whole. stats() walks the full image.
  try {
    if (opts.decode !== false) await sharp(buf, { failOn: 'error', limitInputPixels: maxPixels }).stats();
  } catch (err) {
    if (isPixelLimitError(err)) {
      throw new ImageRejectedError('too-many-pixels', `too many pixels: ${width}x${height}`, { cause: err });
    }
    throw new ImageRejectedError('does-not-decode', `does not decode: ${firstLine(err)}`, { cause: err });
  }

  const shortSide = Math.min(width, height);
  const minSide = opts.origin === 'local' ? MIN_COVER_SIDE : Math.max(MIN_COVER_SIDE, minRemoteSize);
  if (shortSide < minSide) {
    throw new ImageRejectedError('too-small', `too small: ${width}x${height}, need at least ${minSide} px`);
  }

  // Album covers are square by convention; a wide remote image is almost always a wrong match (a
  // band photo, a banner). The user's own art (a 500x447 scan) is their cover whatever its shape.
  if (opts.kind === 'album' && opts.origin === 'remote') {
    const aspect = Math.max(width, height) / shortSide;
    if (aspect - 1 > squareTolerance + 1e-9) {
      throw new ImageRejectedError(
        'not-square',
        `not square: ${width}x${height} (aspect ${aspect.toFixed(2)}, allowed up to ${(1 + squareTolerance).toFixed(2)})`,
      );
    }
  }

  return { format: meta.format ?? sniffed, width, height };
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

export interface NormalisedImage {
  data: Buffer;
  format: 'webp';
  width: number;
  height: number;
  /** sha-256 hex of `data`: content address of the stored original. */
  hash: string;
  /** '#rrggbb' */
  dominantColor: string;
  /** base64 ThumbHash, for blurred previews while the real image loads. */
  thumbhash: string;
  /** Perceptual hash, 16 hex digits (phash.ts): the same picture at another size or quality has (nearly) the same. */
  phash: string;
}

function toHex(n: number): string {
  return Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
}

function rgbToHex(r: number, g: number, b: number): string {
  return `#${toHex(r)}${toHex(g)}${toHex(b)}`;
}

/**
 * Thumbhash and dominant colour both come from one <= 100x100 RGBA thumbnail:
 * the dominant colour is a coarse 4096-bin histogram anyway, and running
 * stats() on the full 1500 px image cost ~60 ms per cover on a desktop CPU.
 */
async function summarise(raw: Buffer, rawInfo: sharp.Raw): Promise<{ dominantColor: string; thumbhash: string }> {
  const { data, info } = await sharp(raw, { raw: rawInfo })
    .resize(100, 100, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const stats = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).stats();
  const { r, g, b } = stats.dominant;
  return {
    dominantColor: rgbToHex(r, g, b),
    thumbhash: Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64'),
  };
}

/**
 * Why these pixels are not a cover at all, or null: nothing visible (alpha at most
 * FLAT_COLOUR_RANGE everywhere), or one flat colour (every channel, alpha included, within
 * FLAT_COLOUR_RANGE). Stops at the first pixel that settles both questions, so a real picture
 * costs a few pixels, not a pass over the image. Pure; `raw` is interleaved 8-bit pixels with
 * alpha last when `channels` is 2 or 4.
 */
export function blankness(raw: Uint8Array, channels: number): 'a single flat colour' | 'fully transparent' | null {
  const hasAlpha = channels === 2 || channels === 4;
  const min = Array.from(raw.subarray(0, channels));
  const max = [...min];
  let varied = false;
  let visible = !hasAlpha;
  for (let i = 0; i + channels <= raw.length && !(varied && visible); i += channels) {
    if (hasAlpha && raw[i + channels - 1]! > FLAT_COLOUR_RANGE) visible = true;
    for (let c = 0; c < channels && !varied; c++) {
      const v = raw[i + c]!;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
      if (max[c]! - min[c]! > FLAT_COLOUR_RANGE) varied = true;
    }
  }
  if (!visible) return 'fully transparent';
  return varied ? null : 'a single flat colour';
}

/**
 * Turn an accepted candidate into the canonical stored original: upright,
 * sRGB, no metadata (EXIF can leak GPS and is useless here), at most maxSide,
 * high-quality webp. Alpha is kept (webp supports it; transparent artist PNGs
 * stay transparent).
 *
 * The original is decoded once into raw pixels; encoding, colour stats and the
 * thumbhash all start from those pixels, which matters on a Pi.
 */
export async function normalise(buf: Buffer, opts?: { maxSide?: number; maxPixels?: number }): Promise<NormalisedImage> {
  const maxSide = opts?.maxSide ?? DEFAULT_NORMALISED_MAX_SIDE;
  const maxPixels = opts?.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(maxSide) || maxSide < 1) {
    throw new RangeError(`normalise: maxSide must be a positive integer, got ${String(maxSide)}`);
  }

  let raw: Buffer;
  let rawInfo: sharp.Raw;
  try {
    const decoded = await sharp(buf, { failOn: 'error', limitInputPixels: maxPixels })
      .rotate()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    raw = decoded.data;
    const channels = decoded.info.channels;
    if (channels !== 3 && channels !== 4) {
      throw new Error(`unexpected channel count ${channels} after sRGB conversion`);
    }
    rawInfo = { width: decoded.info.width, height: decoded.info.height, channels };
  } catch (err) {
    throw new ImageRejectedError('does-not-decode', `does not decode: ${firstLine(err)} (${buf.length} bytes)`, { cause: err });
  }
  const blank = blankness(raw, rawInfo.channels);
  if (blank) throw new ImageRejectedError('not-a-cover', `not a cover: ${blank} (${rawInfo.width}x${rawInfo.height})`);

  const [encoded, summary, phash] = await Promise.all([
    // effort 4 (sharp's default) is the knee of the size/CPU curve; normalise
    // runs once per cover in a background job, so a little extra CPU is fine.
    sharp(raw, { raw: rawInfo }).webp({ quality: 90, effort: 4 }).toBuffer({ resolveWithObject: true }),
    summarise(raw, rawInfo),
    perceptualHash({ raw, info: rawInfo }),
  ]);

  return {
    data: encoded.data,
    format: 'webp',
    width: encoded.info.width,
    height: encoded.info.height,
    hash: createHash('sha256').update(encoded.data).digest('hex'),
    dominantColor: summary.dominantColor,
    thumbhash: summary.thumbhash,
    phash,
  };
}

// ---------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------

/** Guard for user-supplied ?size= values before snapping. */
export function isValidRequestedSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 4096;
}

/**
 * The size a request is served at: the smallest SIZE_LADDER step >= requested (the top step for
 * requests above it), but never above the original's long side, which is then served itself (a
 * 500 px original asked at 512 or 1024 answers 500 px): upscaling only burns CPU and cache space
 * for a blurrier image, and a smaller step looks soft at 2x density. A variant fits inside
 * size x size, so the size is its long side. Undefined means DEFAULT_VARIANT.size.
 */
export function snapSize(requested: number | undefined, originalWidth: number, originalHeight: number): number {
  const want = requested ?? DEFAULT_VARIANT.size;
  if (!Number.isFinite(want) || want <= 0) {
    throw new RangeError(`snapSize: requested size must be a positive number, got ${String(requested)}`);
  }
  const largest = SIZE_LADDER[SIZE_LADDER.length - 1]!;
  const wanted = SIZE_LADDER.find((step) => step >= want) ?? largest;
  return Math.max(1, Math.min(wanted, Math.max(originalWidth, originalHeight)));
}

export interface VariantSize {
  /** The size in the URL: the long side of the variant. */
  size: number;
  width: number;
  height: number;
}

/** Real pixel dimensions of the variant of a width x height original at `size` (fit inside, never enlarged). */
export function variantDimensions(size: number, originalWidth: number, originalHeight: number): VariantSize {
  const scale = Math.min(1, size / Math.max(originalWidth, originalHeight));
  return {
    size,
    width: Math.max(1, Math.round(originalWidth * scale)),
    height: Math.max(1, Math.round(originalHeight * scale)),
  };
}

/**
 * Every size a width x height original can be served at, smallest first: the ladder steps below
 * its long side, then the long side itself (or the top step). What `srcset` lists. Pure.
 */
export function variantSizes(originalWidth: number, originalHeight: number): VariantSize[] {
  const sizes = new Set<number>();
  for (const step of SIZE_LADDER) sizes.add(snapSize(step, originalWidth, originalHeight));
  return [...sizes].map((size) => variantDimensions(size, originalWidth, originalHeight));
}

function assertRenderSize(fn: string, size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > 4096) {
    throw new RangeError(`${fn}: size must be an integer in 1..4096, got ${String(size)}`);
  }
}

/**
 * Render a variant of a stored original (normally the output of normalise): fits inside
 * size x size with its aspect kept (a 500x447 cover stays 500x447 in shape; nothing is cropped
 * away), never enlarged.
 */
export async function renderVariant(
  original: Buffer,
  size: number,
  format: ImageFormat,
  opts?: { maxPixels?: number },
): Promise<Buffer> {
  assertRenderSize('renderVariant', size);

  try {
    const pipeline = sharp(original, { failOn: 'error', limitInputPixels: opts?.maxPixels ?? DEFAULT_MAX_PIXELS })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');

    switch (format) {
      case 'webp':
        return await pipeline.webp({ quality: 80, effort: 4 }).toBuffer();
      case 'jpeg':
        // JPEG has no alpha; flatten explicitly on white rather than let
        // libvips pick black for transparent artist PNGs.
        return await pipeline
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 82, mozjpeg: true, progressive: true })
          .toBuffer();
      case 'avif':
        return await pipeline.avif({ quality: 50, effort: 4 }).toBuffer();
      default: {
        const unknownFormat: never = format;
        throw new RangeError(`renderVariant: unsupported format ${String(unknownFormat)}`);
      }
    }
  } catch (err) {
    if (err instanceof RangeError) throw err;
    throw new Error(`renderVariant: cannot render ${size}px ${format} (${original.length} bytes in): ${firstLine(err)}`, {
      cause: err,
    });
  }
}

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

/**
 * Built-in stroke font, so placeholders never depend on system fonts (a Pi or
 * a CI container may have none, and librsvg then silently draws nothing).
 *
 * Each glyph is SVG path data on a 4 (wide) x 6 (tall) grid, y pointing down,
 * drawn as round-capped strokes. Corners are chamfered by one unit, which
 * reads as letters at any size without needing curves.
 */
const GLYPH_WIDTH = 4;
const GLYPH_HEIGHT = 6;
const GLYPH_GAP = 2;
const STROKE_WIDTH = 0.9;

const STROKE_FONT: Readonly<Record<string, string>> = {
  A: 'M0 6 V2 L2 0 L4 2 V6 M0 3.8 H4',
  B: 'M0 0 V6 H3 L4 5 V4 L3 3 H0 M0 0 H3 L4 1 V2 L3 3',
  C: 'M4 1 L3 0 H1 L0 1 V5 L1 6 H3 L4 5',
  D: 'M0 0 V6 H2.5 L4 4.5 V1.5 L2.5 0 Z',
  E: 'M4 0 H0 V6 H4 M0 3 H3',
  F: 'M4 0 H0 V6 M0 3 H3',
  G: 'M4 1 L3 0 H1 L0 1 V5 L1 6 H3 L4 5 V3.5 H2.2',
  H: 'M0 0 V6 M4 0 V6 M0 3 H4',
  I: 'M1 0 H3 M2 0 V6 M1 6 H3',
  J: 'M1.5 0 H4 V5 L3 6 H1 L0 5',
  K: 'M0 0 V6 M4 0 L0 4 M1.5 2.5 L4 6',
  L: 'M0 0 V6 H4',
  M: 'M0 6 V0 L2 3 L4 0 V6',
  N: 'M0 6 V0 L4 6 V0',
  O: 'M1 0 H3 L4 1 V5 L3 6 H1 L0 5 V1 Z',
  P: 'M0 6 V0 H3 L4 1 V2 L3 3 H0',
  Q: 'M1 0 H3 L4 1 V5 L3 6 H1 L0 5 V1 Z M2.5 4.5 L4 6',
  R: 'M0 6 V0 H3 L4 1 V2 L3 3 H0 M2 3 L4 6',
  S: 'M4 1 L3 0 H1 L0 1 V2 L1 3 H3 L4 4 V5 L3 6 H1 L0 5',
  T: 'M0 0 H4 M2 0 V6',
  U: 'M0 0 V5 L1 6 H3 L4 5 V0',
  V: 'M0 0 L2 6 L4 0',
  W: 'M0 0 L1 6 L2 3 L3 6 L4 0',
  X: 'M0 0 L4 6 M4 0 L0 6',
  Y: 'M0 0 L2 3 L4 0 M2 3 V6',
  Z: 'M0 0 H4 L0 6 H4',
  '0': 'M1 0 H3 L4 1 V5 L3 6 H1 L0 5 V1 Z M4 1 L0 5',
  '1': 'M1 1 L2 0 V6 M1 6 H3',
  '2': 'M0 1 L1 0 H3 L4 1 V2 L0 6 H4',
  '3': 'M0 1 L1 0 H3 L4 1 V2 L3 3 H1.5 M3 3 L4 4 V5 L3 6 H1 L0 5',
  '4': 'M3 6 V0 L0 4 H4',
  '5': 'M4 0 H0 V3 H3 L4 4 V5 L3 6 H1 L0 5',
  '6': 'M3.5 0 H1 L0 1 V5 L1 6 H3 L4 5 V4 L3 3 H0',
  '7': 'M0 0 H4 L1.5 6',
  '8': 'M1 0 H3 L4 1 V2 L3 3 H1 L0 2 V1 Z M1 3 L0 4 V5 L1 6 H3 L4 5 V4 L3 3',
  '9': 'M4 3 H1 L0 2 V1 L1 0 H3 L4 1 V5 L3 6 H0.5',
  '?': 'M0 1 L1 0 H3 L4 1 V2 L2 3.5 V4.2 M2 5.9 V6',
};

/** Characters the built-in font can draw (for tests and callers that want to know). */
export const PLACEHOLDER_GLYPHS: readonly string[] = Object.keys(STROKE_FONT);

const FALLBACK_INITIAL = '?';

/** First drawable character of a word, folding accents (Ólafur -> O) and case. */
function drawableInitial(word: string): string | undefined {
  const folded = word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  return [...folded].find((ch) => ch !== FALLBACK_INITIAL && STROKE_FONT[ch] !== undefined);
}

/**
 * Up to two initials: the first drawable letter/digit of each of the first two
 * words that have one ("The Beatles" -> "TB", "50 Cent" -> "5C"). Names with
 * nothing drawable (punctuation, scripts the font lacks) give "?".
 */
export function placeholderInitials(name: string): string {
  const initials: string[] = [];
  for (const word of name.trim().split(/\s+/u)) {
    const initial = drawableInitial(word);
    if (initial !== undefined) initials.push(initial);
    if (initials.length === 2) break;
  }
  return initials.length > 0 ? initials.join('') : FALLBACK_INITIAL;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const sector = Math.floor(hue / 60);
  const [r, g, b] =
    sector === 0 ? [chroma, x, 0]
    : sector === 1 ? [x, chroma, 0]
    : sector === 2 ? [0, chroma, x]
    : sector === 3 ? [0, x, chroma]
    : sector === 4 ? [x, 0, chroma]
    : [chroma, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/**
 * Background colour of a placeholder, deterministic per name (case and
 * surrounding whitespace ignored, so "the beatles" and "The Beatles" match).
 * Saturation 50% / lightness 32% keeps white text at a WCAG contrast >= 4.5
 * for every hue (yellow is the worst case), while hues stay distinguishable.
 */
export function placeholderColor(name: string): string {
  const key = name.trim().normalize('NFC').toLowerCase();
  const digest = createHash('sha256').update(key).digest();
  const hue = digest.readUInt32BE(0) % 360;
  const [r, g, b] = hslToRgb(hue, 0.5, 0.32);
  return rgbToHex(r, g, b);
}

/** The SVG behind renderPlaceholder: paths only, no <text>, so no font lookup ever happens. */
export function placeholderSvg(name: string, size: number): string {
  const initials = placeholderInitials(name);
  const glyphs = [...initials];
  const textUnitsWide = glyphs.length * GLYPH_WIDTH + (glyphs.length - 1) * GLYPH_GAP;
  // Glyphs are ~36% of the tile height: readable at 64 px, not shouty at 1024.
  const scale = (size * 0.36) / GLYPH_HEIGHT;
  const offsetX = (size - textUnitsWide * scale) / 2;
  const offsetY = (size - GLYPH_HEIGHT * scale) / 2;

  const paths = glyphs
    .map((ch, i) => {
      const d = STROKE_FONT[ch] ?? STROKE_FONT[FALLBACK_INITIAL] ?? '';
      return `<path transform="translate(${i * (GLYPH_WIDTH + GLYPH_GAP)} 0)" d="${d}"/>`;
    })
    .join('');

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `<rect width="${size}" height="${size}" fill="${placeholderColor(name)}"/>` +
    `<g transform="translate(${offsetX.toFixed(3)} ${offsetY.toFixed(3)}) scale(${scale.toFixed(5)})" ` +
    `fill="none" stroke="#ffffff" stroke-width="${STROKE_WIDTH}" stroke-linecap="round" stroke-linejoin="round">` +
    paths +
    `</g></svg>`
  );
}

/**
 * A generated cover for albums/artists without art: initials on a colour
 * derived from the name. PNG (lossless) so renderVariant can re-encode it to
 * any format without a second generation of compression artefacts.
 */
export async function renderPlaceholder(name: string, size = 512): Promise<Buffer> {
  assertRenderSize('renderPlaceholder', size);
  try {
    return await sharp(Buffer.from(placeholderSvg(name, size)))
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch (err) {
    throw new Error(`renderPlaceholder: cannot render ${size}px placeholder for ${JSON.stringify(name)}: ${firstLine(err)}`, {
      cause: err,
    });
  }
}
