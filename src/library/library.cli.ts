import type { Db } from '../db/database.js';
import type { Log } from '../logger.js';
import type { StatusLine } from '../status-line.js';
import type { LibraryHooks } from './library.changes.js';
import { createScanReporter, summaryLine } from './library.report.js';
import { scanLibrary } from './library.scanner.js';

export interface ScanCommandOptions {
  root: string;
  subPath?: string;
  log: Log;
  /** The terminal's live line when stdout is one; JSON lines otherwise. */
  statusLine?: StatusLine;
  progressEveryMs: number;
  hooks?: LibraryHooks;
  signal?: AbortSignal;
  /** Where the command's own output goes (stdout), one line per call. */
  print: (line: string) => void;
  /** Closes the database once the scan is over, before the summary, so the summary is the last line. */
  close?: () => Promise<void>;
}

/**
 * `scan [dir]`: scans now, showing progress, then prints what could not be read (paths relative to
 * MUSIC_DIR) and one summary line: words on a terminal, a JSON object otherwise. Returns the exit code.
 */
export async function runScanCommand(db: Db, opts: ScanCommandOptions): Promise<number> {
  const started = Date.now();
  const reporter = createScanReporter({ log: opts.log, statusLine: opts.statusLine, everyMs: opts.progressEveryMs });
  let summary;
  try {
    summary = await scanLibrary(db, { root: opts.root, subPath: opts.subPath, signal: opts.signal, hooks: opts.hooks, onProgress: reporter.onProgress });
  } catch (err) {
    if (opts.signal?.aborted) {
      opts.print('scan stopped; what was read is kept, and the next scan goes on from there');
      return 130;
    }
    throw err;
  }
  await opts.close?.();
  const { failures, ignored, ...counts } = summary;
  for (const f of failures) opts.print(`could not read ${f.path}: ${f.error}`);
  const unlisted = summary.filesFailed - failures.filter((f) => !f.error.startsWith('folder cannot be read')).length;
  if (unlisted > 0) opts.print(`... and ${unlisted} more files that could not be read`);
  for (const i of ignored) opts.print(`ignored ${i.path}: ${i.reason}`);
  if (summary.filesIgnored > ignored.length) opts.print(`... and ${summary.filesIgnored - ignored.length} more files ignored`);
  const totals = {
    ...counts,
    albumsAdded: counts.albumsAdded.length,
    albumsChanged: counts.albumsChanged.length,
    albumsRemoved: counts.albumsRemoved.length,
    artistsAdded: counts.artistsAdded.length,
    artistsChanged: counts.artistsChanged.length,
    artistsRemoved: counts.artistsRemoved.length,
  };
  const ms = Date.now() - started;
  opts.print(opts.statusLine ? summaryLine(totals, ms) : JSON.stringify({ msg: 'scan finished', ms, ...totals }));
  return 0;
}
