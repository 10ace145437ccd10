import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RefreshCovers, scan, waitForSettled } from '../helpers/covers.js';
import { waitFor } from '../helpers/wait.js';
import { launchBrowser, type Browser } from './browser.js';
import { screenshot } from './screenshots.js';

// GraphiQL with every non-loopback request refused: its scripts, styles and editor workers must
// all come from the service, under a CSP that allows the service's own origin only.
describe('GraphiQL without internet', { timeout: 60_000 }, () => {
  let t: TestApp;
  let b: Browser;

  beforeAll(async () => {
    t = await startTestApp({ env: { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
    await scan(t);
    await waitForSettled(t, 30_000);
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test('the page, its assets and its CSP come from the service alone', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    // Nothing but the service itself: no host, no scheme wildcard, no CDN.
    expect(csp).not.toMatch(/https?:|\*|unpkg|jsdelivr|blob:/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>[^<]/); // no inline script: the CSP would refuse it
    const js = await fetch(`${t.url}/graphiql/graphiql.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect((await js.text()).length).toBeGreaterThan(1_000_000);
    const again = await fetch(`${t.url}/graphiql/graphiql.js`, { headers: { 'if-none-match': js.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect((await fetch(`${t.url}/graphiql/../package.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/graphiql/nothing.js`)).status).toBe(404);
  });

  test('the docs explorer loads the schema, a query runs and a subscription streams', async () => {
    const page = await b.newPage({ width: 1280, height: 800 });
    await page.goto(`${t.url}/graphql`);
    // The editor is ready once the default query is shown.
    await page.locator('.graphiql-editor').first().waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.getByText('Root Types').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await page.locator('.graphiql-doc-explorer').getByText('coverStats', { exact: true }).first().waitFor();

    await typeQuery(page, '{ albums(first: 2) { totalCount edges { node { title } } } }');
    await run(page);
    await waitFor(async () => (await resultText(page)).includes('totalCount'), 20_000, { message: 'the query result' });
    expect(await resultText(page)).toMatch(/"totalCount":\s*\d+/);
    await page.getByRole('button', { name: /prettify query/i }).click();
    await screenshot(page, 'graphiql');

    await typeQuery(page, 'subscription { coverEvents { __typename id } }');
    await run(page);
    const albums = await waitForSettled(t, 30_000);
    const id = [...albums.values()][0]!.id;
    // Refreshes until the subscription has shown an event (it gives no sign of being registered).
    await waitFor(
      async () => {
        if ((await resultText(page)).includes('CoverReady')) return true;
        await t.gql(RefreshCovers, { ids: [id] });
        return false;
      },
      30_000,
      { message: 'a CoverReady event in GraphiQL', intervalMs: 1000 },
    );
    expect(await resultText(page)).toContain(id);

    expect(b.blocked).toEqual([]);
    expect(b.problems).toEqual([]);
    await page.close();
  });
});

async function typeQuery(page: import('playwright-core').Page, query: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor, .graphiql-query-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Typed as one insertion: character by character, Monaco would add closing brackets.
  await page.keyboard.insertText(query);
}

async function run(page: import('playwright-core').Page): Promise<void> {
  await page.getByRole('button', { name: /execute query/i }).click();
}

async function resultText(page: import('playwright-core').Page): Promise<string> {
  return (await page.locator('.graphiql-response').first().innerText()).replace(/\s+/g, ' ');
}
