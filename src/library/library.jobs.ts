import type { Services } from '../context.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import type { StatusLine } from '../status-line.js';
import type { LibraryHooks } from './library.changes.js';
import { createScanReporter } from './library.report.js';
import { requeueScan } from './library.repository.js';
import { scanLibrary } from './library.scanner.js';

/**
 * The `scan_library` task: runs the incremental scanner for a queued scan row and tells `hooks`
 * what changed. A stopping worker aborts it: the row goes back to queued and the job fails, so
 * graphile-worker runs it again (here after a restart, or on another worker); unchanged files are
 * skipped, so it resumes where it stopped.
 */
export function scanLibraryTask(services: Services, log: Log, hooks: LibraryHooks, opts: { statusLine?: StatusLine } = {}): TaskHandlers['scan_library'] {
  return async ({ scanId, path }, helpers) => {
    const signal = helpers.abortSignal;
    const started = Date.now();
    const reporter = createScanReporter({ log, statusLine: opts.statusLine, everyMs: services.config.scanProgressEveryMs, scanId });
    let summary;
    try {
      summary = await scanLibrary(services.db, {
        root: services.config.musicDir,
        subPath: path ?? undefined,
        scanId,
        signal,
        hooks,
        onProgress: (p) => {
          services.events.publish('scan', { scanId, ...p });
          reporter.onProgress(p);
        },
      });
    } catch (err) {
      if (signal?.aborted) {
        await requeueScan(services.db, scanId);
        log.info({ scanId }, 'scan stopped with the worker; it resumes when a worker runs it again');
      }
      throw err;
    }
    log.info(
      {
        scanId,
        path: path ?? '.',
        ms: Date.now() - started,
        filesSeen: summary.filesSeen,
        parsed: summary.filesParsed,
        skipped: summary.filesSkipped,
        failed: summary.filesFailed,
        albumsAdded: summary.albumsAdded.length,
        albumsChanged: summary.albumsChanged.length,
        albumsRemoved: summary.albumsRemoved.length,
      },
      'scan finished',
    );
    for (const f of summary.failures.slice(0, 20)) log.warn({ scanId, path: f.path, error: f.error }, 'file could not be read');
  };
}
