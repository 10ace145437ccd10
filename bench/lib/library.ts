/**
 * The synthetic library the benchmarks run on, generated in JS (no ffmpeg) and cached under
 * bench/.data/ by its parameters, so only the first run pays for it.
 *
 *   <root>/core/<artist>/<year> - <album>/NN - <title>.mp3    every album has embedded art
 *   <root>/extra/...                                           70 % embedded, 15 % cover.jpg only,
 *                                                              10 % both, 5 % nothing (placeholder)
 *
 * The core part's pictures are the realistic mix (500-1200 px); the extra part's are the common
 * 500 px only. The extra part exists for the memory benchmark, whose peak is set by the largest
 * pictures in work at once (the core's) and by the library's size, not by the extra part's picture
 * sizes; small pictures there keep the whole run inside its time budget on 2 cores.
 *
 * Each track is a hand-built ID3v2.3 tag (with the album's picture as APIC front cover in every
 * track, as taggers do) followed by the MPEG frames of a committed demo mp3. Pictures come from a
 * pool of 50 JPEGs (500-1200 px, 40-250 KB, gradients, shapes and grain so they do not compress
 * to nothing); each album's copy has its own quantisation-table nudge, so no two albums share a
 * picture after decoding and the pipeline cannot deduplicate its way out of the work.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import sharp from 'sharp';
import { PROJECT_ROOT } from '../../src/env.js';
import { id3v23, jpegVariant, stripId3v2 } from './id3.js';
import { mapLimit } from './stats.js';

export const DATA_DIR = join(PROJECT_ROOT, 'bench/.data');
const FORMAT_VERSION = 3;
/** Bumped only when the pool pictures themselves change. */
const PICTURES_VERSION = 2;
const TEMPLATE_MP3 = join(PROJECT_ROOT, 'examples/demo-library/Juniper Falls/Paper Boats/01 - Folded Sails.mp3');
const POOL_SIZE = 50;
/**
 * Edge lengths of the 50 pool pictures: mostly the 500-600 px most embedded art has (store
 * downloads, taggers' defaults), some 700-800, and a few large scans of 1000-1200 px.
 */
const POOL_EDGES = [...Array(26).fill(500), ...Array(12).fill(600), ...Array(5).fill(700), ...Array(3).fill(800), ...Array(2).fill(1000), ...Array(2).fill(1200)] as number[];
/** Pool pictures of 500 px: the extra part's art (see plan()). */
const SMALL_POOL = POOL_EDGES.filter((e) => e === 500).length;
const ALBUMS_PER_ARTIST = 8;

export type AlbumKind = 'embedded' | 'folder' | 'both' | 'none';

export interface LibraryAlbum {
  /** Global index, 0-based, across both parts. */
  index: number;
  part: 'core' | 'extra';
  /** Relative to the library root, forward slashes. */
  folder: string;
  artist: string;
  title: string;
  kind: AlbumKind;
  /** Pool picture and quantisation variant of its art (when it has any). */
  pool: number;
  variant: number;
  pictureBytes: number;
  /** Relative to the library root. */
  tracks: string[];
}

export interface SyntheticLibrary {
  root: string;
  /** `<root>/core`: the all-embedded part (pipeline, scan). */
  core: string;
  albums: LibraryAlbum[];
  /** Seconds spent generating (0 when it came from the cache). */
  generatedIn: number;
  bytes: number;
  /** The JPEG an album's tracks (or cover.jpg) carry. */
  picture(album: LibraryAlbum): Promise<Buffer>;
}

export interface LibrarySpec {
  coreAlbums: number;
  extraAlbums: number;
  tracksPerAlbum: number;
  /** The extra part's share of albums with no art at all, instead of the 5 % of the usual mix (the rest keep its proportions). */
  noArtPercent?: number;
}

const ADJECTIVES = ['Amber', 'Velvet', 'Silver', 'Quiet', 'Northern', 'Paper', 'Glass', 'Copper', 'Hollow', 'Golden', 'Crimson', 'Lunar', 'Electric', 'Wandering', 'Distant', 'Café', 'Søndre', 'Blue', 'Midnight', 'Salt'];
const NOUNS = ['Harbour', 'Lights', 'Parade', 'Signal', 'Orchard', 'Static', 'Rivers', 'Engines', 'Gardens', 'Avenue', 'Tides', 'Echoes', 'Foxes', 'Satellites', 'Choir', 'Weather', 'Cedar', 'Lanterns'];

