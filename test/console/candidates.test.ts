/**
 * "Choose another picture" in the album dialog: the candidates Album.coverCandidates gathers on
 * loopback fakes (an exact-MBID Cover Art Archive front, the folder's small cover.jpg, a Deezer
 * search hit), listed best first with previews on the service, each card saying in words what its
 * rank is made of; one chosen (chooseCover) is the tile's picture until "Back to automatic"
 * (resetCover). Real browser, real service, real Postgres.
 */
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, fetchImage, scan, waitForCover, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';
import { launchBrowser, type Browser } from './browser.js';
import { screenshot } from './screenshots.js';

const FOLDER = 'Scan House/Full Package';
const RELEASE = '5ca1ab1e-0000-4000-8000-00000000a11b';
const COLORS = { caa: '2266aa', deezer: 'aa6622' };
const PinnedOf = `query ($id: ID!) { node(id: $id) { ... on Album { cover { pinned source url } } } }`;

/** The stored picture behind a /covers/<hash>/… path. */
const hashOf = (url: string | null | undefined) => url?.match(/^\/covers\/([0-9a-f]{64})\//)?.[1];

/** Whether a control can be seen and clicked where it is: inside the viewport and not under (or clipped by) anything else. */
const reachable = (control: Locator) =>
  control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
  });

