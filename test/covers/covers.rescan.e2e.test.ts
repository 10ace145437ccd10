/**
 * "A scan that sees a new cover.jpg or changed embedded art re-resolves that album": a copy of a
 * fixture album in a temporary library, changed between two scans through the API.
 */
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { album, fetchImage, scan, settled, steps, waitForCover } from '../helpers/covers.js';
import { solidJpeg, expectColor } from '../helpers/images.js';

const FOLDER = 'Nobody Knows/Unknown Quantity';

describe('re-scanning a changed album', () => {
  let dir: string;
  let t: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'covers-rescan-'));
    await cp(join(FIXTURE_LIBRARY, FOLDER), join(dir, FOLDER), { recursive: true });
    t = await startTestApp({ env: { MUSIC_DIR: dir, COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
  });
  afterAll(async () => {
    await t?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('re-resolves an album whose folder gained, then lost, a cover.jpg', async () => {
    await scan(t);
    const missing = await waitForCover(t, FOLDER, (c) => settled(c));
    expect(missing).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });

    await writeFile(join(dir, FOLDER, 'cover.jpg'), await solidJpeg('#4488cc', 300));
    await scan(t);
    const ready = await waitForCover(t, FOLDER, (c) => settled(c) && c.status === 'READY');
    expect(ready).toMatchObject({ source: 'FOLDER' });
    expect(steps(ready)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:FOUND']);
    await expectColor((await fetchImage(t, ready.url!)).bytes, '4488cc', 12);

    await unlink(join(dir, FOLDER, 'cover.jpg'));
    await scan(t);
    const gone = await waitForCover(t, FOLDER, (c) => settled(c) && c.status !== 'READY');
    expect(gone).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER', url: missing.url });
    expect((await album(t, FOLDER)).cover.url).toBe(missing.url);
  });
});
