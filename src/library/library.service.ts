import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Services } from '../context.js';
import { ValidationError } from '../errors.js';
import type { Scan } from './library.table.js';
import * as repo from './library.repository.js';

/**
 * Resolves a folder named by a client to a path relative to the library root, refusing anything
 * that leaves the library (`..`, absolute paths elsewhere, symlinks pointing out).
 */
export async function resolveLibraryPath(root: string, path: string | null): Promise<string | null> {
  if (path === null || path.trim() === '' || path.trim() === '.') return null;
  const target = resolve(root, path);
  const inside = (p: string, base: string) => {
    const rel = relative(base, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (!inside(target, root)) throw new ValidationError('path is outside the music library', 'path');
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new ValidationError(`no folder "${path.slice(0, 200)}" in the music library`, 'path');
  }
  if (!inside(real, await realpath(root))) throw new ValidationError('path is outside the music library', 'path');
  return relative(root, target).split('\\').join('/');
}

/** Why no scan runs when SoniqueBay's backend hands over the library itself. */
export const SCAN_REFUSED_IN_PUSH_MODE = 'LIBRARY_SOURCE=push: the library is registered by SoniqueBay (upsertLibrary), never scanned';

/** Records a queued scan and its job in one transaction: the worker picks it up. */
export async function requestScan(services: Services, path: string | null): Promise<Scan> {
  if (services.config.librarySource === 'push') throw new ValidationError(SCAN_REFUSED_IN_PUSH_MODE, 'path');
  const subPath = await resolveLibraryPath(services.config.musicDir, path);
  return services.db.transaction().execute(async (trx) => {
    const scan = await repo.insertScan(trx, { root: subPath ?? '', state: 'queued' });
    await services.queue.add([{ task: 'scan_library', payload: { scanId: scan.id, path: subPath }, priority: 'HIGH' }], trx);
    return scan;
  });
}

/** At start-up, one incremental scan of the whole library, unless one is already queued or running. */
export async function requestStartupScan(services: Services): Promise<Scan | null> {
  const latest = await repo.findLatestScan(services.db);
  if (latest && (latest.state === 'queued' || latest.state === 'running')) return null;
  return requestScan(services, null);
}
