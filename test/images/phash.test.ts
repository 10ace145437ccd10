import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/images/image.pipeline.js';
import { hashDistance, KNOWN_PLACEHOLDER_LOOKS, knownPlaceholderLook, lookOf, perceptualHash, SAME_PICTURE_DISTANCE, sameLook, samePicture } from '../../src/images/phash.js';
import { drawLook, placeholderLike, type Look } from '../helpers/placeholders.js';
import { solidJpeg } from '../helpers/images.js';

const ENCODINGS = [['jpeg', 30], ['jpeg', 75], ['jpeg', 95], ['png', 0], ['webp', 50]] as const;
// From the smallest cover the service takes (64 px) to Deezer's largest.
const SIZES = [64, 174, 300, 600, 1000];

const svg = (body: string) => sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300">${body}</svg>`)).png().toBuffer();
/** Real-looking covers that are not placeholders, some deliberately close to them (grey shapes on grey). */
const others = async () => [
  await svg('<rect width="300" height="300" fill="#f0f0f0"/><polygon points="150,60 250,240 50,240" fill="#c8c8c8"/>'),
  await svg('<rect width="300" height="300" fill="#eee"/><circle cx="150" cy="150" r="100" fill="#888"/>'),
  await svg('<rect width="300" height="300" fill="#222"/><text x="20" y="160" font-size="60" fill="#fff">ALBUM</text>'),
  await svg('<rect width="300" height="300" fill="#e8e8e8"/><rect x="60" y="60" width="180" height="180" fill="#b0b0b0"/>'),
  await solidJpeg('#336699'),
];

describe('perceptual hash', () => {
  it('is 16 hex digits, the same for the same pixels', async () => {
    const star = await drawLook('star');
    expect(await perceptualHash(star)).toMatch(/^[0-9a-f]{16}$/);
    expect(await perceptualHash(star)).toBe(await perceptualHash(Buffer.from(star)));
  });

  for (const look of ['star', 'silhouette'] as Look[]) {
    it(`recognises the ${look} at every size and encoding (within SAME_PICTURE_DISTANCE) as the known placeholder`, async () => {
      const known = KNOWN_PLACEHOLDER_LOOKS[look === 'star' ? 0 : 1]!;
      for (const size of SIZES) {
        for (const [format, quality] of ENCODINGS) {
          const hash = await perceptualHash(await placeholderLike(look, size, format, quality));
          expect(hashDistance(hash, known.phash), `${look} ${size} ${format} ${quality}`).toBeLessThanOrEqual(SAME_PICTURE_DISTANCE);
          expect(knownPlaceholderLook(hash)?.name).toBe(known.name);
        }
      }
    });
  }

  it('keeps other pictures, even grey shapes on grey, well away from the placeholders', async () => {
    for (const picture of await others()) {
      const hash = await perceptualHash(picture);
      expect(knownPlaceholderLook(hash)).toBeNull();
      for (const { phash } of KNOWN_PLACEHOLDER_LOOKS) expect(hashDistance(hash, phash)).toBeGreaterThan(SAME_PICTURE_DISTANCE + 6);
    }
  });

  it('recognises one picture at two resolutions as the same, and two pictures as different', async () => {
    const [a, b] = await others();
    const small = await sharp(a).resize(300).jpeg({ quality: 70 }).toBuffer();
    const large = await sharp(a).resize(1200).jpeg({ quality: 92 }).toBuffer();
    expect(samePicture(await perceptualHash(small), await perceptualHash(large))).toBe(true);
    expect(samePicture(await perceptualHash(a!), await perceptualHash(b!))).toBe(false);
  });

  it('is kept with every normalised original, equal to the hash of its bytes', async () => {
    const star = await placeholderLike('star', 600);
    const image = await normalise(star);
    expect(image.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(hashDistance(image.phash, await perceptualHash(image.data))).toBeLessThanOrEqual(2);
    expect(knownPlaceholderLook(image.phash)?.name).toBe('the Last.fm star');
  });

  it('tells one picture at two sizes from two plain covers of different colours, which the colour-blind pHash alone may confuse', async () => {
    const [a] = await others();
    expect(sameLook(await lookOf(await sharp(a).resize(300).jpeg({ quality: 70 }).toBuffer()), await lookOf(await sharp(a).resize(1200).jpeg().toBuffer()))).toBe(true);
    const red = await lookOf(await solidJpeg('#cc2200', 300));
    const blue = await lookOf(await solidJpeg('#2255cc', 1200));
    expect(sameLook(red, blue)).toBe(false);
    // The look's hash is the pHash of the same bytes (of a picture with shapes: a plain one's is noise).
    expect(hashDistance((await lookOf(a!)).phash, await perceptualHash(a!))).toBeLessThanOrEqual(2);
  });

  it('counts differing bits', () => {
    expect(hashDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hashDistance('00000000000000ff', '000000000000000f')).toBe(4);
  });
});
