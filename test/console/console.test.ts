import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { albumsByFolder, RefreshCovers, scan, waitForCover, waitForSettled } from '../helpers/covers.js';
import { waitFor } from '../helpers/wait.js';
import { launchBrowser, type Browser } from './browser.js';
import { screenshot } from './screenshots.js';

const QUICK_CHAIN = { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' };

/** A square test picture in one colour, with a stripe so it is not "a single flat colour". */
async function picture(rgb: [number, number, number], size = 400): Promise<Buffer> {
  const stripe = await sharp({ create: { width: size, height: size / 8, channels: 3, background: { r: 255 - rgb[0], g: 255 - rgb[1], b: 255 - rgb[2] } } }).png().toBuffer();
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .composite([{ input: stripe, top: size / 2, left: 0 }])
    .png()
    .toBuffer();
}

const tiles = (page: Page) => page.locator('.tile');
const tile = (page: Page, id: string) => page.locator(`.tile[data-id="${id}"]`);
const imgSrc = (page: Page, id: string) => tile(page, id).locator('img').getAttribute('src');
const imgSrcset = (page: Page, id: string) => tile(page, id).locator('img').getAttribute('srcset');
/** The paths a srcset offers, without their widths. */
const offered = (srcset: string | null | undefined) => (srcset ?? '').split(', ').map((c) => c.split(' ')[0]);

describe('the covers console', { timeout: 60_000 }, () => {
  let t: TestApp;
  let b: Browser;
  let library: string;
  let albums: Awaited<ReturnType<typeof albumsByFolder>>;

  beforeAll(async () => {
    // A copy of the demo library: one test changes a cover file in it.
    library = await mkdtemp(join(tmpdir(), 'covers-console-lib-'));
    await cp(DEMO_LIBRARY, library, { recursive: true });
    // setCoverFromUrl may reach the loopback image server below only with this setting.
    t = await startTestApp({ env: { MUSIC_DIR: library, COVER_URL_ALLOW_PRIVATE: 'true', ...QUICK_CHAIN } });
    await scan(t);
    albums = await waitForSettled(t, 30_000, { artists: true });
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
    await rm(library, { recursive: true, force: true });
  });

  async function open(path = '/', viewport?: { width: number; height: number }): Promise<Page> {
    const page = await b.newPage(viewport);
    await page.goto(`${t.url}${path}`);
    await page.locator('.live.open').waitFor({ timeout: 15_000 });
    return page;
  }

  /** Waits until every tile's image has loaded (the thumbhash and colour are painted before). */
  async function imagesLoaded(page: Page, count: number): Promise<void> {
    await waitFor(async () => (await page.locator('.tile img.loaded').count()) === count, 15_000, { message: `${count} images loaded` });
  }

  test('/ serves the console under a same-origin-only CSP; /graphql stays the API', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self';"); // no inline styles either
    expect(csp).not.toMatch(/https?:|\*|'unsafe-/);
    expect(await res.text()).not.toMatch(/https?:\/\//);
    const js = await fetch(`${t.url}/console/console.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/i); // no CDN, no remote script
    expect((await fetch(`${t.url}/console/..%2Fmain.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/console/nothing.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/`, { method: 'POST' })).status).toBe(405);
    // A GET needs the CSRF header like every request with a simple content type (README, Security).
    const api = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
  });

  test('the grid shows the demo library, each tile with its status and source', async () => {
    const page = await open();
    await waitFor(async () => (await tiles(page).count()) === albums.size, 15_000, { message: 'a tile per album' });
    for (const a of albums.values()) {
      const el = tile(page, a.id);
      await expect(el.locator('.title').innerText()).resolves.toBe(a.title);
      expect(await el.getAttribute('data-status')).toBe(a.cover.status);
      expect(await el.getAttribute('data-source')).toBe(a.cover.source ?? '');
      // The dominant colour is painted under the image from the first frame.
      expect(await el.locator('.art').evaluate((n) => getComputedStyle(n).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
      expect(await imgSrc(page, a.id)).toBe(a.cover.url);
      // Cover.srcset as the API gives it, with the tile's drawn width for the browser to choose by.
      expect(await imgSrcset(page, a.id)).toBe(a.cover.srcset);
      expect(await el.locator('img').getAttribute('sizes')).toMatch(/px/);
    }
    await imagesLoaded(page, albums.size);
    // The browser loaded one of the sizes the srcset offers (at this 1x viewport, not the largest).
    for (const a of albums.values()) {
      const current = new URL(await tile(page, a.id).locator('img').evaluate((n) => (n as HTMLImageElement).currentSrc)).pathname;
      expect(offered(a.cover.srcset)).toContain(current);
    }
    await expect(page.getByTestId('shown').innerText()).resolves.toBe(`${albums.size} of ${albums.size}`);
    // The stats strip: coverStats figures, as the API gives them.
    await page.locator('.stats .card').first().waitFor();
    expect(await page.locator('.stats').innerText()).toMatch(/Covers[\s\S]*Queue[\s\S]*Cache/i);
    await page.getByText('Sources', { exact: true }).click();
    await page.locator('.sources table').waitFor();
    await screenshot(page, 'console-grid', { fullPage: true });
    expect(b.blocked).toEqual([]);
    expect(b.problems).toEqual([]);
    await page.close();
  });

  test('a refreshCovers done through the API changes the tile live', async () => {
    const target = albums.get('The Lantern Choir/Quiet Weather')!;
    const page = await open();
    await tile(page, target.id).waitFor();
    const before = await imgSrc(page, target.id);
    // Record every phase the tile goes through, and every albums query the page sends.
    await tile(page, target.id).evaluate((el) => {
      const w = window as unknown as { phases: string[] };
      w.phases = [];
      new MutationObserver(() => w.phases.push(el.getAttribute('data-phase') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-phase'] });
    });
    const albumQueries: string[] = [];
    page.on('request', (r) => r.postData()?.includes('ConsoleAlbums') && albumQueries.push(r.url()));

    await writeFile(join(library, 'The Lantern Choir/Quiet Weather/cover.jpg'), await sharp(await picture([200, 40, 160])).jpeg().toBuffer());
    const res = await t.gql(RefreshCovers, { ids: [target.id] });
    expect(res.data?.refreshCovers.__typename).toBe('CoversPayload');

    const after = await waitForCover(t, 'The Lantern Choir/Quiet Weather', (c) => c.status === 'READY' && c.url !== before && c.job === null, 20_000);
    await waitFor(async () => (await imgSrc(page, target.id)) === after.url, 15_000, { message: 'the new image on the tile' });
    // The event's subject brought the whole new cover: its srcset too, and the same Cover id.
    expect(await imgSrcset(page, target.id)).toBe(after.srcset);
    expect(after.id).toBe(target.cover.id);
    const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
    expect(phases).toContain('CoverStarted');
    expect(phases.at(-1)).toBe('CoverReady');
    expect(albumQueries).toEqual([]); // the events alone brought the change: no reload, no refetch
    await page.close();
  });

  test('an upload through the page changes the cover; the detail shows why this cover', async () => {
    const target = albums.get('Juniper Falls/Paper Boats')!;
    const page = await open();
    await tile(page, target.id).click();
    const dialog = page.locator('dialog.detail');
    await dialog.waitFor();
    await dialog.locator('.trace table').waitFor();
    expect(await dialog.locator('.trace').innerText()).toMatch(/folder\s+found/i);
    await screenshot(page, 'console-detail');

    await dialog.locator('input[type=file]').setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: await picture([30, 160, 90]) });
    await waitFor(async () => (await dialog.getByTestId('detail-source').innerText()) === 'upload', 15_000, { message: 'the upload shown' });
    const api = await waitForCover(t, 'Juniper Falls/Paper Boats', (c) => c.source === 'UPLOAD', 5000);
    expect(await imgSrc(page, target.id)).toBe(api.url);
    expect(api.url).not.toBe(target.cover.url);
    expect(await tile(page, target.id).getAttribute('data-source')).toBe('UPLOAD');

    // Back to automatic forgets the upload; the sources find the folder image again.
    await dialog.getByRole('button', { name: 'Back to automatic' }).click();
    await waitForCover(t, 'Juniper Falls/Paper Boats', (c) => c.source === 'FOLDER' && c.job === null, 15_000);
    await waitFor(async () => (await tile(page, target.id).getAttribute('data-source')) === 'FOLDER', 15_000, { message: 'the reset shown' });

    // Escape closes the dialog and gives the focus back to the tile.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The focus moves in the frame after the dialog closes: wait for it, not for a fixed moment.
    await waitFor(async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-id'))) === target.id, 5000, {
      message: 'the focus back on the tile',
    });
    expect(b.problems).toEqual([]);
    await page.close();
  });

  test('a cover set from a URL in the dialog is fetched by the service and shown', async () => {
    const target = albums.get('Velvet Static/Night Bus')!;
    const png = await picture([200, 40, 160]);
    const images = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      res.end(png);
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    try {
      const page = await open();
      await tile(page, target.id).click();
      const dialog = page.locator('dialog.detail');
      await dialog.waitFor();
      await dialog.getByRole('textbox', { name: 'Image URL' }).fill(`http://127.0.0.1:${(images.address() as AddressInfo).port}/cover.png`);
      await dialog.getByRole('button', { name: 'Set from URL' }).click();
      await waitFor(async () => (await dialog.locator('.message:not(.candidates)').innerText()) === 'Set from the URL.', 15_000, { message: 'the URL set' });
      const api = await waitForCover(t, 'Velvet Static/Night Bus', (c) => c.source === 'UPLOAD', 5000);
      await waitFor(async () => (await imgSrc(page, target.id)) === api.url, 15_000, { message: 'the new image on the tile' });
      await dialog.getByRole('button', { name: 'Back to automatic' }).click();
      await waitForCover(t, 'Velvet Static/Night Bus', (c) => c.source !== 'UPLOAD' && c.job === null, 15_000);
      await page.close();
    } finally {
      images.close();
    }
  });

  test('a file dropped on a tile is uploaded', async () => {
    const target = albums.get('Velvet Static/Night Bus')!;
    const page = await open();
    await tile(page, target.id).waitFor();
    const png = (await picture([240, 200, 20])).toString('base64');
    await tile(page, target.id).evaluate((el, data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, png);
    const api = await waitForCover(t, 'Velvet Static/Night Bus', (c) => c.source === 'UPLOAD', 15_000);
    await waitFor(async () => (await imgSrc(page, target.id)) === api.url, 15_000, { message: 'the dropped image on the tile' });
    await page.close();
  });

  test('search asks the API; status and source filter what is shown; the keyboard moves between tiles', async () => {
    const page = await open();
    await waitFor(async () => (await tiles(page).count()) === albums.size, 15_000);
    const searches: string[] = [];
    page.on('request', (r) => {
      const body = r.postData();
      if (body?.includes('ConsoleAlbums')) searches.push(JSON.parse(body).variables.filter?.search);
    });
    const statusFilters: unknown[] = [];
    page.on('request', (r) => {
      const body = r.postData();
      if (body?.includes('ConsoleAlbums')) statusFilters.push(JSON.parse(body).variables.filter?.coverStatus ?? null);
    });
    await page.getByRole('searchbox', { name: 'Search' }).fill('cedar');
    await waitFor(async () => (await tiles(page).count()) === 1, 15_000, { message: 'one album found' });
    expect(await tiles(page).first().locator('.title').innerText()).toBe('Salt and Cedar');
    expect(searches).toContain('cedar');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await waitFor(async () => (await tiles(page).count()) === albums.size, 15_000);

    const now = await albumsByFolder(t); // earlier tests uploaded some covers
    const missing = [...now.values()].filter((a) => a.cover.status === 'MISSING');
    expect(missing.length).toBeGreaterThan(0);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('MISSING');
    await waitFor(async () => (await tiles(page).count()) === missing.length, 5000);
    // Albums are filtered by the API (albums(filter: { coverStatus })), not only among those loaded.
    await waitFor(async () => (statusFilters.some((f) => JSON.stringify(f) === '["MISSING"]') ? true : undefined), 5000, { message: 'albums asked for with coverStatus [MISSING]' });
    await waitFor(async () => (await tiles(page).count()) === missing.length, 5000);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    const embedded = [...now.values()].filter((a) => a.cover.source === 'EMBEDDED');
    await page.getByRole('combobox', { name: 'Source' }).selectOption('EMBEDDED');
    await waitFor(async () => (await tiles(page).count()) === embedded.length, 5000);
    await page.getByRole('combobox', { name: 'Source' }).selectOption('');
    await waitFor(async () => (await tiles(page).count()) === albums.size, 5000);

    await tiles(page).first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(await tiles(page).nth(1).getAttribute('data-id'));
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(await tiles(page).last().getAttribute('data-id'));
    await page.keyboard.press('Enter');
    await page.locator('dialog.detail').waitFor();
    await page.keyboard.press('Escape');
    await page.close();
  });

  test('infinite scroll walks the albums connection page by page', async () => {
    const page = await b.newPage({ width: 420, height: 500 });
    const requests: (string | null)[] = [];
    page.on('request', (r) => r.postData()?.includes('ConsoleAlbums') && requests.push(JSON.parse(r.postData()!).variables.after));
    await page.goto(`${t.url}/?first=2`);
    await waitFor(async () => (await tiles(page).count()) >= 2, 15_000);
    for (let i = 0; i < 6 && (await tiles(page).count()) < albums.size; i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(300);
    }
    await waitFor(async () => (await tiles(page).count()) === albums.size, 15_000, { message: 'every album after scrolling' });
    // Page by page (2 albums each), each after the previous page's cursor.
    expect(requests.length).toBe(Math.ceil(albums.size / 2));
    expect(requests[0]).toBeNull();
    expect(new Set(requests).size).toBe(requests.length);
    const ids = await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(albums.size);
    await page.close();
  });

  test('the artists view, and the console on a phone', async () => {
    const page = await open('/', { width: 390, height: 844 });
    await waitFor(async () => (await tiles(page).count()) === albums.size, 15_000);
    await imagesLoaded(page, albums.size);
    // Readable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-phone');
    await page.getByRole('button', { name: 'Artists' }).click();
    await waitFor(async () => (await tiles(page).locator('.sub').first().innerText().catch(() => '')) === 'artist', 15_000, { message: 'artist tiles' });
    expect(await tiles(page).locator('.title').allInnerTexts()).toContain('Aurora Lines');
    await page.close();
  });
});

describe('the covers console with API_TOKEN', { timeout: 60_000 }, () => {
  const TOKEN = 'console-secret-token';
  let t: TestApp;
  let b: Browser;

  beforeAll(async () => {
    t = await startTestApp({ env: { API_TOKEN: TOKEN, ...QUICK_CHAIN } });
    await scan(t, undefined, { authorization: `Bearer ${TOKEN}` });
    await waitForSettled(t, 30_000);
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test('asks for the token once, keeps it in the tab, and then acts', async () => {
    const page = await b.newPage();
    await page.goto(`${t.url}/`);
    // Reads are open by default (API_TOKEN protects writes): the grid and the live connection work at once.
    await page.locator('.live.open').waitFor({ timeout: 15_000 });
    await tiles(page).first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole('textbox', { name: 'API token' }).count()).toBe(0);

    // The first action is refused (ForbiddenError): the page asks for the token, then acts.
    await tiles(page).first().click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const ask = page.getByRole('textbox', { name: 'API token' });
    await ask.waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-token');
    await ask.fill(TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('status').filter({ hasText: 'Searching again.' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('soniquebay-covers:token'))).toBe(TOKEN);

    // Kept in the tab: after a reload the next action runs without asking again.
    await page.reload();
    await page.locator('.live.open').waitFor({ timeout: 15_000 });
    await tiles(page).first().click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('status').filter({ hasText: 'Searching again.' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('textbox', { name: 'API token' }).count()).toBe(0);
    expect(b.problems).toEqual([]);
    await page.close();
  });
});
