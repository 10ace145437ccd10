import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folder, MAX_FOLDER_CANDIDATES, MAX_FOLDER_IMAGE_BYTES, rankFolderImages } from '../../../src/covers/sources/folder.js';
import type { AlbumSubject, ArtistSubject, SourceContext } from '../../../src/covers/sources/source.js';
import { view, type FoundView } from '../../helpers/candidates.js';
import { loadConfig, PROJECT_ROOT } from '../../../src/env.js';
import { solidJpeg, solidPng, expectColor } from '../../helpers/images.js';

const LIBRARY = resolve(PROJECT_ROOT, 'test/fixtures/library');
const DEMO = resolve(PROJECT_ROOT, 'examples/demo-library');
const ctx: SourceContext = { config: loadConfig({}), http: undefined as never };

/** Subjects as the cover service builds them; the folder source reads only `folder`. */
function album(path: string | null): AlbumSubject {
  return {
    kind: 'album',
    id: path ?? 'none',
    title: path ? basename(path) : 'Untitled',
    artistName: path ? basename(dirname(path)) : 'Nobody',
    folder: path,
    trackPaths: [],
    mbReleaseId: null,
    mbReleaseGroupId: null,
  };
}

function artist(path: string | null): ArtistSubject {
  return { kind: 'artist', id: path ?? 'none', name: path ? basename(path) : 'Nobody', folder: path, mbArtistId: null };
}

const findAlbum = async (path: string | null) => view(await folder.findAlbum!(album(path), ctx));
const findArtist = async (path: string | null) => view(await folder.findArtist!(artist(path), ctx));

function found(result: ReturnType<typeof view>): FoundView & { image: Buffer } {
  if (result.outcome !== 'FOUND' || !result.image) throw new Error(`expected FOUND with bytes, got ${JSON.stringify(result)}`);
  return result as FoundView & { image: Buffer };
}


describe('folder source: albums of the fixture library', () => {
  it.each([
    ['Northwind/Capital Letters', 'Folder.JPG', '008000'],
    ['Northwind/Art Gallery', 'AlbumArt.png', 'ffc0cb'],
    ['Northwind/Loose Scans', 'scan_01.jpg (no well-known name)', '8b4513'],
    ['Tidewater/Seasons', 'front.jpg', '008080'],
    ['Glass Theory/Shattered', 'cover.jpg', '808080'],
    ['Echo Valley/Live 1999', 'cover.jpg', '800000'],
    ['Echo Valley/Live 2004', 'cover.jpg', '808000'],
  ])('%s: %s', async (rel, detail, hex) => {
    const result = found(await findAlbum(join(LIBRARY, rel)));
    expect(result).toMatchObject({ detail, remote: false });
    await expectColor(result.image, hex, 8);
  });

  // The fixture PNG is pink, gently shaded (the README: not one flat colour, which is not a cover).
  it('returns the PNG bytes as they are', async () => {
    const image = found(await findAlbum(join(LIBRARY, 'Northwind/Art Gallery'))).image;
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(image.equals(await readFile(join(LIBRARY, 'Northwind/Art Gallery/AlbumArt.png')))).toBe(true);
    await expectColor(image, 'ffc0cb', 8);
  });

  it.each(['Amber Coast/Harbour Lights', 'Prism Hall/Two Sides', 'Quiet Signals/Full Release'])('%s: NOT_FOUND', async (rel) => {
    expect(await findAlbum(join(LIBRARY, rel))).toEqual({ outcome: 'NOT_FOUND', detail: 'no image in the album folder' });
  });

  it('is NOT_FOUND without a folder, and for a folder that cannot be read (no path in the detail)', async () => {
    expect(await findAlbum(null)).toEqual({ outcome: 'NOT_FOUND', detail: 'no folder' });
    expect(await findAlbum(join(LIBRARY, 'No Such Artist/No Such Album'))).toEqual({
      outcome: 'NOT_FOUND',
      detail: 'album folder unreadable (ENOENT)',
    });
  });
});

describe('folder source: demo library', () => {
  it.each([
    ['Silverpine/Four Seasons', 'cover.jpg'],
    ['The Lantern Choir/Quiet Weather', 'cover.jpg'],
    ['Juniper Falls/Paper Boats', 'folder.png'],
  ])('%s: %s', async (rel, detail) => {
    const result = found(await findAlbum(join(DEMO, rel)));
    expect(result.detail).toBe(detail);
    const { width, height } = await sharp(result.image).metadata();
    expect(width).toBe(height);
  });

  it('Aurora Lines/artist.jpg is the artist image', async () => {
    expect(found(await findArtist(join(DEMO, 'Aurora Lines'))).detail).toBe('artist.jpg');
  });
});

