/**
 * The album dialog shows the album's other pictures (back, booklet, disc) from Album.images,
 * each <img> a path on the service's image route: the typed-images fixture library, real browser.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { albumsByFolder, scan, waitForSettled } from '../helpers/covers.js';
import { waitFor } from '../helpers/wait.js';
import { launchBrowser, type Browser } from './browser.js';
import { screenshot } from './screenshots.js';

const ImagesOf = `query ($id: ID!) { node(id: $id) { ... on Album { images(types: [BACK, BOOKLET, MEDIUM]) { type url(size: 128) } } } }`;

describe('the album dialog', { timeout: 60_000 }, () => {
  let t: TestApp;
  let b: Browser;

  beforeAll(async () => {
    t = await startTestApp({ env: { MUSIC_DIR: resolve(PROJECT_ROOT, 'test/fixtures/typed'), COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
    await scan(t);
    await waitForSettled(t, 30_000);
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test("shows the back cover, booklet page and disc of an album, from the service's image route", async () => {
    const album = (await albumsByFolder(t)).get('Paper Trail/Liner Notes')!;
    // Gathered once asked for: the first read queues the work.
    const expected = await waitFor(
      async () => {
        const res = await t.gql<{ node: { images: { type: string; url: string }[] } }>(ImagesOf, { id: album.id });
        return res.data?.node.images.length === 3 ? res.data.node.images : undefined;
      },
      20_000,
      { message: 'album images gathered' },
    );
    const page = await b.newPage();
    await page.goto(t.url);
    await page.locator(`.tile[data-id="${album.id}"]`).click();
    const dialog = page.locator('dialog.detail');
    await dialog.locator('.pictures img').first().waitFor();
    const shown = await dialog.locator('.pictures li').evaluateAll((els) => els.map((el) => ({ type: el.getAttribute('data-type'), src: el.querySelector('img')!.getAttribute('src'), label: el.textContent!.trim() })));
    expect(shown).toEqual(expected.map((i, n) => ({ type: i.type, src: i.url, label: ['Back', 'Booklet', 'Disc'][n] })));
    await waitFor(async () => (await dialog.locator('.pictures img').evaluateAll((els) => els.every((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0))) || undefined, 15_000, { message: 'pictures loaded' });
    await screenshot(page, 'console-album-pictures');
    expect(b.blocked).toEqual([]);
    expect(b.problems).toEqual([]);
    await page.close();
  });
});
