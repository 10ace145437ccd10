import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { id3v23, stripId3v2 } from '../../bench/lib/id3.js';
import { DEMO_LIBRARY } from '../../src/env.js';

/** A tiny real mp3 of the demo library (made by ffmpeg): its audio frames under every generated tag. */
const TEMPLATE = join(DEMO_LIBRARY, 'Juniper Falls/Paper Boats/01 - Folded Sails.mp3');

export interface GeneratedLibrary {
  files: number;
  albums: number;
  /** Relative paths of the files that are not audio at all. */
  broken: string[];
}

/**
 * `artists` x `albumsPerArtist` x `tracksPerAlbum` small mp3s with their own ID3 tags under `root`
 * (`Artist 01/Album 01/01 - Track.mp3`), plus `broken` files of random bytes: thousands in a second.
 */
export async function generateLibrary(
  root: string,
  opts: { artists: number; albumsPerArtist: number; tracksPerAlbum: number; broken?: number },
): Promise<GeneratedLibrary> {
  const audio = stripId3v2(await readFile(TEMPLATE));
  const pad = (n: number) => String(n).padStart(2, '0');
  let files = 0;
  for (let a = 1; a <= opts.artists; a++) {
    for (let b = 1; b <= opts.albumsPerArtist; b++) {
      const dir = join(root, `Artist ${pad(a)}`, `Album ${pad(b)}`);
      await mkdir(dir, { recursive: true });
      const writes: Promise<void>[] = [];
      for (let t = 1; t <= opts.tracksPerAlbum; t++) {
        const tag = id3v23({
          title: `Track ${t}`,
          artist: `Artist ${pad(a)}`,
          albumArtist: `Artist ${pad(a)}`,
          album: `Album ${pad(a)}-${pad(b)}`,
          track: `${t}/${opts.tracksPerAlbum}`,
          disc: '1/1',
          year: '2001',
          padding: 0,
        });
        writes.push(writeFile(join(dir, `${pad(t)} - Track ${t}.mp3`), Buffer.concat([tag, audio])));
        files++;
      }
      await Promise.all(writes);
    }
  }
  const broken: string[] = [];
  for (let i = 1; i <= (opts.broken ?? 0); i++) {
    const rel = `Broken/Noise/${pad(i)} - Noise.mp3`;
    await mkdir(join(root, 'Broken/Noise'), { recursive: true });
    await writeFile(join(root, rel), Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919 + i) % 251)));
    broken.push(rel);
    files++;
  }
  return { files, albums: opts.artists * opts.albumsPerArtist, broken };
}
