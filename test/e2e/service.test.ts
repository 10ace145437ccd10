import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIBRARY } from '../../src/env.js';
import { startService, type ServiceProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';

const ALBUMS = '{ albums(first: 50) { totalCount edges { node { title cover { status url } } } } }';

async function query(url: string, q: string) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}


function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The two-command promise, as a user runs it: `npm start` on an embedded Postgres in DATA_DIR. */
describe('the service as a user runs it (embedded Postgres)', () => {
  let dataDir: string;
  let first: ServiceProcess;
  let url: string;
  const env = () => ({ DATA_DIR: dataDir, PORT: '0', MUSIC_DIR: DEMO_LIBRARY, COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'covers-e2e-'));
    await chmod(dataDir, 0o755);
    first = startService(['serve'], env());
    const line = await first.waitFor(/SoniqueBay Covers is running/, 60_000);
    url = (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    first?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('scans the demo library at start and resolves every cover', async () => {
    const albums = await waitFor(async () => {
      const r = await query(url, ALBUMS);
      const edges = r.data?.albums.edges as { node: { cover: { status: string; url: string } } }[] | undefined;
      return edges && edges.length === 7 && edges.every((e) => e.node.cover.status !== 'PENDING') ? edges : undefined;
    }, 30_000);
    expect(albums.every((e) => ['READY', 'MISSING'].includes(e.node.cover.status))).toBe(true);
    const img = await fetch(`${url}${albums[0]!.node.cover.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/webp');
  });

  it('keeps the generated database password in DATA_DIR, readable by the owner only', async () => {
    const s = await stat(join(dataDir, 'postgres.password'));
    expect(s.mode & 0o077).toBe(0);
    expect((await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim().length).toBeGreaterThanOrEqual(20);
  });

  it('gives a second server on the same DATA_DIR a clear error and leaves the first untouched', async () => {
    const second = startService(['serve'], env());
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(/DATA_DIR .* is in use by another process \(pid \d+\)/);
    const r = await query(url, ALBUMS);
    expect(r.data?.albums.totalCount).toBe(7);
  });

  it('lets `scan` join the running embedded server', async () => {
    const scan = startService(['scan'], env());
    const { code } = await scan.exited;
    expect(code).toBe(0);
    const summary = JSON.parse(scan.output().slice(scan.output().indexOf('{'), scan.output().lastIndexOf('}') + 1)) as Record<string, number>;
    expect(summary).toMatchObject({ filesSeen: 19, filesParsed: 0, filesSkipped: 19, filesFailed: 0 });
  });

  it('stops cleanly on SIGTERM, Postgres with it, and starts again on the same data', async () => {
    const pgPid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(isAlive(pgPid)).toBe(true);
    first.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    await expect(stat(join(dataDir, 'postgres.lock'))).rejects.toThrow();

    first = startService(['serve'], { ...env(), SCAN_ON_START: 'false' });
    const line = await first.waitFor(/SoniqueBay Covers is running/, 60_000);
    url = (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');
    const r = await query(url, ALBUMS);
    expect(r.data?.albums.totalCount).toBe(7);
    expect((r.data?.albums.edges as { node: { cover: { status: string } } }[]).every((e) => e.node.cover.status !== 'PENDING')).toBe(true);
  });

  it('recovers after being killed (SIGKILL): the orphaned Postgres is stopped and the next start works', async () => {
    const pgPid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    first.kill('SIGKILL');
    await first.exited;
    expect(isAlive(pgPid)).toBe(true); // nothing could stop it
    first = startService(['serve'], { ...env(), SCAN_ON_START: 'false' });
    const line = await first.waitFor(/SoniqueBay Covers is running/, 60_000);
    url = (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');
    expect(isAlive(pgPid)).toBe(false);
    expect((await query(url, ALBUMS)).data?.albums.totalCount).toBe(7);
  });
});

describe('start-up errors', () => {
  it('names the bad variable and exits 1', async () => {
    const p = startService(['serve'], { PORT: 'nope', COVER_SOURCES: 'embedded,myspace' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.output()).toMatch(/PORT/);
    expect(p.output()).toMatch(/COVER_SOURCES: unknown source "myspace"/);
  });

  it('explains an unknown command', async () => {
    const p = startService(['frobnicate'], {});
    expect((await p.exited).code).toBe(1);
    expect(p.output()).toMatch(/unknown command "frobnicate"[\s\S]*usage:/);
  });
});
