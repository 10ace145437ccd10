import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folder } from '../../src/covers/sources/folder.js';
import type { AlbumSubject, SourceContext } from '../../src/covers/sources/source.js';
import { loadConfig } from '../../src/env.js';
import { isDiscFolder } from '../../src/library/disc-folder.js';

/** One rule for the scanner and the folder source: each name, and whether it is a disc of the album above. */
const ctx: SourceContext = { config: loadConfig({}), http: undefined as never };

const TABLE: [string, boolean][] = [
  ['CD1', true],
  ['cd 2', true],
  ['CD 2', true],
  ['cd02', true],
  ['Disc 2', true],
  ['DISC 2', true],
  ['Disk 03', true],
  ['disk3', true],
  ['disc_4', true],
  ['cd_01', true],
  ['CD1 - Live', true],
  ['Disc 1 - Name', true],
  ['Disc 1 of 2', true],
  ['Disc 2: Live', true],
  ['CD1 (Bonus)', true],
  // A letter straight after the number is a side or a variant, a long number a catalogue number.
  ['cd1a', false],
  ['CD1A', false],
  ['CD12345', false],
  ['Bonus', false],
  ['Extras', false],
  ['Artwork', false],
  ['Scans', false],
  ['Disc', false],
  ['Discography', false],
  ['Disco 2000', false],
  ['CD Singles', false],
  ['Live 1999', false],
  ['Bonus CD1', false],
];

describe('isDiscFolder', () => {
  it.each(TABLE)('%s -> %s', (name, disc) => {
    expect(isDiscFolder(name)).toBe(disc);
  });
});

describe('the folder source follows the same rule', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'disc-rule-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.each(TABLE)('looks for art in %s only when it is a disc folder (%s)', async (name, disc) => {
    const album = join(work, `album-${encodeURIComponent(name)}`);
    await mkdir(join(album, name), { recursive: true });
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#c33' } }).png().toBuffer();
    await writeFile(join(album, name, 'cover.png'), png);
    const subject: AlbumSubject = { kind: 'album', id: name, title: 'Album', artistName: 'Artist', folder: album, trackPaths: [], mbReleaseId: null, mbReleaseGroupId: null };
    const result = await folder.findAlbum!(subject, ctx);
    expect(result.outcome).toBe(disc ? 'FOUND' : 'NOT_FOUND');
  });
});
