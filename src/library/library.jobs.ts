import type { Services } from '../context.js';
import { enqueueAfterScan } from '../covers/cover.service.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import { scanLibrary } from './library.scanner.js';

/** The `scan_library` task: runs the incremental scanner for a queued scan row. */
export function scanLibraryTask(services: Services, log: Log): TaskHandlers['scan_library'] {
  return async ({ scanId, path }) => {
    const started = Date.now();
    const summary = await scanLibrary(services.db, {
      root: services.config.musicDir,
      subPath: path ?? undefined,
      scanId,
      onProgress: (p) => services.events.publish('scan', { scanId, ...p }),
    });
    log.info(
      {
        scanId,
        path: path ?? '.',
        ms: Date.now() - started,
        filesSeen: summary.filesSeen,
        parsed: summary.filesParsed,
        failed: summary.filesFailed,
        albumsAdded: summary.albumsAdded.length,
        albumsChanged: summary.albumsChanged.length,
        albumsRemoved: summary.albumsRemoved.length,
      },
      'scan finished',
    );
    await enqueueAfterScan(
      services,
      [...summary.albumsAdded.map((id) => ({ type: 'album' as const, id })), ...summary.artistsAdded.map((id) => ({ type: 'artist' as const, id }))],
      [...summary.albumsChanged.map((id) => ({ type: 'album' as const, id })), ...summary.artistsChanged.map((id) => ({ type: 'artist' as const, id }))],
    );
    for (const f of summary.failures.slice(0, 20)) log.warn({ scanId, path: f.path, error: f.error }, 'file could not be read');
  };
}
