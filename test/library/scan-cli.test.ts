/**
 * `npm run scan -- <folder>` as a real process on a real database: the folder is taken relative to
 * MUSIC_DIR, as the scanLibrary mutation takes it, and the covers of what the scan added are queued
 * for the worker at once (not left for a page view or the maintenance job).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { coverJobKey } from '../../src/covers/cover.keys.js';
import { PROJECT_ROOT } from '../../src/env.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startService } from '../helpers/process.js';

const DEMO = `${PROJECT_ROOT}/examples/demo-library`;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

it('scans "Aurora Lines" relative to MUSIC_DIR and queues a resolve_cover job for each album and artist it added', async () => {
  const scan = startService(['scan', 'Aurora Lines'], { DATABASE_URL: t.url, MUSIC_DIR: DEMO, DATA_DIR: join(tmpdir(), "covers-scan-cli") });
  const { code } = await scan.exited;
  expect(code, scan.output()).toBe(0);
  const summary = JSON.parse(scan.output().trim().split('\n').at(-1)!) as Record<string, unknown>;
  expect(summary).toMatchObject({ msg: 'scan finished', filesFailed: 0, albumsAdded: 1, artistsAdded: 1 });

  const albums = await t.db.selectFrom('albums').select(['id', 'folder']).execute();
  expect(albums.map((a) => a.folder)).toEqual([expect.stringMatching(/^Aurora Lines\//)]);
  const artists = await t.db.selectFrom('artists').select('id').execute();
  // The jobs view (graphile-worker 0.17) has no payload column: the job key names the subject.
  const { rows } = await sql<{ key: string }>`select key from graphile_worker.jobs where task_identifier = 'resolve_cover'`.execute(t.db);
  expect(rows.map((r) => r.key).sort()).toEqual([coverJobKey({ type: 'album', id: albums[0]!.id }), coverJobKey({ type: 'artist', id: artists[0]!.id })].sort());
  const covers = await t.db.selectFrom('covers').select(['entity_type', 'status']).execute();
  expect(covers.map((c) => `${c.entity_type}:${c.status}`).sort()).toEqual(['album:PENDING', 'artist:PENDING']);
}, 120_000);

it('refuses a folder that is not in MUSIC_DIR, naming it relative to the library', async () => {
  const scan = startService(['scan', 'No Such Band'], { DATABASE_URL: t.url, MUSIC_DIR: DEMO, DATA_DIR: join(tmpdir(), "covers-scan-cli") });
  const { code } = await scan.exited;
  expect(code).not.toBe(0);
  expect(scan.output()).toContain('no folder "No Such Band" in the music library');
}, 120_000);
