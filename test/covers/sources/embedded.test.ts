import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseWmPicture, readAsfPictures } from '../../../src/covers/sources/asf-pictures.js';
import { apeKeyType, embedded, rankPictures, readEmbeddedPicture, readEmbeddedPictures, type EmbeddedPicture } from '../../../src/covers/sources/embedded.js';
import type { AlbumSubject, SourceContext } from '../../../src/covers/sources/source.js';
import { view, type FoundView } from '../../helpers/candidates.js';
import { ImageRejectedError, normalise, validateCandidate } from '../../../src/images/image.pipeline.js';
import { loadConfig, PROJECT_ROOT } from '../../../src/env.js';
import { expectColor } from '../../helpers/images.js';

const LIBRARY = resolve(PROJECT_ROOT, 'test/fixtures/library');
const DEMO = resolve(PROJECT_ROOT, 'examples/demo-library');
const PICTURES = resolve(PROJECT_ROOT, 'test/fixtures/pictures');
const AUDIO = /\.(mp3|flac|m4a|m4b|ogg|opus|wma|wv|mpc)$/i;
const ctx: SourceContext = { config: loadConfig({}), http: undefined as never };

/** The audio files under a folder, disc subfolders included, in path order (`Disc 1/…` before `Disc 2/…`). */
function audioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...audioFiles(path));
    else if (AUDIO.test(entry.name)) out.push(path);
  }
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b), 'en', { numeric: true }));
}

/** An AlbumSubject for a folder of a library, as the cover service would build it. */
function album(root: string, rel: string, trackPaths?: string[]): AlbumSubject {
  const folder = join(root, rel);
  return {
    kind: 'album',
    id: rel,
    title: basename(folder),
    artistName: basename(join(folder, '..')),
    folder,
    trackPaths: trackPaths ?? audioFiles(folder),
    mbReleaseId: null,
    mbReleaseGroupId: null,
  };
}

async function find(subject: AlbumSubject): Promise<ReturnType<typeof view>> {
  return view(await embedded.findAlbum!(subject, ctx));
}

function found(result: ReturnType<typeof view>): FoundView & { image: Buffer } {
  if (result.outcome !== 'FOUND' || !result.image) throw new Error(`expected FOUND with bytes, got ${JSON.stringify(result)}`);
  return result as FoundView & { image: Buffer };
}


