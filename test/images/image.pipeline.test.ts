import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VARIANT,
  ImageRejectedError,
  KNOWN_PLACEHOLDER_MD5,
  PLACEHOLDER_GLYPHS,
  SIZE_LADDER,
  isValidRequestedSize,
  normalise,
  placeholderColor,
  placeholderInitials,
  placeholderSvg,
  renderPlaceholder,
  renderVariant,
  blankness,
  snapSize,
  sniffImageType,
  variantDimensions,
  variantSizes,
  validateCandidate,
  type ImageFormat,
  type NormalisedImage,
  type RejectionReason,
  type ValidateOptions,
} from '../../src/images/image.pipeline.js';

// ---------------------------------------------------------------------------
// Fixtures, generated with sharp itself
// ---------------------------------------------------------------------------

function solid(width: number, height: number, background: string): sharp.Sharp {
  return sharp({ create: { width, height, channels: 3, background } });
}

/**
 * A colour with a gentle left-to-right shading (each channel moves up to 8 levels towards mid-grey):
 * reads as `background` (mean within 4 levels) but is not one flat colour, which is not a cover.
 */
function shaded(width: number, height: number, background: string): sharp.Sharp {
  const [r, g, b] = hexToRgb(background.length === 4 ? `#${[...background.slice(1)].map((c) => c + c).join('')}` : background);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shift = Math.round((8 * x) / Math.max(1, width - 1));
      [r, g, b].forEach((v, c) => (pixels[(y * width + x) * 3 + c] = v >= 128 ? v - shift : v + shift));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Deterministic pseudo-random pixels: compresses badly, so a JPEG of it is big enough to truncate meaningfully. */
function noise(width: number, height: number, seed = 1): sharp.Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed >>> 0;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Minimal 2x2 24-bit BMP written by hand (sharp cannot encode BMP). */
function tinyBmp(): Buffer {
  const rowSize = 8; // 2 px * 3 bytes, padded to 4
  const pixelBytes = rowSize * 2;
  const buf = Buffer.alloc(54 + pixelBytes);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  buf.writeInt32LE(2, 18);
  buf.writeInt32LE(2, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(pixelBytes, 34);
  return buf;
}

async function rawPixels(image: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function relativeLuminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number): number => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

async function expectRejected(
  promise: Promise<unknown>,
  reason: RejectionReason,
  message: string | RegExp,
): Promise<ImageRejectedError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageRejectedError);
  const rejected = err as ImageRejectedError;
  expect(rejected.name).toBe('ImageRejectedError');
  expect(rejected.reason).toBe(reason);
  if (typeof message === 'string') expect(rejected.message).toBe(message);
  else expect(rejected.message).toMatch(message);
  return rejected;
}

const remoteAlbum: ValidateOptions = { kind: 'album', origin: 'remote' };
const localAlbum: ValidateOptions = { kind: 'album', origin: 'local' };

// ---------------------------------------------------------------------------
// sniffImageType
// ---------------------------------------------------------------------------

