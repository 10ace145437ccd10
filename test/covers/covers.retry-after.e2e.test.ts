/** A throttled remote's Retry-After sets the retry (capped at RETRY_MAX_DELAY_MS), not our shorter backoff. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { encodeId } from '../../src/schema/builder.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { waitFor } from '../helpers/wait.js';

const RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
const REQUEST = 'mutation ($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }';

describe.each([
  ['honours a Retry-After longer than the backoff', '120', 120_000],
  ['caps a Retry-After longer than RETRY_MAX_DELAY_MS', '86400', 600_000],
] as const)('a CAA 503 with Retry-After', (title, header, expected) => {
  let fake: FakeRemotes;
  let t: TestApp;
  let albumId: number;
  beforeAll(async () => {
    fake = await startFakeRemotes();
    fake.fault('caa', { status: 503, headers: { 'retry-after': header } });
    t = await startTestApp({ env: { ...fake.env(), COVER_SOURCES: 'coverartarchive,placeholder', RETRY_BASE_MS: '200', RETRY_MAX_DELAY_MS: '600000' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    albumId = (await t.app.db.selectFrom('albums').select('id').where('mb_release_id', '=', RELEASE_MBID).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it(title, async () => {
    await t.gql(REQUEST, { ids: [encodeId('Album', albumId)] });
    const cover = await waitFor(
      async () => {
        const row = await t.app.db.selectFrom('covers').selectAll().where('entity_type', '=', 'album').where('entity_id', '=', albumId).executeTakeFirst();
        return row?.status === 'FALLBACK' ? row : undefined;
      },
      15_000,
      { message: 'the cover to fall back' },
    );
    const delay = cover.next_retry_at!.getTime() - cover.resolved_at!.getTime();
    expect(delay).toBeGreaterThanOrEqual(expected - 1000);
    expect(delay).toBeLessThanOrEqual(expected + 1000);
  });
});
