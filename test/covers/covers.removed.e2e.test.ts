/**
 * The library announces what a scan removed; covers removes its own rows for it, in the same
 * transaction (the library repository knows nothing of covers).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { scan, waitForSettled } from '../helpers/covers.js';

const KEPT = 'Amber Coast/Harbour Lights';
const GONE = 'Nobody Knows/Unknown Quantity';

describe('an album whose files are gone', () => {
  let dir: string;
  let t: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covers-removed-'));
    for (const f of [KEPT, GONE]) await cp(join(FIXTURE_LIBRARY, f), join(dir, f), { recursive: true });
    t = await startTestApp({ env: { MUSIC_DIR: dir, COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
  });
  afterAll(async () => {
    await t?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes its covers rows (album and artist) with it when a scan removes it', async () => {
    await scan(t);
    await waitForSettled(t, 20_000, { artists: true });
    const gone = await t.app.db.selectFrom('albums').select(['id', 'artist_id']).where('folder', '=', GONE).executeTakeFirstOrThrow();
    const coversOf = () =>
      t.app.db
        .selectFrom('covers')
        .select(['entity_type', 'entity_id'])
        .where((eb) => eb.or([eb.and([eb('entity_type', '=', 'album'), eb('entity_id', '=', gone.id)]), eb.and([eb('entity_type', '=', 'artist'), eb('entity_id', '=', gone.artist_id)])]))
        .execute();
    expect(await coversOf()).toHaveLength(2);

    await rm(join(dir, GONE), { recursive: true });
    await scan(t);
    expect(await t.app.db.selectFrom('albums').select('id').where('id', '=', gone.id).execute()).toEqual([]);
    expect(await coversOf()).toEqual([]);
    expect(await t.app.db.selectFrom('covers').select('entity_id').where('entity_type', '=', 'album').execute()).toHaveLength(1);
  });
});