describe('embedded source on the fixture library', () => {
  it.each([
    ['mp3', 'Amber Coast/Harbour Lights', '01 - Lighthouse.mp3', 'Cover (front)', 'ff8000'],
    ['flac', 'Birchwood/Green Room', '01 - Moss.flac', 'Cover (front)', '00ff00'],
    ['m4a', 'Citrus Club/Yellow Cab', '01 - Meter Running.m4a', 'untyped', 'ffff00'],
    ['ogg', 'Dusk Parade/Violet Hour', '01 - Gloaming.ogg', 'Cover (front)', 'ff00ff'],
    ['opus', 'Ember Sky/Cyan Tides', '01 - Undertow.opus', 'Cover (front)', '00ffff'],
    ['mp3 (compilation)', 'Various Artists/Summer Sampler', '01 - Sunburn.mp3', 'Cover (front)', 'ff8080'],
  ])('%s: %s finds the front cover of its first track', async (_format, rel, track, type, hex) => {
    const result = found(await find(album(LIBRARY, rel)));
    expect(result.remote).toBe(false);
    expect(result.detail).toBe(`${track}: ${type}, image/jpeg, ${result.image.length} bytes`);
    await expectColor(result.image, hex, 8);
  });

  it('chooses the front cover (red, 400 px) over the back cover (blue) that comes first', async () => {
    const result = found(await find(album(LIBRARY, 'Prism Hall/Two Sides')));
    expect(result.detail).toMatch(/^01 - Heads\.mp3: Cover \(front\)/);
    await expectColor(result.image, 'ff0000', 8);
    expect((await sharp(result.image).metadata()).width).toBe(400);
  });

  it('moves on to the second track when the first has no picture', async () => {
    const result = found(await find(album(LIBRARY, 'Late Bloom/Second Chance')));
    expect(result.detail).toMatch(/^02 - Now\.flac: Cover \(front\)/);
    await expectColor(result.image, '800080', 8);
  });

  it('returns a corrupt picture as FOUND without decoding it (the resolver rejects it)', async () => {
    const result = found(await find(album(LIBRARY, 'Glass Theory/Shattered')));
    expect(result.detail).toBe('01 - Fracture.mp3: Cover (front), declared image/jpeg, not an image, 2048 bytes');
    expect(result.more).toBeUndefined();
    expect(result.image.length).toBe(2048);
    expect(result.image.subarray(0, 8).toString('latin1')).toBe('NOTAJPEG');
    await expect(sharp(result.image).stats()).rejects.toThrow();
  });

  it('finds byte-identical pictures in mp3 and flac', async () => {
    const left = found(await find(album(LIBRARY, 'Mirror Image/Left')));
    const right = found(await find(album(LIBRARY, 'Mirror Image/Right')));
    expect(left.image.equals(right.image)).toBe(true);
    await expectColor(left.image, '404040', 8);
  });

  it.each([
    'Echo Valley/Live 1999',
    'Echo Valley/Live 2004',
    'Northwind/Capital Letters',
    'Northwind/Art Gallery',
    'Northwind/Loose Scans',
    'Quiet Signals/Full Release',
    'Quiet Signals/Group Only',
    'Nobody Knows/Unknown Quantity',
  ])('%s: NOT_FOUND when no track embeds a picture', async (rel) => {
    expect(await find(album(LIBRARY, rel))).toEqual({ outcome: 'NOT_FOUND', detail: 'no embedded picture in 2 tracks' });
  });

  it('names the track relative to the album folder, disc subfolder included', async () => {
    const tidewater = album(LIBRARY, 'Tidewater/Seasons');
    expect(tidewater.trackPaths.map((p) => relative(tidewater.folder!, p))).toEqual([
      'Disc 1/01 - Spring.mp3',
      'Disc 1/02 - Summer.mp3',
      'Disc 2/01 - Autumn.mp3',
      'Disc 2/02 - Winter.mp3',
    ]);
    expect(await find(tidewater)).toEqual({ outcome: 'NOT_FOUND', detail: 'no embedded picture in 4 tracks' });

    const nested = album(LIBRARY, 'Amber Coast', audioFiles(join(LIBRARY, 'Amber Coast/Harbour Lights')));
    expect(found(await find(nested)).detail).toMatch(/^Harbour Lights\/01 - Lighthouse\.mp3: /);
    const noFolder = { ...album(LIBRARY, 'Amber Coast/Harbour Lights'), folder: null };
    expect(found(await find(noFolder)).detail).toMatch(/^01 - Lighthouse\.mp3: /);
  });
});

describe('embedded source with unreadable tracks', () => {
  const corrupt = join(LIBRARY, 'Broken/Corrupt/01 - Corrupt.mp3');
  const truncated = join(LIBRARY, 'Broken/Corrupt/02 - Truncated.flac');
  const notes = join(LIBRARY, 'Broken/Corrupt/notes.txt');
  const missing = join(LIBRARY, 'Broken/Corrupt/03 - Missing.mp3');

  it('skips a corrupt track and takes the next one', async () => {
    const subject = album(LIBRARY, 'Amber Coast/Harbour Lights', [corrupt, missing, join(LIBRARY, 'Amber Coast/Harbour Lights/01 - Lighthouse.mp3')]);
    const result = found(await find(subject));
    expect(result.detail).toMatch(/^01 - Lighthouse\.mp3: Cover \(front\)/);
    await expectColor(result.image, 'ff8000', 8);
  });

  it('counts unreadable tracks in NOT_FOUND when some were read', async () => {
    expect(await find(album(LIBRARY, 'Broken/Corrupt', [corrupt, truncated]))).toEqual({
      outcome: 'NOT_FOUND',
      detail: 'no embedded picture in 2 tracks (1 unreadable)',
    });
  });

  it('is a permanent error when no track could be read', async () => {
    const result = await find(album(LIBRARY, 'Broken/Corrupt', [corrupt, notes, missing]));
    expect(result).toEqual({ outcome: 'ERROR', transient: false, detail: 'embedded: none of the 3 tracks could be read' });
  });

  it('is NOT_FOUND for an album without tracks', async () => {
    expect(await find(album(LIBRARY, 'Broken/Corrupt', []))).toEqual({ outcome: 'NOT_FOUND', detail: 'no tracks' });
  });

  it('readEmbeddedPicture answers undefined for unreadable files and files without pictures', async () => {
    expect(await readEmbeddedPicture(corrupt)).toBeUndefined();
    expect(await readEmbeddedPicture(missing)).toBeUndefined();
    expect(await readEmbeddedPicture(join(LIBRARY, 'Late Bloom/Second Chance/01 - Not Yet.flac'))).toBeUndefined();
    expect((await readEmbeddedPicture(join(LIBRARY, 'Prism Hall/Two Sides/02 - Tails.mp3')))?.type).toBe('Cover (front)');
  });

  it('offers every picture of the file, best first: the Prism Hall back cover after the front', async () => {
    const result = found(await find(album(LIBRARY, 'Prism Hall/Two Sides')));
    expect(result.more?.map((c) => c.detail)).toEqual([expect.stringMatching(/^01 - Heads\.mp3: Cover \(back\), image\/jpeg, \d+ bytes$/)]);
    await expectColor(result.more![0]!.image!, '0000ff', 8);
  });
});

