/**
 * COVER_CANDIDATES_TTL_MS end to end: the candidates gathered for Album.coverCandidates are kept
 * (a read within the TTL asks no source again), and the first read after it queues their gathering
 * again, which asks the sources anew. Real service, real Postgres, Deezer's fake on loopback.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { expectId } from '../../src/schema/ids.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, scan, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

const FOLDER = 'Scan House/Full Package';
const TTL_MS = 4_000;
const CANDIDATES = `query ($id: ID!) { node(id: $id) { ... on Album { coverCandidates { edges { node { source } } } } } }`;

let fake: FakeRemotes;
let t: TestApp;
let id: string;

beforeAll(async () => {
  fake = await startFakeRemotes();
  fake.deezer.addAlbum({ artist: 'Scan House', title: 'Full Package', cover: await solidJpeg('#aa6622', 1000) });
  t = await startTestApp({
    env: {
      ...fake.env(),
      MUSIC_DIR: resolve(PROJECT_ROOT, 'test/fixtures/typed'),
      COVER_SOURCES: 'embedded,folder,deezer,placeholder',
      ARTIST_IMAGE_SOURCES: 'folder,placeholder',
      COVER_CANDIDATES_TTL_MS: String(TTL_MS),
    },
  });
  await scan(t, 'Scan House');
  await waitForSettled(t, 30_000);
  id = (await album(t, FOLDER)).id;
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

/** The album's gathering row: DONE with its time once the job has finished. */
async function gathering(): Promise<{ state: string; gathered_at: Date | null } | undefined> {
  const { rows } = await sql<{ state: string; gathered_at: Date | null }>`
    select state, gathered_at from cover_candidate_gathers where entity_type = 'album' and entity_id = ${expectId(id, 'Album')}`.execute(t.database.db);
  return rows[0];
}

const deezerSearches = () => fake.requestsTo('deezer').filter((r) => r.path.startsWith('/search/album')).length;
const sources = async () => ((await t.gql(CANDIDATES, { id })).data?.node?.coverCandidates.edges ?? []).map((e: any) => e.node.source as string);

it('keeps the gathered candidates for COVER_CANDIDATES_TTL_MS, then gathers them again on the next read', async () => {
  expect(await sources()).toEqual([]); // never gathered: this read queues it
  const first = await waitFor(async () => {
    const g = await gathering();
    return g?.state === 'DONE' && g.gathered_at ? g.gathered_at : undefined;
  }, 20_000, { message: 'first gathering done' });
  expect(await sources()).toContain('DEEZER');
  const asked = deezerSearches();

  // Within the TTL: the list is what was kept, and no source is asked.
  const readAt = Date.now();
  expect(await sources()).toContain('DEEZER');
  expect(readAt).toBeLessThan(first.getTime() + TTL_MS); // the premise of this half
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await gathering()).toMatchObject({ state: 'DONE', gathered_at: first });
  expect(deezerSearches()).toBe(asked);

  // After it: the next read queues the gathering again, and Deezer is searched anew.
  await new Promise((r) => setTimeout(r, Math.max(0, first.getTime() + TTL_MS + 200 - Date.now())));
  expect(await sources()).toContain('DEEZER'); // what was kept, while the new gathering runs
  const second = await waitFor(async () => {
    const g = await gathering();
    return g?.state === 'DONE' && g.gathered_at && g.gathered_at > first ? g.gathered_at : undefined;
  }, 20_000, { message: 'second gathering done' });
  expect(second.getTime()).toBeGreaterThan(first.getTime());
  expect(deezerSearches()).toBeGreaterThan(asked);
  expect(await sources()).toContain('DEEZER');
});
