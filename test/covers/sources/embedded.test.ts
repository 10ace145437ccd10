import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { IPicture } from 'music-metadata';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { chooseCoverPicture, embedded, readEmbeddedPicture } from '../../../src/covers/sources/embedded.js';
import type { AlbumSubject, SourceContext, SourceResult } from '../../../src/covers/sources/source.js';
import { loadConfig, PROJECT_ROOT } from '../../../src/env.js';
import { expectColor } from '../../helpers/images.js';

const LIBRARY = resolve(PROJECT_ROOT, 'test/fixtures/library');
const DEMO = resolve(PROJECT_ROOT, 'examples/demo-library');
const AUDIO = /\.(mp3|flac|m4a|ogg|opus)$/i;
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

async function find(subject: AlbumSubject): Promise<SourceResult> {
  return embedded.findAlbum!(subject, ctx);
}

function found(result: SourceResult): Extract<SourceResult, { outcome: 'FOUND' }> {
  if (result.outcome !== 'FOUND') throw new Error(`expected FOUND, got ${JSON.stringify(result)}`);
  return result;
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

describe('chooseCoverPicture', () => {
  const pic = (type: string | undefined, tag = type ?? 'untyped', format = 'image/jpeg'): IPicture => ({
    type,
    format,
    data: new TextEncoder().encode(tag),
  });
  const choose = (...pictures: IPicture[]) => {
    const chosen = chooseCoverPicture(pictures);
    return chosen && new TextDecoder().decode(chosen.data);
  };

  it('prefers the front cover wherever it is', () => {
    expect(choose(pic('Cover (back)'), pic('Other'), pic('Cover (front)'))).toBe('Cover (front)');
  });

  it('ranks front > untyped / Other > media, leaflet, illustration > other types > icons > back', () => {
    expect(choose(pic('Cover (back)'), pic('Media (e.g. label side of CD)'), pic(undefined))).toBe('untyped');
    expect(choose(pic('Cover (back)'), pic('Media (e.g. label side of CD)'), pic('Other'))).toBe('Other');
    expect(choose(pic('Artist/performer'), pic('Leaflet page'))).toBe('Leaflet page');
    expect(choose(pic('Band/Orchestra'), pic('Illustration'))).toBe('Illustration');
    expect(choose(pic('Cover (back)'), pic('Other file icon'), pic('Band/artist logotype'))).toBe('Band/artist logotype');
    expect(choose(pic('Cover (back)'), pic("32x32 pixels 'file icon' (PNG only)"))).toBe("32x32 pixels 'file icon' (PNG only)");
    expect(choose(pic('Cover (back)'), pic('A type from a future tag version'))).toBe('A type from a future tag version');
  });

  it('takes the back cover when it is the only picture', () => {
    expect(choose(pic('Cover (back)'))).toBe('Cover (back)');
  });

  it('keeps file order between pictures of the same rank', () => {
    expect(choose(pic('Cover (front)', 'first'), pic('Cover (front)', 'second'))).toBe('first');
    expect(choose(pic(undefined, 'untyped'), pic('Other', 'other'))).toBe('untyped');
  });

  it('ignores empty pictures and ID3 linked images', () => {
    const empty: IPicture = { type: 'Cover (front)', format: 'image/jpeg', data: new Uint8Array(0) };
    expect(choose(empty, pic('Cover (front)', 'link', '-->'), pic('Cover (back)'))).toBe('Cover (back)');
    expect(choose(empty)).toBeUndefined();
    expect(choose()).toBeUndefined();
  });
});