describe('folder source: artists', () => {
  it('finds artist.jpg (Amber Coast) and Artist.PNG (Birchwood)', async () => {
    const amber = found(await findArtist(join(LIBRARY, 'Amber Coast')));
    expect(amber.detail).toBe('artist.jpg');
    await expectColor(amber.image, 'a0522d', 8);
    const birchwood = found(await findArtist(join(LIBRARY, 'Birchwood')));
    expect(birchwood.detail).toBe('Artist.PNG');
    await expectColor(birchwood.image, '4b0082', 8);
  });

  it('is NOT_FOUND for artist folders without a well-known image', async () => {
    const none = { outcome: 'NOT_FOUND', detail: 'no artist image (artist, folder, photo, band, artist-image)' };
    expect(await findArtist(join(LIBRARY, 'Northwind'))).toEqual(none);
    expect(await findArtist(join(DEMO, 'Juniper Falls'))).toEqual(none);
    expect(await findArtist(null)).toEqual({ outcome: 'NOT_FOUND', detail: 'no folder' });
  });
});

describe('folder source: layouts built in a temporary folder', () => {
  let root: string;
  let n = 0;
  const colours = { red: 'ff0000', green: '00ff00', blue: '0000ff' } as const;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-folder-test-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A fresh album folder holding the given files: an image of a colour, or raw bytes. */
  async function layout(files: Record<string, keyof typeof colours | Buffer | 'dir'>): Promise<string> {
    const dir = join(root, `album-${++n}`);
    await mkdir(dir, { recursive: true });
    for (const [rel, what] of Object.entries(files)) {
      const path = join(dir, rel);
      await mkdir(what === 'dir' ? path : dirname(path), { recursive: true });
      if (what === 'dir') continue;
      const bytes = Buffer.isBuffer(what) ? what : rel.toLowerCase().endsWith('.png') ? await solidPng(`#${colours[what]}`, 32) : await solidJpeg(`#${colours[what]}`, 32);
      await writeFile(path, bytes);
    }
    return dir;
  }

  it('looks in disc subfolders when the album folder has no image, first disc first', async () => {
    const dir = await layout({ 'CD2/cover.jpg': 'blue', 'CD1/cover.jpg': 'red', 'CD1/01 - Intro.flac': Buffer.from('x') });
    const result = found(await findAlbum(dir));
    expect(result.detail).toBe('CD1/cover.jpg');
    await expectColor(result.image, colours.red, 8);
  });

  it('sorts disc folders by number (Disc 2 before Disc 10) and accepts disk / cd spellings', async () => {
    const dir = await layout({ 'Disc 10/folder.jpg': 'blue', 'Disc 2/folder.jpg': 'green' });
    expect(found(await findAlbum(dir)).detail).toBe('Disc 2/folder.jpg');
    expect(found(await findAlbum(await layout({ 'disk 3/front.jpg': 'red' }))).detail).toBe('disk 3/front.jpg');
    expect(found(await findAlbum(await layout({ 'cd_01/Cover.jpeg': 'red' }))).detail).toBe('cd_01/Cover.jpeg');
  });

  it('prefers a well-known name in a disc folder to a nameless image in the album folder', async () => {
    const dir = await layout({ 'scan.jpg': 'blue', 'CD1/cover.jpg': 'red' });
    expect(found(await findAlbum(dir)).detail).toBe('CD1/cover.jpg');
  });

  it('prefers the album folder when both have a well-known name', async () => {
    const dir = await layout({ 'folder.jpg': 'green', 'CD1/cover.jpg': 'red' });
    expect(found(await findAlbum(dir)).detail).toBe('folder.jpg');
  });

  it('ignores subfolders that are not discs, and says which discs it looked in', async () => {
    const dir = await layout({ 'Scans/cover.jpg': 'red', 'Disc 1/notes.txt': Buffer.from('hi') });
    expect(await findAlbum(dir)).toEqual({ outcome: 'NOT_FOUND', detail: 'no image in the album folder or Disc 1' });
  });

  it('never takes a back cover, tray, booklet or disc image, even as the only image', async () => {
    const dir = await layout({ 'back.jpg': 'blue', 'Cover (Back).jpg': 'blue', 'tray.png': 'red', 'booklet-01.jpg': 'red', 'cd1.jpg': 'red', 'artist.jpg': 'green' });
    expect(await findAlbum(dir)).toEqual({ outcome: 'NOT_FOUND', detail: 'no image in the album folder' });
  });

  it('ignores hidden files (macOS ._ resource forks) and folders named like images', async () => {
    const dir = await layout({ '._cover.jpg': Buffer.from('AppleDouble'), 'cover.jpg': 'dir', 'Scan.jpg': 'green' });
    expect(found(await findAlbum(dir)).detail).toBe('Scan.jpg (no well-known name)');
  });

  it('takes the largest of several nameless images', async () => {
    const big = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#00ff00' } }).jpeg({ quality: 100 }).toBuffer();
    const dir = await layout({ 'a.jpg': 'red', 'b.jpg': big, 'c.jpg': 'blue' });
    expect(found(await findAlbum(dir)).detail).toBe('b.jpg (no well-known name)');
  });

  it('skips a file over the size cap for the next candidate; alone it is a permanent error', async () => {
    const dir = await layout({ 'cover.jpg': Buffer.from('x'), 'folder.jpg': 'green' });
    await truncate(join(dir, 'cover.jpg'), MAX_FOLDER_IMAGE_BYTES + 1);
    const result = found(await findAlbum(dir));
    expect(result.detail).toBe(`folder.jpg (skipped cover.jpg: too large (${MAX_FOLDER_IMAGE_BYTES + 1} bytes > ${MAX_FOLDER_IMAGE_BYTES}))`);
    await expectColor(result.image, colours.green, 8);

    const alone = await layout({ 'cover.jpg': Buffer.from('x') });
    await truncate(join(alone, 'cover.jpg'), MAX_FOLDER_IMAGE_BYTES + 1);
    expect(await findAlbum(alone)).toEqual({ outcome: 'ERROR', transient: false, detail: `folder: cover.jpg: too large (${MAX_FOLDER_IMAGE_BYTES + 1} bytes > ${MAX_FOLDER_IMAGE_BYTES})` });
  });

  it('returns every readable image, best first, as candidates: a corrupt cover.jpg does not hide folder.jpg', async () => {
    const good = await solidJpeg('#00ff00', 32);
    const dir = await layout({ 'cover.jpg': good.subarray(0, good.length >> 1), 'folder.jpg': 'green', 'scan.jpg': 'blue' });
    const result = found(await findAlbum(dir));
    expect(result.detail).toBe('cover.jpg');
    expect(result.image.length).toBe(good.length >> 1);
    expect(result.more?.map((c) => c.detail)).toEqual(['folder.jpg', 'scan.jpg (no well-known name)']);
    await expectColor(result.more![0]!.image!, colours.green, 8);
  });

  it(`reads at most ${MAX_FOLDER_CANDIDATES} images of one folder`, async () => {
    const files = Object.fromEntries(Array.from({ length: MAX_FOLDER_CANDIDATES + 3 }, (_, i) => [`scan${String(i).padStart(2, '0')}.jpg`, 'red' as const]));
    const result = found(await findAlbum(await layout(files)));
    expect(1 + (result.more?.length ?? 0)).toBe(MAX_FOLDER_CANDIDATES);
  });

  it.each([
    ['cover.tif', () => sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } }).tiff().toBuffer()],
    ['cover.tiff', () => sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } }).tiff().toBuffer()],
    ['cover.avif', () => sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } }).avif().toBuffer()],
    ['cover.gif', () => sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } }).gif().toBuffer()],
    ['cover.webp', () => sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } }).webp().toBuffer()],
  ])('finds %s and sharp decodes what it returns', async (name, make) => {
    const result = found(await findAlbum(await layout({ [name]: await make() })));
    expect(result.detail).toBe(name);
    expect((await sharp(result.image).metadata()).width).toBe(32);
  });

  it('leaves out .bmp: sharp (libvips) has no BMP loader, so it could never be a cover', async () => {
    expect(sharp.format).not.toHaveProperty('bmp');
    expect(await findAlbum(await layout({ 'cover.bmp': Buffer.from('BM') }))).toEqual({ outcome: 'NOT_FOUND', detail: 'no image in the album folder' });
  });

  it('refuses a symlinked cover.jpg leading outside MUSIC_DIR, follows one inside it', async () => {
    const library = join(root, `library-${++n}`);
    const outside = join(root, `outside-${n}`);
    await mkdir(join(library, 'Artist/Album'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.jpg'), await solidJpeg('#ff0000', 32));
    await writeFile(join(library, 'Artist/shared.jpg'), await solidJpeg('#0000ff', 32));
    await symlink(join(outside, 'secret.jpg'), join(library, 'Artist/Album/cover.jpg'));
    const inLibrary: SourceContext = { config: loadConfig({ MUSIC_DIR: library }), http: undefined as never };
    const albumDir = join(library, 'Artist/Album');
    expect(await folder.findAlbum!(album(albumDir), inLibrary)).toEqual({ outcome: 'NOT_FOUND', detail: 'no image in the album folder' });
    await symlink(join(library, 'Artist/shared.jpg'), join(albumDir, 'folder.jpg'));
    const result = found(view(await folder.findAlbum!(album(albumDir), inLibrary)));
    expect(result).toMatchObject({ detail: 'folder.jpg' });
    expect(result.more).toBeUndefined();
    await expectColor(result.image, colours.blue, 8);
  });

  it('returns undecodable bytes as FOUND: validation is the resolver’s job', async () => {
    const dir = await layout({ 'cover.jpg': Buffer.from('NOTAJPEG') });
    expect(found(await findAlbum(dir)).image.toString()).toBe('NOTAJPEG');
  });

  it('an artist folder: a well-known name only, never any image', async () => {
    expect(await findArtist(await layout({ 'random.jpg': 'red', 'cover.jpg': 'red' }))).toMatchObject({ outcome: 'NOT_FOUND' });
    expect(found(await findArtist(await layout({ 'random.jpg': 'red', 'Band.webp': await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } }).webp().toBuffer() }))).detail).toBe('Band.webp');
    expect(found(await findArtist(await layout({ 'photo.jpg': 'red', 'Artist (2).jpg': 'blue' }))).detail).toBe('photo.jpg');
  });
});

