/**
 * Issue 15: a message names its source once. A remote that cannot be reached used to give
 * `deezer: deezer: 127.0.0.1:9 connection failed` in the cover's error, its event and the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { encodeId } from '../../src/schema/builder.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';

const OFFLINE = 'http://127.0.0.1:9'; // nothing listens on the discard port
const REQUEST = 'mutation ($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }';
/** Tagged with a release MBID (fixture README): the CAA source asks the Cover Art Archive first. */
const RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';

const count = (text: string, word: string) => text.split(`${word}:`).length - 1;

describe.each(['coverartarchive', 'lastfm', 'deezer'] as const)('%s offline', (name) => {
  let t: TestApp;
  let albumId: number;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        COVER_SOURCES: `${name},placeholder`,
        MUSICBRAINZ_URL: OFFLINE,
        COVERARTARCHIVE_URL: OFFLINE,
        LASTFM_URL: OFFLINE,
        DEEZER_URL: OFFLINE,
        LASTFM_API_KEY: 'some-key',
        RETRY_BASE_MS: '600000',
      },
    });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    albumId = (await t.app.db.selectFrom('albums').select('id').where('mb_release_id', '=', RELEASE_MBID).executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t?.stop());

  it('names the source once in the cover error and its trace', async () => {
    await t.gql(REQUEST, { ids: [encodeId('Album', albumId)] });
    const cover = await waitFor(
      async () => {
        const row = await t.app.db.selectFrom('covers').selectAll().where('entity_type', '=', 'album').where('entity_id', '=', albumId).executeTakeFirst();
        return row?.status === 'FALLBACK' ? row : undefined;
      },
      15_000,
      { message: 'the cover to fall back' },
    );
    expect(cover.last_error).toMatch(new RegExp(`^${name}: .*127\\.0\\.0\\.1:9 connection failed`));
    expect(count(cover.last_error!, name)).toBe(1);
    expect(cover.last_error).not.toMatch(/\b(\w+): \1:/);
    const step = cover.trace.find((s) => s.outcome === 'ERROR')!;
    expect(count(step.detail, name)).toBe(1);
  });
});
