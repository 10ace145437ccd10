import type { Log } from '../logger.js';
import type { StatusLine } from '../status-line.js';
import { type ScanProgress, scanPace } from './library.progress.js';

/**
 * Shows a running scan to whoever watches the process: a live line on a terminal, else a
 * `scan progress` JSON log line every `everyMs` (a systemd journal, a container log). The numbers
 * are those `scanProgress` streams, plus the pace derived from them.
 */
export function createScanReporter(opts: { log: Log; statusLine?: StatusLine; everyMs: number; scanId?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const started = now();
  let lastLogAt = started;
  return {
    onProgress(p: ScanProgress): void {
      const elapsed = now() - started;
      if (opts.statusLine) {
        if (p.done) opts.statusLine.clear();
        else opts.statusLine.show(progressLine(p, elapsed));
        return;
      }
      if (p.done || now() - lastLogAt < opts.everyMs) return;
      lastLogAt = now();
      const pace = scanPace(p, elapsed);
      const { done: _, ...counters } = p;
      opts.log.info(
        {
          ...(opts.scanId !== undefined ? { scanId: opts.scanId } : {}),
          ...counters,
          filesPerSec: Math.round(pace.filesPerSec * 10) / 10,
          secondsLeft: pace.secondsLeft === null ? null : Math.round(pace.secondsLeft),
        },
        'scan progress',
      );
    },
  };
}

/**
 * `scanning 1,234/4,000 files, about 9.0 s left (309 files/s): 1,200 read, 3 failed, 120 albums added`:
 * most telling first, so a narrow terminal cuts the least.
 */
export function progressLine(p: ScanProgress, elapsedMs: number): string {
  const pace = scanPace(p, elapsedMs);
  const seen = p.filesTotal === null ? `${num(p.filesSeen)} files` : `${num(p.filesSeen)}/${num(p.filesTotal)} files`;
  const left = pace.secondsLeft === null ? 'counting' : `about ${duration(pace.secondsLeft)} left`;
  return `scanning ${seen}, ${left} (${num(Math.round(pace.filesPerSec))} files/s): ${num(p.filesParsed)} read, ${num(p.filesFailed)} failed, ${num(p.albumsAdded)} albums added`;
}

/** The one line a finished scan leaves on a terminal. */
export function summaryLine(
  s: { filesSeen: number; filesParsed: number; filesSkipped: number; filesFailed: number; filesIgnored: number; albumsAdded: number; albumsChanged: number; albumsRemoved: number },
  elapsedMs: number,
): string {
  // Ignored files are named just above; the count only when there are some, to keep the line short.
  const ignored = s.filesIgnored > 0 ? `, ${num(s.filesIgnored)} ignored` : '';
  return (
    `scanned ${num(s.filesSeen)} files in ${duration(elapsedMs / 1000)}: ${num(s.filesParsed)} read, ${num(s.filesSkipped)} unchanged, ${num(s.filesFailed)} failed${ignored}; ` +
    `albums ${num(s.albumsAdded)} added, ${num(s.albumsChanged)} changed, ${num(s.albumsRemoved)} removed`
  );
}

const num = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 120 ? `${m} min ${Math.round(seconds - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