describe('embedded source on the demo library', () => {
  it.each(['Aurora Lines/Northern Drift', 'Marble Harbour/Salt and Cedar', 'Velvet Static/Night Bus'])(
    '%s: finds a square cover that decodes',
    async (rel) => {
      const result = found(await find(album(DEMO, rel)));
      const { width, height } = await sharp(result.image).metadata();
      expect(width).toBeGreaterThan(0);
      expect(width).toBe(height);
    },
  );

  it.each(['The Lantern Choir/Quiet Weather', 'Juniper Falls/Paper Boats', 'Kite Orchestra/Open Fields', 'Silverpine/Four Seasons'])(
    '%s: NOT_FOUND (its art, if any, is in the folder)',
    async (rel) => {
      expect((await find(album(DEMO, rel))).outcome).toBe('NOT_FOUND');
    },
  );
});

/** What the chain does with a local candidate: validate (any shape, 64 px minimum), then normalise (not flat, not transparent). */
async function accept(image: Buffer): Promise<{ width: number; height: number } | string> {
  try {
    await validateCandidate(image, { kind: 'album', origin: 'local' });
    const img = await normalise(image);
    return { width: img.width, height: img.height };
  } catch (err) {
    if (err instanceof ImageRejectedError) return err.message;
    throw err;
  }
}

/** The candidates in order, each as the chain would judge it, until the first accepted. */
async function firstAccepted(result: FoundView) {
  const rejected: string[] = [];
  for (const c of result.candidates) {
    const verdict = await accept(c.image!);
    if (typeof verdict !== 'string') return { candidate: c, ...verdict, rejected };
    rejected.push(`${c.detail}: ${verdict}`);
  }
  return { candidate: undefined, rejected };
}