describe('sniffImageType', () => {
  it.each([
    ['jpeg', () => solid(8, 8, '#f00').jpeg().toBuffer()],
    ['png', () => solid(8, 8, '#f00').png().toBuffer()],
    ['webp', () => solid(8, 8, '#f00').webp().toBuffer()],
    ['gif', () => solid(8, 8, '#f00').gif().toBuffer()],
    ['avif', () => solid(8, 8, '#f00').avif().toBuffer()],
    ['tiff', () => solid(8, 8, '#f00').tiff().toBuffer()],
    ['bmp', async () => tinyBmp()],
  ] as const)('recognises %s', async (expected, make) => {
    expect(sniffImageType(await make())).toBe(expected);
  });

  it('recognises big-endian TIFF and GIF87a', () => {
    expect(sniffImageType(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('tiff');
    expect(sniffImageType(Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'))).toBe('gif');
  });

  it('returns null for non-images and look-alikes', () => {
    expect(sniffImageType(new Uint8Array())).toBeNull();
    expect(sniffImageType(Buffer.from('<html><body>Not found</body></html>'))).toBeNull();
    expect(sniffImageType(Buffer.from('BMW is not a bitmap, even with enough bytes after it'))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull(); // too short for a JPEG SOI + marker
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    // HEIC shares the ISO-BMFF container with AVIF but is not AVIF.
    const heic = Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1');
    expect(sniffImageType(heic)).toBeNull();
  });

  it('recognises AVIF through a compatible brand', () => {
    const avifCompat = Buffer.from('\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1miafavif', 'latin1');
    expect(sniffImageType(avifCompat)).toBe('avif');
  });

  it('returns null for random bytes', () => {
    // Fixed bytes (not Math.random) so the test cannot flake on a lucky prefix.
    const bytes = Buffer.from('3a9c17e2b4d0f6587e21c3a4b5d6e7f8091a2b3c4d5e6f70', 'hex');
    expect(sniffImageType(bytes)).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// validateCandidate
// ---------------------------------------------------------------------------

describe('validateCandidate', () => {
  it('accepts a square remote album cover and reports format and size', async () => {
    const jpeg = await noise(600, 600).jpeg().toBuffer();
    await expect(validateCandidate(jpeg, remoteAlbum)).resolves.toEqual({ format: 'jpeg', width: 600, height: 600 });
  });

  it('accepts covers within the square tolerance', async () => {
    const png = await solid(600, 550, '#123456').png().toBuffer(); // aspect 1.09
    await expect(validateCandidate(png, remoteAlbum)).resolves.toMatchObject({ format: 'png', width: 600, height: 550 });
  });

  it('rejects random bytes as not an image', async () => {
    const bytes = Buffer.from('3a9c17e2b4d0f6587e21c3a4b5d6e7f8091a2b3c4d5e6f70', 'hex');
    await expectRejected(validateCandidate(bytes, remoteAlbum), 'not-an-image', 'not an image (magic bytes)');
  });

  it('rejects an HTML error page served as image/jpeg', async () => {
    await expectRejected(
      validateCandidate(Buffer.from('<!doctype html><title>404</title>'), remoteAlbum),
      'not-an-image',
      'not an image (magic bytes)',
    );
  });

  it('rejects a truncated JPEG whose header still parses', async () => {
    const jpeg = await noise(400, 400).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    // Sanity: the header alone looks fine, which is why we must decode pixels.
    expect((await sharp(truncated).metadata()).width).toBe(400);
    const err = await expectRejected(validateCandidate(truncated, remoteAlbum), 'does-not-decode', /^does not decode: \S/);
    expect(err.message).not.toContain('\n');
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('rejects an image type libvips cannot decode (BMP) with its message', async () => {
    await expectRejected(validateCandidate(tinyBmp(), { kind: 'artist', origin: 'local' }), 'does-not-decode', /^does not decode: /);
  });

  it('rejects small remote and uploaded images, but not small local ones', async () => {
    const png = await solid(150, 150, '#336699').png().toBuffer();
    await expectRejected(validateCandidate(png, remoteAlbum), 'too-small', 'too small: 150x150, need at least 200 px');
    await expectRejected(validateCandidate(png, { kind: 'album', origin: 'upload' }), 'too-small', 'too small: 150x150, need at least 200 px');
    await expect(validateCandidate(png, localAlbum)).resolves.toMatchObject({ width: 150 });
  });

  it('rejects what is under 64 px on the short side from every source, a 1x1 GIF included', async () => {
    const gif = await solid(1, 1, '#ffffff').gif().toBuffer();
    expect(sniffImageType(gif)).toBe('gif');
    for (const origin of ['local', 'upload', 'remote'] as const) {
      await expectRejected(validateCandidate(gif, { kind: 'album', origin }), 'too-small', /^too small: 1x1, need at least (64|200) px$/);
    }
    await expectRejected(validateCandidate(await noise(300, 63).png().toBuffer(), { kind: 'artist', origin: 'local' }), 'too-small', 'too small: 300x63, need at least 64 px');
    await expect(validateCandidate(await noise(64, 64).png().toBuffer(), localAlbum)).resolves.toMatchObject({ width: 64 });
  });

  it('honours a custom minRemoteSize', async () => {
    const png = await solid(250, 250, '#336699').png().toBuffer();
    await expectRejected(
      validateCandidate(png, { ...remoteAlbum, minRemoteSize: 300 }),
      'too-small',
      'too small: 250x250, need at least 300 px',
    );
  });

  it('rejects non-square remote album covers, but takes the user\'s own (local, uploaded) and artist images of any shape', async () => {
    const wide = await solid(600, 300, '#884422').jpeg().toBuffer();
    await expectRejected(validateCandidate(wide, remoteAlbum), 'not-square', /^not square: 600x300\b/);
    const scan = await solid(500, 447, '#884422').jpeg().toBuffer();
    await expectRejected(validateCandidate(scan, remoteAlbum), 'not-square', /^not square: 500x447\b/);
    for (const origin of ['local', 'upload'] as const) {
      await expect(validateCandidate(wide, { kind: 'album', origin })).resolves.toEqual({ format: 'jpeg', width: 600, height: 300 });
      await expect(validateCandidate(scan, { kind: 'album', origin })).resolves.toEqual({ format: 'jpeg', width: 500, height: 447 });
    }
    await expect(validateCandidate(wide, { kind: 'artist', origin: 'remote' })).resolves.toEqual({
      format: 'jpeg',
      width: 600,
      height: 300,
    });
  });

  it('honours a custom squareTolerance', async () => {
    const png = await solid(600, 500, '#123456').png().toBuffer(); // aspect 1.2
    await expectRejected(validateCandidate(png, remoteAlbum), 'not-square', /^not square: 600x500/);
    await expect(validateCandidate(png, { ...remoteAlbum, squareTolerance: 0.25 })).resolves.toMatchObject({ width: 600 });
  });

  it('rejects known placeholder images by md5 of the raw bytes', async () => {
    const png = await solid(300, 300, '#777777').png().toBuffer();
    const md5 = createHash('md5').update(png).digest('hex');
    await expectRejected(
      validateCandidate(png, { ...remoteAlbum, knownPlaceholderMd5: new Set([md5]) }),
      'known-placeholder',
      `known placeholder image (md5 ${md5})`,
    );
    // The default set does not contain our synthetic image.
    await expect(validateCandidate(png, remoteAlbum)).resolves.toMatchObject({ width: 300 });
  });

  it('ships the Last.fm grey star in the default placeholder set', () => {
    expect(KNOWN_PLACEHOLDER_MD5.has('2a96cbd8b46e442fc41c2b86b821562f')).toBe(true);
  });

  it('rejects images with too many pixels', async () => {
    const png = await solid(600, 600, '#123456').png().toBuffer();
    await expectRejected(validateCandidate(png, { ...remoteAlbum, maxPixels: 100_000 }), 'too-many-pixels', /^too many pixels: 600x600/);
  });

  it('reports display dimensions (after EXIF orientation)', async () => {
    const rotated = await solid(300, 200, '#00f').png().withMetadata({ orientation: 6 }).toBuffer();
    await expect(validateCandidate(rotated, { kind: 'artist', origin: 'remote' })).resolves.toEqual({
      format: 'png',
      width: 200,
      height: 300,
    });
  });
});

// ---------------------------------------------------------------------------
// normalise
// ---------------------------------------------------------------------------

describe('normalise', () => {
  it('caps the long side to 1500 px and encodes webp', async () => {
    const big = await noise(2000, 1000).jpeg().toBuffer();
    const out = await normalise(big);
    expect(out).toMatchObject({ format: 'webp', width: 1500, height: 750 });
    expect(sniffImageType(out.data)).toBe('webp');
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 1500, 750]);
  });

  it('honours maxSide and never enlarges', async () => {
    const png = await shaded(300, 200, '#00ff00').png().toBuffer();
    expect(await normalise(png, { maxSide: 100 })).toMatchObject({ width: 100, height: 67 });
    expect(await normalise(png)).toMatchObject({ width: 300, height: 200 });
  });

  it('hashes the output: stable for identical input, different for different input', async () => {
    const a = await noise(320, 320, 1).png().toBuffer();
    const b = await noise(320, 320, 2).png().toBuffer();
    const [a1, a2, b1] = await Promise.all([normalise(a), normalise(Buffer.from(a)), normalise(b)]);
    expect(a1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a1.hash).toBe(createHash('sha256').update(a1.data).digest('hex'));
    expect(a2.hash).toBe(a1.hash);
    expect(a2.data.equals(a1.data)).toBe(true);
    expect(b1.hash).not.toBe(a1.hash);
  });

  it('finds red as the dominant colour of a red image', async () => {
    const red = await shaded(400, 400, '#ff0000').jpeg().toBuffer();
    const { dominantColor } = await normalise(red);
    expect(dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    const [r, g, b] = hexToRgb(dominantColor);
    expect(r).toBeGreaterThanOrEqual(224);
    expect(g).toBeLessThanOrEqual(32);
    expect(b).toBeLessThanOrEqual(32);
  });

  it('produces a decodable base64 thumbhash of the right colour and shape', async () => {
    const blue = await shaded(600, 300, '#0000ff').png().toBuffer();
    const { thumbhash } = await normalise(blue);
    expect(thumbhash).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const bytes = Buffer.from(thumbhash, 'base64');
    expect(bytes.length).toBeGreaterThan(4);
    const decoded = thumbHashToRGBA(bytes);
    expect(decoded.w).toBeGreaterThan(decoded.h); // landscape survives
    const avg = thumbHashToAverageRGBA(bytes);
    expect(avg.b).toBeGreaterThan(0.8);
    expect(avg.r).toBeLessThan(0.2);
  });

  it('auto-orients from EXIF and strips metadata', async () => {
    const png = await shaded(40, 20, '#00f').png().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(png).metadata()).orientation).toBe(6);
    const out = await normalise(png);
    expect([out.width, out.height]).toEqual([20, 40]);
    const meta = await sharp(out.data).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  it('converts CMYK input to sRGB', async () => {
    const cmyk = await shaded(64, 64, '#cc3300').toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const out = await normalise(cmyk);
    const meta = await sharp(out.data).metadata();
    expect(meta.space).toBe('srgb');
    expect(meta.channels).toBe(3);
  });

  it('keeps transparency', async () => {
    // A red disc on a transparent background: one colour, but a shape.
    const disc = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="24" fill="#f00"/></svg>');
    const out = await normalise(await sharp(disc).png().toBuffer());
    expect((await sharp(out.data).metadata()).hasAlpha).toBe(true);
  });

  it('rejects what is not a cover at all: one flat colour, or nothing visible', async () => {
    await expectRejected(normalise(await solid(300, 300, '#ff8000').jpeg().toBuffer()), 'not-a-cover', 'not a cover: a single flat colour (300x300)');
    await expectRejected(normalise(await solid(500, 447, '#000000').png().toBuffer()), 'not-a-cover', 'not a cover: a single flat colour (500x447)');
    const clear = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    await expectRejected(normalise(clear), 'not-a-cover', 'not a cover: fully transparent (64x64)');
    // Transparent everywhere, whatever colour the hidden pixels hold.
    const hidden = await noise(64, 64).ensureAlpha(0).png().toBuffer();
    await expectRejected(normalise(hidden), 'not-a-cover', 'not a cover: fully transparent (64x64)');
    // A gentle shading is a picture, and so is one flat colour with a small mark.
    await expect(normalise(await shaded(300, 300, '#ff8000').jpeg().toBuffer())).resolves.toMatchObject({ width: 300 });
    const mark = await solid(8, 8, '#ffffff').png().toBuffer();
    const marked = await solid(300, 300, '#000000').composite([{ input: mark, left: 290, top: 290 }]).png().toBuffer();
    await expect(normalise(marked)).resolves.toMatchObject({ width: 300 });
  });

  it('fails with context on undecodable input', async () => {
    const jpeg = await noise(200, 200).jpeg().toBuffer();
    await expect(normalise(jpeg.subarray(0, jpeg.length >> 1))).rejects.toThrow(/^does not decode: .* \(\d+ bytes\)$/);
  });
});

// ---------------------------------------------------------------------------
// snapSize / isValidRequestedSize
// ---------------------------------------------------------------------------

describe('snapSize', () => {
  it.each([
    // requested, width, height, expected
    [undefined, 3000, 3000, 256],
    [1, 3000, 3000, 64],
    [64, 3000, 3000, 64],
    [65, 3000, 3000, 128],
    [256, 3000, 3000, 256],
    [300, 1000, 1000, 512],
    [300, 300, 300, 300], // above the original: the original's own size, not 256
    [512, 500, 500, 500],
    [1024, 500, 500, 500],
    [4096, 500, 447, 500],
    [200, 500, 447, 256],
    [1024, 1000, 1000, 1000],
    [2000, 3000, 3000, 1024],
    [4096, 3000, 3000, 1024],
    [500, 1200, 700, 512], // a variant fits inside size x size: the long side decides
    [1024, 1200, 700, 1024],
    [1024, 447, 500, 500],
    [256, 40, 40, 40], // never enlarged
    [undefined, 200, 200, 200],
    [100.5, 3000, 3000, 128],
  ] as const)('snapSize(%s, %i, %i) = %i', (requested, width, height, expected) => {
    expect(snapSize(requested, width, height)).toBe(expected);
  });

  it('returns a ladder step, or the long side of an original smaller than the step', () => {
    for (let requested = 1; requested <= 1500; requested += 37) {
      for (const side of [10, 63, 64, 100, 255, 256, 700, 1023, 1024, 5000]) {
        const snapped = snapSize(requested, side, side + 1);
        if (snapped === side + 1) expect(SIZE_LADDER.find((s) => s >= requested) ?? 1024).toBeGreaterThan(side);
        else expect(SIZE_LADDER).toContain(snapped);
      }
    }
  });

  it('defaults to DEFAULT_VARIANT.size', () => {
    expect(snapSize(undefined, 2000, 2000)).toBe(DEFAULT_VARIANT.size);
    expect(DEFAULT_VARIANT).toEqual({ size: 256, format: 'webp' });
  });

  it('refuses nonsense', () => {
    expect(() => snapSize(0, 100, 100)).toThrow(RangeError);
    expect(() => snapSize(-5, 100, 100)).toThrow(RangeError);
    expect(() => snapSize(Number.NaN, 100, 100)).toThrow(/snapSize: requested size must be a positive number, got NaN/);
  });
});

describe('variantSizes', () => {
  it.each([
    [3000, 3000, [[64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024]]],
    [500, 500, [[64, 64, 64], [128, 128, 128], [256, 256, 256], [500, 500, 500]]],
    [500, 447, [[64, 64, 57], [128, 128, 114], [256, 256, 229], [500, 500, 447]]],
    [447, 500, [[64, 57, 64], [128, 114, 128], [256, 229, 256], [500, 447, 500]]],
    [512, 512, [[64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512]]],
    [1500, 750, [[64, 64, 32], [128, 128, 64], [256, 256, 128], [512, 512, 256], [1024, 1024, 512]]],
    [300, 300, [[64, 64, 64], [128, 128, 128], [256, 256, 256], [300, 300, 300]]],
  ] as const)('%ix%i -> %j ([size, width, height])', (width, height, expected) => {
    expect(variantSizes(width, height).map((v) => [v.size, v.width, v.height])).toEqual(expected);
  });

  it('says the real dimensions renderVariant produces', async () => {
    for (const [w, h] of [[500, 447], [447, 500], [1500, 750], [301, 299], [999, 1000]] as const) {
      const original = await noise(w, h).png().toBuffer();
      for (const { size, width, height } of variantSizes(w, h)) {
        const meta = await sharp(await renderVariant(original, size, 'webp')).metadata();
        expect([meta.width, meta.height], `${w}x${h} at ${size}`).toEqual([width, height]);
      }
    }
    expect(variantDimensions(2048, 500, 447)).toEqual({ size: 2048, width: 500, height: 447 }); // never enlarged
  });
});

describe('blankness', () => {
  const px = (...pixels: number[][]) => Uint8Array.from(pixels.flat());
  it.each([
    ['one grey pixel', px([128]), 1, 'a single flat colour'],
    ['flat RGB', px([10, 20, 30], [10, 20, 30], [10, 20, 30]), 3, 'a single flat colour'],
    ['RGB within 2 levels', px([10, 20, 30], [12, 18, 31], [11, 20, 29]), 3, 'a single flat colour'],
    ['RGB 3 levels apart', px([10, 20, 30], [10, 23, 30]), 3, null],
    ['opaque flat RGBA', px([1, 2, 3, 255], [1, 2, 3, 255]), 4, 'a single flat colour'],
    ['transparent RGBA', px([1, 2, 3, 0], [200, 2, 3, 0], [9, 90, 3, 2]), 4, 'fully transparent'],
    ['one colour, varying alpha (a shape)', px([255, 0, 0, 0], [255, 0, 0, 255]), 4, null],
    ['varied RGBA', px([0, 0, 0, 255], [255, 255, 255, 255]), 4, null],
    ['grey + alpha, transparent', px([0, 0], [255, 1]), 2, 'fully transparent'],
    ['grey + alpha, varied', px([0, 255], [255, 255]), 2, null],
  ] as const)('%s', (_name, raw, channels, expected) => {
    expect(blankness(raw, channels)).toBe(expected);
  });
});

describe('isValidRequestedSize', () => {
  it.each([
    [1, true],
    [64, true],
    [4096, true],
    [0, false],
    [-1, false],
    [4097, false],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ['256', false],
    [undefined, false],
  ] as const)('isValidRequestedSize(%s) = %s', (n, expected) => {
    expect(isValidRequestedSize(n)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------
// renderVariant
// ---------------------------------------------------------------------------

describe('renderVariant', () => {
  // One normalised original shared by the format/size table: normalising is the slow part.
  let original: Promise<NormalisedImage> | undefined;
  const sharedOriginal = (): Promise<NormalisedImage> =>
    (original ??= noise(1200, 1000).jpeg().toBuffer().then((jpeg) => normalise(jpeg)));

  const expectedMeta: Record<ImageFormat, { format: string; sniff: string }> = {
    webp: { format: 'webp', sniff: 'webp' },
    jpeg: { format: 'jpeg', sniff: 'jpeg' },
    avif: { format: 'heif', sniff: 'avif' }, // libvips reports AVIF as heif/av1
  };

  it.each([
    ['webp', 64],
    ['webp', 256],
    ['jpeg', 128],
    ['jpeg', 1024],
    ['avif', 256],
  ] as const)('renders %s at %i px, inside the size with the aspect kept', async (format, size) => {
    const out = await renderVariant((await sharedOriginal()).data, size, format);
    expect(sniffImageType(out)).toBe(expectedMeta[format].sniff);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([expectedMeta[format].format, size, Math.round((size * 1000) / 1200)]);
    if (format === 'avif') expect(meta.compression).toBe('av1');
    if (format === 'jpeg') expect(meta.isProgressive).toBe(true);
    expect(meta.exif).toBeUndefined();
  });

  it('keeps a wide picture whole: no crop, the aspect kept', async () => {
    const wide = await solid(600, 300, '#445566').png().toBuffer();
    const meta = await sharp(await renderVariant(wide, 128, 'webp')).metadata();
    expect([meta.width, meta.height]).toEqual([128, 64]);
    // A saturated patch at the far right survives (a centre crop would lose it).
    const patch = await solid(200, 200, '#ff3300').png().toBuffer();
    const marked = await solid(600, 200, '#808080').composite([{ input: patch, left: 400, top: 0 }]).png().toBuffer();
    const { data, width, channels } = await rawPixels(await renderVariant(marked, 64, 'webp'));
    expect(width).toBe(64);
    const right = (5 * width + 60) * channels;
    expect([data[right]! > 200, data[right + 1]! < 100]).toEqual([true, true]);
  });

  it('never enlarges a small original', async () => {
    const tiny = await solid(40, 40, '#445566').png().toBuffer();
    const meta = await sharp(await renderVariant(tiny, 64, 'jpeg')).metadata();
    expect([meta.width, meta.height]).toEqual([40, 40]);
  });

  it('flattens transparency for JPEG on white', async () => {
    const transparent = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const { data } = await rawPixels(await renderVariant(transparent, 64, 'jpeg'));
    expect(data[0]).toBeGreaterThan(240);
  });

  it('refuses bad sizes', async () => {
    const png = await solid(64, 64, '#000').png().toBuffer();
    await expect(renderVariant(png, 0, 'webp')).rejects.toThrow(RangeError);
    await expect(renderVariant(png, 5000, 'webp')).rejects.toThrow(/renderVariant: size must be an integer in 1\.\.4096, got 5000/);
  });

  it('fails with context on garbage input', async () => {
    await expect(renderVariant(Buffer.from('nope'), 64, 'webp')).rejects.toThrow(/^renderVariant: cannot render 64px webp \(4 bytes in\): /);
  });
});

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

function isWhiteish(data: Buffer, offset: number): boolean {
  return (data[offset] ?? 0) > 220 && (data[offset + 1] ?? 0) > 220 && (data[offset + 2] ?? 0) > 220;
}

async function countWhite(image: Buffer, region?: { left: number; top: number; width: number; height: number }): Promise<number> {
  const { data, width, height, channels } = await rawPixels(image);
  const r = region ?? { left: 0, top: 0, width, height };
  let count = 0;
  for (let y = r.top; y < r.top + r.height; y++) {
    for (let x = r.left; x < r.left + r.width; x++) {
      if (isWhiteish(data, (y * width + x) * channels)) count++;
    }
  }
  return count;
}

describe('placeholderInitials', () => {
  it.each([
    ['The Beatles', 'TB'],
    ['Miles Davis Quintet', 'MD'],
    ['radiohead', 'R'],
    ['50 Cent', '5C'],
    ['Björk', 'B'],
    ['Ólafur Arnalds', 'OA'],
    ['Florence + the Machine', 'FT'],
    ['  !!!  ', '?'],
    ['', '?'],
    ['Кино', '?'],
    ['坂本龍一', '?'],
    ["'Til Tuesday", 'TT'],
  ])('%j -> %s', (name, expected) => {
    expect(placeholderInitials(name)).toBe(expected);
  });
});

describe('placeholderColor', () => {
  it('is a deterministic #rrggbb, ignoring case and surrounding spaces', () => {
    expect(placeholderColor('Radiohead')).toMatch(/^#[0-9a-f]{6}$/);
    expect(placeholderColor('Radiohead')).toBe(placeholderColor('Radiohead'));
    expect(placeholderColor('  radiohead ')).toBe(placeholderColor('Radiohead'));
  });

  it('spreads names over many colours', () => {
    const names = Array.from({ length: 100 }, (_, i) => `Artist ${i}`);
    expect(new Set(names.map(placeholderColor)).size).toBeGreaterThan(60);
    expect(placeholderColor('The Beatles')).not.toBe(placeholderColor('The Rolling Stones'));
  });

  it('keeps white text readable (WCAG contrast >= 4.5) for every name', () => {
    for (let i = 0; i < 720; i++) {
      const background = relativeLuminance(hexToRgb(placeholderColor(`name-${i}`)));
      expect(1.05 / (background + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('renderPlaceholder', () => {
  it('renders a square PNG, 512 px by default', async () => {
    const png = await renderPlaceholder('Daft Punk');
    expect(sniffImageType(png)).toBe('png');
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([512, 512]);
    const small = await sharp(await renderPlaceholder('Daft Punk', 64)).metadata();
    expect([small.width, small.height]).toEqual([64, 64]);
  });

  it('draws white glyphs in the centre and leaves the corners in the background colour', async () => {
    const png = await renderPlaceholder('Daft Punk', 256);
    const centreWhite = await countWhite(png, { left: 64, top: 64, width: 128, height: 128 });
    expect(centreWhite).toBeGreaterThan(128 * 128 * 0.1);

    const { data, width, channels } = await rawPixels(png);
    const expected = hexToRgb(placeholderColor('Daft Punk'));
    for (const [x, y] of [[2, 2], [253, 2], [2, 253], [253, 253]] as const) {
      const offset = (y * width + x) * channels;
      expect(isWhiteish(data, offset)).toBe(false);
      expect([data[offset], data[offset + 1], data[offset + 2]]).toEqual(expected);
    }
  });

  it('draws every glyph of the built-in font', async () => {
    expect(PLACEHOLDER_GLYPHS.length).toBe(26 + 10 + 1);
    for (const glyph of PLACEHOLDER_GLYPHS) {
      const white = await countWhite(await renderPlaceholder(glyph, 64));
      // A stroke glyph at this size covers well over 40 px; an empty render covers 0.
      expect(white, `glyph ${glyph}`).toBeGreaterThan(40);
    }
  });

  it('draws two initials wider than one', async () => {
    const one = await countWhite(await renderPlaceholder('Radiohead', 128));
    const two = await countWhite(await renderPlaceholder('Radio Head', 128));
    expect(two).toBeGreaterThan(one * 1.3);
  });

  it('is byte-identical for the same name and differs for another', async () => {
    const [a, b, c] = await Promise.all([renderPlaceholder('Nina Simone'), renderPlaceholder('Nina Simone'), renderPlaceholder('Nick Cave')]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('never asks for a font: the SVG is paths only', () => {
    const svg = placeholderSvg('Sigur Rós', 512);
    expect(svg).not.toMatch(/<text|font-family|<tspan/);
    expect(svg).toContain('<path');
  });

  it('refuses bad sizes', async () => {
    await expect(renderPlaceholder('x', 0)).rejects.toThrow(RangeError);
  });
});