const words = (n: number, salt: number) => `${ADJECTIVES[(n * 7 + salt) % ADJECTIVES.length]} ${NOUNS[(n * 11 + salt * 3) % NOUNS.length]}`;
/** Folder names: no path separators or characters some file systems refuse. */
const safe = (s: string) => s.replace(/[/\\:*?"<>|]/g, '_');

function kindOf(part: 'core' | 'extra', index: number, noArtPercent?: number): AlbumKind {
  if (part === 'core') return 'embedded';
  // Spread evenly through the library (37 is prime to 100), so the scan meets them all along.
  if (noArtPercent !== undefined) {
    if ((index * 37) % 100 < noArtPercent) return 'none';
    const slot = index % 19;
    return slot < 14 ? 'embedded' : slot < 17 ? 'folder' : 'both';
  }
  const slot = index % 20;
  if (slot < 14) return 'embedded';
  if (slot < 17) return 'folder';
  if (slot < 19) return 'both';
  return 'none';
}

function plan(spec: LibrarySpec): LibraryAlbum[] {
  const albums: LibraryAlbum[] = [];
  const total = spec.coreAlbums + spec.extraAlbums;
  for (let index = 0; index < total; index++) {
    const part = index < spec.coreAlbums ? 'core' : 'extra';
    const artistIndex = Math.floor(index / ALBUMS_PER_ARTIST);
    const artist = `${words(artistIndex, 1)} ${artistIndex + 1}`;
    const title = `${words(index, 5)} ${index + 1}`;
    const year = 1965 + (index % 60);
    const folder = `${part}/${safe(artist)}/${year} - ${safe(title)}`;
    const tracks = Array.from({ length: spec.tracksPerAlbum }, (_, t) => `${folder}/${String(t + 1).padStart(2, '0')} - ${safe(words(index + t, 9))}.mp3`);
    const poolSpan = part === 'core' ? POOL_SIZE : SMALL_POOL;
    albums.push({ index, part, folder, artist, title, kind: kindOf(part, index, spec.noArtPercent), pool: index % poolSpan, variant: Math.floor(index / poolSpan) + 1 + (part === 'core' ? 0 : 1000), pictureBytes: 0, tracks });
  }
  return albums;
}

/** A pool picture: a two-colour gradient, translucent discs, and grain. Cached as a file. */
export async function poolPicture(i: number): Promise<Buffer> {
  const file = join(DATA_DIR, `pictures-v${PICTURES_VERSION}`, `${String(i).padStart(2, '0')}.jpg`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return cached;
  const size = POOL_EDGES[i % POOL_EDGES.length]!;
  const hue = (i * 47) % 360;
  const discs = Array.from({ length: 12 }, (_, k) => {
    const r = size / 10 + ((k * 17 * size) / 500) % (size / 6);
    return `<circle cx="${(k * 97 + i * 13) % size}" cy="${(k * 61 + i * 29) % size}" r="${r.toFixed(1)}" fill="hsl(${(hue + k * 30) % 360},80%,60%)" fill-opacity="0.5"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 140) % 360},60%,25%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${discs}</svg>`;
  const base = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const grain = await sharp({ create: { width: size, height: size, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).raw().toBuffer();
  const px = base.data;
  for (let p = 0; p < px.length; p++) px[p] = Math.max(0, Math.min(255, px[p]! + (grain[p]! - 128) * 0.25));
  const jpeg = await sharp(px, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, jpeg);
  return jpeg;
}

/** The library for `spec`: from the cache when a complete one is there, else generated now. */
export async function syntheticLibrary(spec: LibrarySpec, log: (m: string) => void = () => {}): Promise<SyntheticLibrary> {
  const key = `library-v${FORMAT_VERSION}-c${spec.coreAlbums}-x${spec.extraAlbums}-t${spec.tracksPerAlbum}${spec.noArtPercent !== undefined ? `-n${spec.noArtPercent}` : ''}`;
  const root = join(DATA_DIR, key);
  const manifestFile = join(root, 'manifest.json');
  // Pool pictures are made on first use: a small (smoke) library needs only the first few.
  const pool = new Map<number, Promise<Buffer>>();
  const picture = async (a: LibraryAlbum) => {
    if (!pool.has(a.pool)) pool.set(a.pool, poolPicture(a.pool));
    return jpegVariant(await pool.get(a.pool)!, a.variant);
  };

  const cached = await readFile(manifestFile, 'utf8').catch(() => null);
  if (cached) {
    const m = JSON.parse(cached) as { albums: LibraryAlbum[]; bytes: number };
    return { root, core: join(root, 'core'), albums: m.albums, bytes: m.bytes, generatedIn: 0, picture };
  }

  const started = Date.now();
  log(`generating ${key} (${spec.coreAlbums + spec.extraAlbums} albums, ${(spec.coreAlbums + spec.extraAlbums) * spec.tracksPerAlbum} tracks) in ${root}`);
  await rm(root, { recursive: true, force: true });
  const audio = stripId3v2(await readFile(TEMPLATE_MP3));
  const albums = plan(spec);
  let bytes = 0;
  await mapLimit(albums, 8, async (a) => {
    const dir = join(root, a.folder);
    await mkdir(dir, { recursive: true });
    const art = a.kind === 'none' ? undefined : await picture(a);
    a.pictureBytes = art?.length ?? 0;
    const embed = a.kind === 'embedded' || a.kind === 'both' ? art : undefined;
    if (art && (a.kind === 'folder' || a.kind === 'both')) {
      await writeFile(join(dir, 'cover.jpg'), art);
      bytes += art.length;
    }
    for (const [t, rel] of a.tracks.entries()) {
      const tag = id3v23({
        title: words(a.index + t, 9),
        artist: a.artist,
        albumArtist: a.artist,
        album: a.title,
        track: `${t + 1}/${a.tracks.length}`,
        disc: '1/1',
        year: String(1965 + (a.index % 60)),
        picture: embed,
      });
      const file = Buffer.concat([tag, audio]);
      await writeFile(join(root, rel), file);
      bytes += file.length;
    }
  });
  await verify(root, albums, picture);
  // Written last, and atomically: a run stopped half-way leaves no manifest, so the next one starts over.
  await writeFile(`${manifestFile}.tmp`, JSON.stringify({ spec, albums, bytes }));
  await rename(`${manifestFile}.tmp`, manifestFile);
  const generatedIn = (Date.now() - started) / 1000;
  log(`generated ${(bytes / 2 ** 20).toFixed(0)} MB in ${generatedIn.toFixed(1)} s`);
  return { root, core: join(root, 'core'), albums, bytes, generatedIn, picture };
}

/** music-metadata must read back what we wrote: tags, and the very picture bytes. */
async function verify(root: string, albums: LibraryAlbum[], picture: (a: LibraryAlbum) => Promise<Buffer>): Promise<void> {
  const sample = (['embedded', 'both', 'folder', 'none'] as const).flatMap((k) => albums.filter((a) => a.kind === k).slice(0, 2));
  for (const a of sample) {
    const meta = await parseFile(join(root, a.tracks[0]!));
    const c = meta.common;
    const problems: string[] = [];
    if (c.album !== a.title) problems.push(`album ${JSON.stringify(c.album)}`);
    if (c.albumartist !== a.artist) problems.push(`album artist ${JSON.stringify(c.albumartist)}`);
    if (c.track.no !== 1) problems.push(`track ${c.track.no}`);
    if (meta.format.container !== 'MPEG') problems.push(`container ${meta.format.container}`);
    const embedded = c.picture?.[0];
    if (a.kind === 'embedded' || a.kind === 'both') {
      if (!embedded || embedded.type !== 'Cover (front)' || !Buffer.from(embedded.data).equals(await picture(a))) problems.push('picture differs');
    } else if (embedded) problems.push('unexpected picture');
    if (a.kind === 'folder' || a.kind === 'both') await stat(join(root, a.folder, 'cover.jpg'));
    if (problems.length) throw new Error(`generated ${a.tracks[0]} reads back wrong: ${problems.join(', ')}`);
  }
}
