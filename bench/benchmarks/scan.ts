/**
 * 5. Scan: files/s of the scanner over the core library (new files: read tags, write artists,
 * albums and tracks) against a bare music-metadata loop over the same files (parse only, as many
 * at once as the scanner). Also the unchanged rescan every start-up does (size and mtime only)
 * against a bare readdir + stat walk. Runs alternate, after a warm-up that fills the page cache.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parseFile } from 'music-metadata';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { mapLimit, median, num, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

/** The scanner's default. */
const CONCURRENCY = 2;

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(entries.map(async (e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else out.push(p);
  }));
  return out;
}

export const scan: Benchmark = {
  name: 'scan',
  title: 'Scan: tags of new files',
  async run(ctx) {
    const lib = await ctx.library();
    const files = lib.albums.filter((a) => a.part === 'core').flatMap((a) => a.tracks.map((t) => join(lib.root, t)));
    const database = await ctx.pg.newDatabase('scan');
    const { db } = database;
    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return files.length / ((performance.now() - t) / 1000);
    };
    const bareParse = () => mapLimit(files, CONCURRENCY, (f) => parseFile(f, { skipCovers: true, duration: false }));
    const bareStat = async () => {
      await mapLimit(await walk(lib.core), 16, (f) => stat(f));
    };
    const empty = () => sql`truncate artists, albums, tracks, covers, scans restart identity cascade`.execute(db);
    try {
      await bareParse(); // warm-up: page cache, JIT
      const full: number[] = [];
      const fullBase: number[] = [];
      const again: number[] = [];
      const againBase: number[] = [];
      for (let run = 0; run < ctx.sizes.scanRuns; run++) {
        await empty();
        full.push(await timed(async () => {
          const s = await scanLibrary(db, { root: lib.core });
          if (s.filesParsed !== files.length) throw new Error(`scanner parsed ${s.filesParsed} of ${files.length} files (${s.filesFailed} failed: ${JSON.stringify(s.failures[0])})`);
        }));
        fullBase.push(await timed(bareParse));
        again.push(await timed(async () => {
          const s = await scanLibrary(db, { root: lib.core });
          if (s.filesSkipped !== files.length) throw new Error(`rescan skipped ${s.filesSkipped} of ${files.length} files`);
        }));
        againBase.push(await timed(bareStat));
      }
      const rows: Row[] = [
        {
          benchmark: this.title,
          case: `${files.length} new files: files/s`,
          figure: `${num(median(full))} files/s`,
          baseline: `${num(median(fullBase))} files/s`,
          ratio: times(median(full) / median(fullBase)),
          values: { files: files.length, filesPerSecond: median(full), baselineFilesPerSecond: median(fullBase), runs: full.length, concurrency: CONCURRENCY },
        },
        {
          benchmark: this.title,
          case: 'unchanged rescan: files/s',
          figure: `${num(median(again))} files/s`,
          baseline: `${num(median(againBase))} files/s`,
          ratio: times(median(again) / median(againBase)),
          values: { filesPerSecond: median(again), baselineFilesPerSecond: median(againBase) },
          note: `baselines: music-metadata parseFile (skipCovers, no duration) ${CONCURRENCY} at once / readdir + stat; median of ${full.length} runs; the scanner also writes every row to Postgres`,
        },
      ];
      return rows;
    } finally {
      await database.drop();
    }
  },
};
