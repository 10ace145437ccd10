import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { hasAudioFrames, id3v2Length } from '../../src/library/audio-frames.js';
import { DEMO_LIBRARY, PROJECT_ROOT } from '../../src/env.js';

const PICTURES = join(PROJECT_ROOT, 'test/fixtures/pictures');
const LIBRARY = join(PROJECT_ROOT, 'test/fixtures/library');
const MIXED = join(PICTURES, 'Odd Lot/Mixed Bag');

async function framesOf(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  return hasAudioFrames(bytes.subarray(id3v2Length(bytes)), true);
}

async function filesUnder(dir: string, ext: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && ext.test(e.name)).map((e) => join(e.parentPath, e.name));
}

/** A seeded PRNG (mulberry32): the same "random" bytes on every run. */
function randomBytes(seed: number, n: number): Uint8Array {
  let s = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

describe('hasAudioFrames', () => {
  it('the fixture noise is what music-metadata takes for MPEG audio, and it holds no frames', async () => {
    const noise = join(MIXED, '05 - Noise.mp3');
    const meta = await parseFile(noise, { skipCovers: true, duration: false });
    // The false frame sync of issue 9: without this, the fixture would prove nothing.
    expect({ container: meta.format.container, native: Object.keys(meta.native) }).toEqual({ container: 'MPEG', native: [] });
    expect(await framesOf(noise)).toBe(false);
  });

  it('finds the frames of untagged MP3 and ADTS encodes, and of every MP3 of the fixture libraries', async () => {
    expect(await framesOf(join(MIXED, '03 - No Tags.mp3'))).toBe(true);
    expect(await framesOf(join(MIXED, '04 - Raw Stream.aac'))).toBe(true);
    const mp3s = [...(await filesUnder(PICTURES, /\.mp3$/)), ...(await filesUnder(LIBRARY, /\.mp3$/)), ...(await filesUnder(DEMO_LIBRARY, /\.mp3$/))].filter(
      (p) => !/Noise\.mp3$|Broken\//.test(p),
    );
    expect(mp3s.length).toBeGreaterThan(30);
    for (const p of mp3s) expect(await framesOf(p), p).toBe(true);
  });

  it('finds no frames in 2,000 buffers of 5,000 random bytes', () => {
    const found = Array.from({ length: 2000 }, (_, i) => hasAudioFrames(randomBytes(i + 1, 5000), true)).filter(Boolean);
    expect(found).toHaveLength(0);
  });

  it('takes the start of a long file (not complete) when four frames follow one another', async () => {
    const bytes = await readFile(join(MIXED, '03 - No Tags.mp3'));
    expect(hasAudioFrames(bytes.subarray(0, 300), false)).toBe(true);
    // Ten bytes of a longer file cannot show four frames in a row.
    expect(hasAudioFrames(bytes.subarray(0, 10), false)).toBe(false);
  });

  it('skips ID3v2 tags, several in a row', () => {
    const tag = (size: number) => [0x49, 0x44, 0x33, 4, 0, 0, 0, 0, size >> 7, size & 0x7f, ...new Array<number>(size).fill(0)];
    expect(id3v2Length(Uint8Array.from([...tag(200), ...tag(5), 0xff, 0xfb]))).toBe(210 + 15);
    expect(id3v2Length(Uint8Array.from([0xff, 0xfb, 0x90]))).toBe(0);
  });
});