describe('rankFolderImages', () => {
  it('orders well-known album names: cover, folder, front, album, albumart', () => {
    expect(rankFolderImages(['albumart.jpg', 'album.jpg', 'front.jpg', 'folder.jpg', 'cover.jpg'], 'album')).toEqual([
      'cover.jpg',
      'folder.jpg',
      'front.jpg',
      'album.jpg',
      'albumart.jpg',
    ]);
  });

  it('matches names case-insensitively, extension included', () => {
    expect(rankFolderImages(['scan.jpg', 'Folder.JPG', 'COVER.Png'], 'album')).toEqual(['COVER.Png', 'Folder.JPG', 'scan.jpg']);
  });

  it('ranks exact names, then names starting with one, then any other image', () => {
    const names = ['zz.jpg', 'AlbumArt_{8E2C5A1B-0000-0000-0000-000000000000}_Large.jpg', 'cover-front.jpg', 'Folder (1).jpg', 'folder.png'];
    expect(rankFolderImages(names, 'album')).toEqual([
      'folder.png',
      'cover-front.jpg',
      'Folder (1).jpg',
      'AlbumArt_{8E2C5A1B-0000-0000-0000-000000000000}_Large.jpg',
      'zz.jpg',
    ]);
  });

  it('needs a word boundary after a prefix', () => {
    expect(rankFolderImages(['Frontier.jpg', 'covers.jpg', 'cover2.jpg'], 'album')).toEqual(['cover2.jpg', 'Frontier.jpg', 'covers.jpg']);
  });

  it('leaves out non-images and hidden files', () => {
    expect(rankFolderImages(['cover.txt', 'cover', 'cover.tiff', '.cover.jpg', '._folder.jpg', 'notes.pdf', 'x.bmp', 'y.GIF', 'z.webp', 'w.avif', 'v.TIF'], 'album')).toEqual([
      'cover.tiff',
      'z.webp',
      'w.avif',
      'v.TIF',
      'y.GIF',
    ]);
  });

  it('skips names that say they are not the front cover', () => {
    const skipped = [
      'back.jpg',
      'Back.JPG',
      'back-cover.jpg',
      'BackCover.png',
      'inlay.jpg',
      'cd.jpg',
      'CD1.jpg',
      'cdart.png',
      'disc.png',
      'Disc 2.jpg',
      'tray.jpg',
      'inside.jpg',
      'booklet 03.jpg',
      'artist.jpg',
      'Cover (Back).jpg',
      'folder-back.jpg',
      'Album - Back Cover.jpg',
      'rear.jpg',
    ];
    expect(rankFolderImages([...skipped, 'cover.jpg'], 'album')).toEqual(['cover.jpg']);
  });

  it('does not skip names that merely start with the same letters', () => {
    expect(rankFolderImages(['Discovery.jpg', 'Backstreet.jpg', 'cardboard.jpg'], 'album')).toEqual(['Backstreet.jpg', 'Discovery.jpg', 'cardboard.jpg']);
  });

  it('breaks ties by size (larger first), then extension, then name', () => {
    const sizes = new Map([
      ['a.jpg', 10],
      ['b.jpg', 30],
      ['c.png', 30],
      ['cover.png', 5],
      ['cover.jpg', 5],
    ]);
    expect(rankFolderImages([...sizes.keys()], 'album', sizes)).toEqual(['cover.jpg', 'cover.png', 'b.jpg', 'c.png', 'a.jpg']);
  });

  it('artists: artist, folder, photo, band, artist-image only', () => {
    const names = ['random.jpg', 'cover.jpg', 'band.jpg', 'artist-image.jpg', 'photo.jpg', 'folder.jpg', 'Artist.PNG', 'back.jpg'];
    expect(rankFolderImages(names, 'artist')).toEqual(['Artist.PNG', 'folder.jpg', 'photo.jpg', 'band.jpg', 'artist-image.jpg']);
    expect(rankFolderImages(['fanart.jpg', 'logo.png', 'Artist_1.jpg'], 'artist')).toEqual(['Artist_1.jpg']);
  });
});