describe('choosing a cover among the candidates', { timeout: 90_000 }, () => {
  let fake: FakeRemotes;
  let t: TestApp;
  let b: Browser;
  let id: string;

  beforeAll(async () => {
    fake = await startFakeRemotes();
    fake.caa.setFront(RELEASE, await solidJpeg(`#${COLORS.caa}`, 1200));
    fake.deezer.addAlbum({ artist: 'Scan House', title: 'Full Package', cover: await solidJpeg(`#${COLORS.deezer}`, 1000) });
    t = await startTestApp({
      env: {
        ...fake.env(),
        MUSIC_DIR: resolve(PROJECT_ROOT, 'test/fixtures/typed'),
        COVER_SOURCES: 'embedded,folder,coverartarchive,deezer,placeholder',
        ARTIST_IMAGE_SOURCES: 'folder,placeholder',
        MUSICBRAINZ_RATE_PER_SEC: '50',
        REMOTE_TIMEOUT_MS: '3000',
      },
    });
    await scan(t, 'Scan House');
    await waitForSettled(t, 30_000);
    id = (await album(t, FOLDER)).id;
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
    await fake?.close();
  });

  const tileSrc = (page: Page) => page.locator(`.tile[data-id="${id}"] img`).getAttribute('src');

  test('lists the candidates with their sources, uses one on the tile, and goes back to automatic', async () => {
    const page = await b.newPage();
    await page.goto(t.url);
    await page.locator('.live.open').waitFor({ timeout: 15_000 });
    const automatic = await tileSrc(page);
    await page.locator(`.tile[data-id="${id}"]`).click();
    const dialog = page.locator('dialog.detail');
    await dialog.waitFor();
    // Nothing is gathered before it is asked for.
    expect(await dialog.locator('.candidate-list').count()).toBe(0);
    const back = dialog.getByRole('button', { name: 'Back to automatic' });
    expect(await back.getAttribute('aria-disabled')).toBe('true');
    // One control goes back to automatic (resetCover): the dialog's, with its other actions.
    expect(await dialog.getByRole('button', { name: /^(Reset|Back to automatic)$/ }).count()).toBe(1);

    await dialog.getByRole('button', { name: 'Choose another picture' }).click();
    const items = dialog.locator('.candidate-list li');
    // Gathered at HIGH, streamed in as each CoverCandidateFound event arrives.
    await waitFor(async () => ((await items.count()) >= 3 ? true : undefined), 20_000, { message: 'three candidates listed' });
    const shown = await items.evaluateAll((els) =>
      els.map((el) => ({
        source: el.getAttribute('data-source'),
        text: el.querySelector('.source')!.textContent,
        rank: el.querySelector('.rank')!.textContent,
        best: el.querySelector('.rank')!.classList.contains('best'),
        match: el.querySelector('.match')!.textContent,
        src: el.querySelector('img')!.getAttribute('src'),
        current: el.getAttribute('aria-current'),
      })),
    );
    // Best first: the exact-MBID CAA front (the folder's cover.jpg is 300 px), then the user's own art, then the search hit.
    expect(shown.map((s) => s.source)).toEqual(['COVER_ART_ARCHIVE', 'FOLDER', 'DEEZER']);
    expect(shown.map((s) => s.text)).toEqual(['Cover Art Archive', 'folder', 'Deezer']);
    for (const s of shown) expect(s.src).toMatch(/^\/covers\/[0-9a-f]{64}\/256\.webp$/); // served here, never the remote host
    // The picture served now is the best candidate's, marked as in use.
    expect(shown.map((s) => s.current)).toEqual(['true', null, null]);
    expect(hashOf(automatic)).toBe(hashOf(shown[0]!.src));
    // What each rank is made of, in words (never the score as one number); the "Best" badge on the first only.
    expect(shown.map((s) => s.rank)).toEqual(['Best', '#2', '#3']);
    expect(shown.map((s) => s.best)).toEqual([true, false, false]);
    expect(shown.map((s) => s.match)).toEqual(['exact release id', 'your own picture', 'search match 100\u00a0%']);
    expect(await items.nth(0).innerText()).toMatch(/Cover Art Archive, online[\s\S]*front cover[\s\S]*1200 × 1200 px/);
    expect(await items.nth(1).innerText()).toMatch(/folder, your files[\s\S]*front cover[\s\S]*300 × 300 px/);
    expect(await items.nth(2).innerText()).toMatch(/Deezer, online[\s\S]*search match 100\u00a0%[\s\S]*front cover[\s\S]*1000 × 1000 px/);
    expect(await dialog.locator('.candidate-list').innerText()).not.toMatch(/score|\d{1,3}(,\d{3}){2,}/i);
    await waitFor(async () => (await items.locator('img').evaluateAll((els) => els.every((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0))) || undefined, 15_000, { message: 'previews loaded' });

    // Use the Deezer one: the tile shows it (the mutation's answer, then CoverReady), the focus stays on its button.
    const use = dialog.getByRole('button', { name: 'Use this picture: Deezer, 1000 × 1000' });
    await use.click();
    await waitFor(async () => (hashOf(await tileSrc(page)) === hashOf(shown[2]!.src) ? true : undefined), 15_000, { message: 'the chosen picture on the tile' });
    const chosenSrc = (await tileSrc(page))!;
    await expectColor((await fetchImage(t, chosenSrc)).bytes, COLORS.deezer, 12);
    await waitFor(async () => ((await items.nth(2).getAttribute('aria-current')) === 'true' ? true : undefined), 10_000, { message: 'the chosen one marked in use' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('In use: Deezer, 1000 × 1000');
    expect(await dialog.getByTestId('detail-source').innerText()).toBe('Deezer');
    const pinned = await t.gql<{ node: { cover: { pinned: boolean; source: string } } }>(PinnedOf, { id });
    expect(pinned.data?.node.cover).toMatchObject({ pinned: true, source: 'DEEZER' });
    expect(await back.getAttribute('aria-disabled')).toBe('false');

    // With the list open and scrolled to its last card, the dialog's header and actions are still
    // there to click (only its content scrolls), and no card has its facts cut: on a laptop and a phone.
    for (const [name, size] of [['console-candidates', { width: 1280, height: 800 }], ['console-candidates-phone', { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      await items.last().scrollIntoViewIfNeeded();
      for (const control of [dialog.getByRole('button', { name: 'Close' }), dialog.getByRole('button', { name: 'Request now' }), back, items.last().getByRole('button')]) {
        expect(await reachable(control), `${await control.innerText()} at ${size.width} × ${size.height}`).toBe(true);
      }
      expect(await items.evaluateAll((els) => els.every((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1))).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await screenshot(page, name);
    }

    // Back to automatic: resetCover, the sources choose again, the CAA front comes back on the tile.
    await back.click();
    await waitForCover(t, FOLDER, (c) => c.job === null && c.source === 'COVER_ART_ARCHIVE', 20_000);
    await waitFor(async () => (hashOf(await tileSrc(page)) === hashOf(shown[0]!.src) ? true : undefined), 15_000, { message: 'the automatic picture back on the tile' });
    await expectColor((await fetchImage(t, (await tileSrc(page))!)).bytes, COLORS.caa, 12);
    await waitFor(async () => ((await back.getAttribute('aria-disabled')) === 'true' ? true : undefined), 10_000, { message: 'no longer pinned' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Back to automatic'); // aria-disabled, not disabled: the focus stays
    expect((await t.gql<{ node: { cover: { pinned: boolean } } }>(PinnedOf, { id })).data?.node.cover.pinned).toBe(false);
    expect(b.blocked).toEqual([]);
    expect(b.problems).toEqual([]);
    await page.close();
  });
});