describe('embedded source on the picture fixtures (test/fixtures/pictures)', () => {
  it('WMA: reads the WM/Picture from the ASF header (music-metadata shifts its bytes), MIME without NULs, and it is accepted', async () => {
    const path = join(PICTURES, 'Redmond/Media Center/01 - Start.wma');
    const raw = await readAsfPictures(path);
    expect(raw.map((p) => ({ typeId: p.typeId, mime: p.mime, description: p.description }))).toEqual([
      { typeId: 3, mime: 'image/jpeg', description: 'Front' },
    ]);
    const read = await readEmbeddedPictures(path);
    expect(read.ok && read.pictures.map((p) => ({ type: p.type, mime: p.mime, description: p.description }))).toEqual([
      { type: 'Cover (front)', mime: 'image/jpeg', description: 'Front' },
    ]);
    const result = found(await find(album(PICTURES, 'Redmond/Media Center')));
    expect(result.detail).toBe(`01 - Start.wma: Cover (front), image/jpeg, ${result.image.length} bytes`);
    expect(result.detail).not.toContain('\u0000');
    expect(await accept(result.image)).toEqual({ width: 300, height: 300 });
    await expectColor(result.image, 'ffd700', 8);
  });

  it.each([
    ['WavPack', 'Stone Circle/Monolith', '01 - Standing.wv', '32cd32', 'ff7f50'],
    ['Musepack', 'Stone Circle/Obelisk', '01 - Pillar.mpc', 'dc143c', 'f0e68c'],
  ])('%s: the APEv2 `Cover Art (Front)` beats the `Cover Art (Back)` written first (and described folder.jpg)', async (_f, rel, track, front, back) => {
    const read = await readEmbeddedPictures(join(PICTURES, rel, track));
    expect(read.ok).toBe(true);
    // In file order, typed from the item key: the back comes first.
    const typed = read.ok ? read.pictures.map((p) => `${p.type} ${p.description}`) : [];
    expect(typed[0]).toBe('Cover (back) folder.jpg');
    expect(typed).toContain(`Cover (front) ${basename(rel)}.jpg`);
    const result = found(await find(album(PICTURES, rel)));
    expect(result.detail).toMatch(new RegExp(`^${track.replace('.', '\\.')}: Cover \\(front\\), image/jpeg, \\d+ bytes$`));
    await expectColor(result.image, front, 8);
    // The back is still offered, after the front, once (Musepack's tag is reported twice by music-metadata).
    expect(result.more).toHaveLength(1);
    await expectColor(result.more![0]!.image!, back, 8);
    expect(await accept(result.image)).toEqual({ width: 400, height: 400 });
  });

  it('Vorbis: reads an old-style base64 COVERART with its COVERARTMIME', async () => {
    const result = found(await find(album(PICTURES, 'Old Tagger/Base Sixty-Four')));
    expect(result.detail).toMatch(/^01 - Encode\.ogg: untyped, image\/jpeg, \d+ bytes$/);
    await expectColor(result.image, 'd2b48c', 8);
    expect(await accept(result.image)).toEqual({ width: 300, height: 300 });
  });

  it('m4b: the MP4 covr of an audiobook', async () => {
    const result = found(await find(album(PICTURES, 'Spoken Word/Long Story')));
    expect(result.detail).toMatch(/^01 - Chapter One\.m4b: untyped, image\/jpeg, \d+ bytes$/);
    await expectColor(result.image, 'dda0dd', 8);
    expect(await accept(result.image)).toEqual({ width: 300, height: 300 });
  });

  it('a 500x447 front cover is the user\'s cover: accepted whole, not rejected for its shape', async () => {
    const result = found(await find(album(PICTURES, 'Wide Angle/Panorama')));
    expect(await accept(result.image)).toEqual({ width: 500, height: 447 });
  });

  it('a 1x1 GIF is offered but rejected as too small, so the source gives nothing usable', async () => {
    const result = found(await find(album(PICTURES, 'Pixel Dust/One Pixel')));
    expect(result.detail).toBe(`01 - Dot.mp3: Cover (front), image/gif, ${result.image.length} bytes`);
    const outcome = await firstAccepted(result);
    expect(outcome.candidate).toBeUndefined();
    expect(outcome.rejected).toEqual([`${result.detail}: too small: 1x1, need at least 64 px`]);
  });

  it('a truncated first picture does not hide the good second one', async () => {
    const result = found(await find(album(PICTURES, 'Second Look/Backup Plan')));
    expect(result.candidates.map((c) => c.detail.replace(/\d+ bytes/, 'N bytes'))).toEqual([
      '01 - Plan A.mp3: Cover (front), image/jpeg, N bytes',
      '01 - Plan A.mp3: Other, image/jpeg, N bytes',
    ]);
    const outcome = await firstAccepted(result);
    expect(outcome.rejected).toHaveLength(1);
    expect(outcome.rejected[0]).toMatch(/^01 - Plan A\.mp3: Cover \(front\), image\/jpeg, \d+ bytes: does not decode: /);
    await expectColor(outcome.candidate!.image!, 'd2691e', 8);
  });
});

describe('parseWmPicture', () => {
  const blob = (type: number, mime: string, description: string, data: Buffer, declared = data.length) =>
    Buffer.concat([Buffer.from([type]), Buffer.from(Uint32Array.of(declared).buffer), Buffer.from(`${mime}\0`, 'utf16le'), Buffer.from(`${description}\0`, 'utf16le'), data]);

  it('reads type, MIME (padding NULs dropped), description and data', () => {
    const data = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(parseWmPicture(blob(3, 'image/jpeg\0', 'Front', data))).toEqual({ typeId: 3, mime: 'image/jpeg', description: 'Front', data });
    const plain = parseWmPicture(blob(4, 'image/png', '', data))!;
    expect(plain).toEqual({ typeId: 4, mime: 'image/png', description: '', data });
    // The declared length finds the data even past extra NULs after the strings.
    expect(parseWmPicture(blob(3, 'image/jpeg\0\0', 'Front\0', data))).toEqual({ typeId: 3, mime: 'image/jpeg', description: 'Front', data });
    // A declared length longer than the blob: the data is found after the strings.
    expect(parseWmPicture(blob(3, 'image/jpeg', 'x', data, 1_000_000))!.data).toEqual(data);
    expect(parseWmPicture(Buffer.from([3, 0]))).toBeUndefined();
  });
});

