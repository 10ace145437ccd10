import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/schema/builder.js';
import { generateLibrary, type GeneratedLibrary } from '../helpers/generated-library.js';
import { startService, type ServiceProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';

interface LogLine {
  msg: string;
  scanId?: number;
  filesSeen?: number;
  parsed?: number;
  skipped?: number;
  failed?: number;
  [k: string]: unknown;
}

const lines = (p: ServiceProcess): LogLine[] =>
  p
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

async function gql(url: string, query: string) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: any };
}

/** SIGTERM in the middle of a first scan of 4,000 files: the process ends promptly, the scan resumes on the next start. */
describe('stopping the service during a large scan', () => {
  let work: string;
  let dataDir: string;
  let musicDir: string;
  let library: GeneratedLibrary;
  const running: ServiceProcess[] = [];
  const env = () => ({
    DATA_DIR: dataDir,
    MUSIC_DIR: musicDir,
    PORT: '0',
    COVER_SOURCES: 'embedded,folder,placeholder',
    ARTIST_IMAGE_SOURCES: 'folder,placeholder',
    SCAN_PROGRESS_EVERY_MS: '100',
  });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'covers-scan-stop-'));
    await chmod(work, 0o755);
    dataDir = join(work, 'data');
    musicDir = join(work, 'music');
    library = await generateLibrary(musicDir, { artists: 40, albumsPerArtist: 10, tracksPerAlbum: 10 });
  }, 60_000);
  afterAll(async () => {
    for (const p of running) p.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  });

  it('ends within 5 s of SIGTERM and resumes the same scan on the next start', async () => {
    expect(library.files).toBe(4000);
    const first = startService(['serve'], env());
    running.push(first);
    await first.waitFor(/SoniqueBay Covers is running/, 60_000);
    const progress = JSON.parse(await first.waitFor(/"filesSeen":[1-9]\d{2,}.*"msg":"scan progress"/, 60_000)) as LogLine;
    expect(first.output()).not.toMatch(/"msg":"scan finished"/);

    const stopAt = Date.now();
    first.kill('SIGTERM');
    const exit = await first.exited;
    const stopMs = Date.now() - stopAt;
    expect(exit.code).toBe(0);
    expect(stopMs).toBeLessThan(5000);
    expect(first.output()).toMatch(/scan stopped with the worker/);
    // Interrupted by our own stop is not a failure: nothing about the job at warn or error.
    const aboutTheJob = lines(first).filter((l) => l.task === 'scan_library' || /scan_library/.test(l.msg));
    expect(aboutTheJob.map((l) => l.msg)).toContain('job interrupted by the stop; it runs again later');
    expect(aboutTheJob.filter((l) => (l.level as number) >= 40)).toEqual([]);
    const seenBeforeStop = Math.max(...lines(first).filter((l) => l.msg === 'scan progress').map((l) => l.filesSeen ?? 0));
    expect(seenBeforeStop).toBeLessThan(library.files);

    const second = startService(['serve'], env());
    running.push(second);
    const url = (JSON.parse(await second.waitFor(/SoniqueBay Covers is running/, 60_000)) as { url: string }).url.replace(/\/graphql$/, '');
    const finished = JSON.parse(await second.waitFor(/"msg":"scan finished"/, 120_000)) as LogLine;
    // The same scan (no second one queued), going on from where it stopped: the files already
    // written are skipped, not read again.
    expect(finished.scanId).toBe(progress.scanId);
    expect(finished).toMatchObject({ filesSeen: library.files, failed: 0 });
    expect(finished.skipped).toBeGreaterThan(0);
    expect(finished.parsed! + finished.skipped!).toBe(library.files);
    const latest = await waitFor(async () => {
      const r = await gql(url, '{ latestScan { id state filesSeen } albums(first: 1) { totalCount } }');
      return r.data?.latestScan?.state === 'DONE' ? r.data : undefined;
    }, 10_000);
    expect(latest.latestScan).toEqual({ id: encodeId('Scan', progress.scanId!), state: 'DONE', filesSeen: library.files });
    expect(latest.albums.totalCount).toBe(library.albums);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 240_000);
});
