import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { RefreshCovers, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { launchBrowser, type Browser } from './browser.js';
import { screenshot } from './screenshots.js';

// The Cover Art Archive stand-in answers 503: the source's success rate falls, the rule fires, and
// the console's stats strip shows the alert while the page stays open.
describe('the console shows alerts as they fire', () => {
  let fake: FakeRemotes;
  let t: TestApp;
  let b: Browser;

  beforeAll(async () => {
    fake = await startFakeRemotes();
    t = await startTestApp({
      env: {
        ...fake.env(),
        COVER_SOURCES: 'coverartarchive,placeholder',
        MUSICBRAINZ_RATE_PER_SEC: '50',
        RETRY_MAX_ATTEMPTS: '1',
        ALERT_INTERVAL_MS: '200',
        ALERT_MIN_ATTEMPTS: '2',
        ALERT_SOURCE_SAMPLE: '2',
      },
    });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
    await fake?.close();
  });

  test('a source_success_rate alert appears in the stats strip', async () => {
    const page = await b.newPage();
    await page.goto(`${t.url}/`);
    await page.locator('.live.open').waitFor({ timeout: 15_000 });
    expect(await page.locator('.alert').count()).toBe(0);

    // Every cover settles first (the page's first query queued them all), then the remote fails.
    const albums = await waitForSettled(t, 30_000);
    fake.fault('caa', { status: 503 });
    const ids = ['Quiet Signals/Full Release', 'Quiet Signals/Group Only'].map((f) => albums.get(f)!.id);
    await t.gql(RefreshCovers, { ids });

    const alert = page.locator('.alert[data-rule="source_success_rate"]');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).toMatch(/COVER_ART_ARCHIVE: 0% of its last 2 attempts/);
    await page.getByText('Sources', { exact: true }).click();
    await screenshot(page, 'console-alert');
    expect(b.blocked).toEqual([]);
    expect(b.problems).toEqual([]);
    await page.close();
  }, 60_000);
});