describe('apeKeyType', () => {
  it.each([
    ['Cover Art (Front)', 'Cover (front)'],
    ['Cover Art (Back)', 'Cover (back)'],
    ['cover art (front)', 'Cover (front)'],
    ['Cover Art (Media)', 'Media (e.g. label side of CD)'],
    ['Cover Art (Leaflet)', 'Leaflet page'],
    ['Cover Art (Other)', 'Other'],
    ['Cover Art (Band Logotype)', 'Band/artist logotype'],
    ['Cover Art (Something New)', undefined],
    ['Title', undefined],
  ])('%s -> %s', (key, type) => {
    expect(apeKeyType(key)).toBe(type);
  });
});

describe('rankPictures', () => {
  const pic = (type: string | undefined, tag = type ?? 'untyped', extra: Partial<EmbeddedPicture> = {}): EmbeddedPicture => ({
    type,
    mime: 'image/jpeg',
    data: new TextEncoder().encode(tag),
    ...extra,
  });
  const ranked = (...pictures: EmbeddedPicture[]) => rankPictures(pictures).map((p) => new TextDecoder().decode(p.data));
  const best = (...pictures: EmbeddedPicture[]) => ranked(...pictures)[0];

  it('puts the front cover first wherever it is, in every format', () => {
    expect(best(pic('Cover (back)'), pic('Other'), pic('Cover (front)'))).toBe('Cover (front)');
    // A large back cover with a cover-like description still loses to a small front.
    expect(best(pic('Cover (back)', 'a big back picture', { description: 'cover.jpg' }), pic('Cover (front)', 'f'))).toBe('f');
  });

  it('ranks front > untyped / Other > media, leaflet, illustration > other types > icons > back', () => {
    expect(best(pic('Cover (back)'), pic('Media (e.g. label side of CD)'), pic(undefined))).toBe('untyped');
    expect(best(pic('Cover (back)'), pic('Media (e.g. label side of CD)'), pic('Other'))).toBe('Other');
    expect(best(pic('Artist/performer'), pic('Leaflet page'))).toBe('Leaflet page');
    expect(best(pic('Band/Orchestra'), pic('Illustration'))).toBe('Illustration');
    expect(best(pic('Cover (back)'), pic('Other file icon'), pic('Band/artist logotype'))).toBe('Band/artist logotype');
    expect(best(pic('Cover (back)'), pic("32x32 pixels 'file icon' (PNG only)"))).toBe("32x32 pixels 'file icon' (PNG only)");
    expect(best(pic('Cover (back)'), pic('A type from a future tag version'))).toBe('A type from a future tag version');
    expect(ranked(pic('Cover (back)'), pic('Other file icon'), pic('Cover (front)'), pic(undefined))).toEqual(['Cover (front)', 'untyped', 'Other file icon', 'Cover (back)']);
  });

  it('with no typed picture, prefers a cover-like description, then the largest', () => {
    expect(best(pic(undefined, 'back-scan-big', { description: 'back.jpg' }), pic(undefined, 'c', { description: 'cover.jpg' }))).toBe('c');
    expect(best(pic(undefined, 'bb', { description: 'Back Cover' }), pic(undefined, 'f', { description: 'Front' }))).toBe('f');
    expect(best(pic(undefined, 'small'), pic(undefined, 'the largest one'), pic(undefined, 'medium one'))).toBe('the largest one');
    expect(best(pic(undefined, 'large booklet scan', { description: 'booklet' }), pic(undefined, 'fo', { description: 'folder.jpg' }))).toBe('fo');
  });

  it('keeps file order between pictures alike in type, description and size', () => {
    expect(ranked(pic('Cover (front)', 'first'), pic('Cover (front)', 'other'))).toEqual(['first', 'other']);
    expect(best(pic(undefined, 'untyped'), pic('Other', 'othery'))).toBe('untyped');
  });

  it('takes the back cover when it is the only picture', () => {
    expect(best(pic('Cover (back)'))).toBe('Cover (back)');
  });

  it('drops empty pictures, ID3 linked images and repeated bytes', () => {
    const empty: EmbeddedPicture = { type: 'Cover (front)', mime: 'image/jpeg', data: new Uint8Array(0) };
    expect(ranked(empty, pic('Cover (front)', 'link', { mime: '-->' }), pic('Cover (back)'), pic('Cover (back)'))).toEqual(['Cover (back)']);
    expect(ranked(empty)).toEqual([]);
    expect(ranked()).toEqual([]);
  });
});
