/**
 * A cover job that throws on every attempt (here a real Postgres check constraint refuses the row
 * the chain writes for this album) is never silent nor endless: each throw is an attempt shown on
 * `Cover.job`, GraphQL reads neither reset it nor make it due now, and after RETRY_MAX_ATTEMPTS
 * attempts the cover is FAILED (what the `job_failures` alert counts) and the job is gone.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { countJobFailures } from '../../src/monitoring/monitoring.repository.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { scan } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { waitFor } from '../helpers/wait.js';

const CoverJob = `query { albums(first: 5) { edges { node { title cover { status lastError: job { attempts lastError state runAt } } } } } }`;

let music: string;
let fake: FakeRemotes;
let t: TestApp;

beforeAll(async () => {
  music = await mkdtemp(join(tmpdir(), 'covers-failing-job-'));
  await mkdir(join(music, 'Pixel Dust/One Pixel'), { recursive: true });
  // Its only picture is a 1x1 GIF: no source finds a cover, the chain ends writing MISSING.
  await cp(join(PROJECT_ROOT, 'test/fixtures/pictures/Pixel Dust/One Pixel/01 - Dot.mp3'), join(music, 'Pixel Dust/One Pixel/01 - Dot.mp3'));
  fake = await startFakeRemotes();
  t = await startTestApp({ env: { ...fake.env(), MUSIC_DIR: music, RETRY_MAX_ATTEMPTS: '2', MUSICBRAINZ_RATE_PER_SEC: '50', REMOTE_TIMEOUT_MS: '2000' } });
  // Data the database refuses: this album's cover may not be MISSING, so every attempt throws.
  await t.database.pool.query(`alter table covers add constraint no_missing_album check (not (status = 'MISSING' and entity_type = 'album'))`);
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
  await rm(music, { recursive: true, force: true });
});

type Node = { title: string; cover: { status: string; lastError: { attempts: number; lastError: string | null; state: string; runAt: string } | null } };
async function album(): Promise<Node> {
  const res = await t.gql<{ albums: { edges: { node: Node }[] } }>(CoverJob);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.albums.edges[0]!.node;
}

it('counts each throw as an attempt, shows it, is not re-queued by reads, and ends FAILED after the budget', async () => {
  await scan(t);
  const first = await waitFor(async () => {
    const a = await album();
    return a.cover.lastError?.lastError ? a : undefined;
  }, 20_000);
  expect(first.cover.status).toBe('PENDING');
  expect(first.cover.lastError!.lastError).toMatch(/no_missing_album/);
  expect(first.cover.lastError!.state).toBe('SCHEDULED');
  // Reads while it waits for its retry: the attempt count and the schedule stay as they are.
  const runAt = first.cover.lastError!.runAt;
  for (let i = 0; i < 5; i++) {
    const a = await album();
    if (a.cover.status !== 'PENDING' || a.cover.lastError?.state !== 'SCHEDULED') break;
    expect(a.cover.lastError).toMatchObject({ attempts: 1, runAt });
  }
  const failed = await waitFor(async () => {
    const a = await album();
    return a.cover.status === 'FAILED' ? a : undefined;
  }, 30_000);
  expect(failed.cover.lastError).toBeNull();
  const { rows } = await t.database.pool.query(`select attempts, last_error from covers where entity_type = 'album'`);
  expect(rows[0]).toMatchObject({ attempts: 2, last_error: expect.stringMatching(/no_missing_album/) });
  expect((await countJobFailures(t.database.db, 60)).covers).toBe(1);
}, 90_000);
