import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BreakerState } from '../../../src/covers/remote/breaker.js';
import { createRemoteClient, type RemoteClient, type RemoteClientOptions } from '../../../src/covers/remote/client.js';
import { RemoteError } from '../../../src/covers/remote/errors.js';
import { isAllowedTarget, isPrivateAddress, parseImageHost, type ImageHost } from '../../../src/covers/remote/hosts.js';
import { memoryRateLimiter, RateLimitWait } from '../../../src/covers/remote/rate-limit.js';
import { remoteTestConfig, startFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';
import { garbageBytes, solidJpeg } from '../../helpers/images.js';

let fake: FakeRemotes;
const clients: RemoteClient[] = [];

beforeAll(async () => {
  fake = await startFakeRemotes();
});
afterEach(async () => {
  fake.reset();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(() => fake.close());

/** A client whose base URL is the fake image host (the simplest server to program). */
function client(opts: Partial<RemoteClientOptions> & { env?: Record<string, string> } = {}): RemoteClient {
  const { env, ...rest } = opts;
  const c = createRemoteClient({ source: 'coverartarchive', config: remoteTestConfig(fake, env), baseUrl: fake.urls.images, imageHosts: [], ...rest });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RemoteError);
  return err as RemoteError;
}

const port = (url: string) => new URL(url).port;

describe('getJson', () => {
  it('returns the parsed body of a 200 and sends User-Agent and Accept', async () => {
    fake.images.put({ status: 200, body: JSON.stringify({ ok: [1, 2] }), headers: { 'content-type': 'application/json' } }, '/json/ok');
    const res = await client().getJson<{ ok: number[] }>(`${fake.urls.images}/json/ok`);
    expect(res).toEqual({ status: 200, body: { ok: [1, 2] } });
    const [req] = fake.requestsTo('images');
    expect(req?.headers['user-agent']).toMatch(/^SoniqueBayCovers\/\d+\.\d+\.\d+ \( .+ \)$/);
    expect(req?.headers.accept).toBe('application/json');
  });

  it('returns a 404 with its body (parsed when JSON) instead of throwing', async () => {
    fake.images.put({ status: 404, body: JSON.stringify({ error: 'Not Found' }) }, '/json/missing');
    expect(await client().getJson(`${fake.urls.images}/json/missing`)).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect(await client().getJson(`${fake.urls.images}/json/never-registered`)).toEqual({ status: 404, body: null });
  });

  it('treats invalid JSON from a 200 as a transient error', async () => {
    fake.fault('images', { invalidJson: true });
    const err = await failure(client().getJson(`${fake.urls.images}/anything`));
    expect(err.transient).toBe(true);
    expect(err.message).toBe(`coverartarchive: 127.0.0.1:${port(fake.urls.images)} answered invalid JSON`);
  });

  it('classifies 5xx and 429 as transient, other 4xx as permanent, and keeps a JSON error body', async () => {
    fake.fault('images', { status: 503, body: 'down' }, { path: '/a' });
    fake.fault('images', { status: 429 }, { path: '/b' });
    fake.fault('images', { status: 403, body: { error: 10, message: 'Invalid API key' } }, { path: '/c' });
    const c = client();
    const e503 = await failure(c.getJson(`${fake.urls.images}/a`));
    expect([e503.status, e503.transient, e503.source]).toEqual([503, true, 'coverartarchive']);
    expect(e503.message).toMatch(/^coverartarchive: 127\.0\.0\.1:\d+ answered 503$/);
    expect((await failure(c.getJson(`${fake.urls.images}/b`))).transient).toBe(true);
    const e403 = await failure(c.getJson(`${fake.urls.images}/c`));
    expect([e403.status, e403.transient, e403.body]).toEqual([403, false, { error: 10, message: 'Invalid API key' }]);
  });

  it('keeps the Retry-After of a transient answer', async () => {
    fake.images.put({ status: 503, headers: { 'retry-after': '120' } }, '/busy.json');
    expect(await failure(client().getJson(`${fake.urls.images}/busy.json`))).toMatchObject({ transient: true, status: 503, retryAfterMs: 120_000 });
  });

  it('gives up on a remote that hangs, after the overall deadline, as a transient error', async () => {
    fake.fault('images', { hang: true });
    const started = performance.now();
    const err = await failure(client({ env: { REMOTE_TIMEOUT_MS: '200' } }).getJson(`${fake.urls.images}/slow`));
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reports a caller abort as transient without counting it against the remote', async () => {
    fake.fault('images', { hang: true });
    const c = client({ breaker: { failureThreshold: 1 } });
    const err = await failure(c.getJson(`${fake.urls.images}/slow`, { signal: AbortSignal.timeout(50) }));
    expect(err.message).toMatch(/aborted/);
    expect(c.breakerState).toBe('closed');
  });

  it('refuses a connection that fails (nothing listening) as transient', async () => {
    const c = createRemoteClient({ source: 'deezer', config: remoteTestConfig(fake), baseUrl: 'http://127.0.0.1:9', imageHosts: [] });
    clients.push(c);
    const err = await failure(c.getJson('http://127.0.0.1:9/search/album'));
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/^deezer: 127\.0\.0\.1:9 connection failed/);
  });

  it('turns an unparsable URL into a permanent error', async () => {
    const err = await failure(client().getImage('not a url'));
    expect(err.transient).toBe(false);
  });
});

describe('getImage: redirects and hosts', () => {
  it('follows a 307 to an allowed host and returns the bytes', async () => {
    const jpeg = await solidJpeg('#224488', 300);
    const target = fake.images.put(jpeg);
    fake.images.put({ status: 307, headers: { location: target } }, '/redir/ok');
    const bytes = await client().getImage(`${fake.urls.images}/redir/ok`);
    expect(bytes.equals(jpeg)).toBe(true);
    expect(fake.requestsTo('images').map((r) => r.headers.accept)).toEqual(['image/*', 'image/*']);
  });

  it('refuses a redirect to a host that is not allowed, before connecting to it', async () => {
    fake.images.put({ status: 302, headers: { location: `http://localhost:${port(fake.urls.lastfm)}/x.jpg` } }, '/redir/elsewhere');
    const err = await failure(client().getImage(`${fake.urls.images}/redir/elsewhere`));
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/redirect to localhost:\d+: host not allowed/);
    expect(fake.requestsTo('lastfm')).toHaveLength(0);
  });

  it('refuses a redirect to another port of the base host unless that host:port is an image host', async () => {
    // The CAA fake answers 307 to the image host: the same machine (127.0.0.1), another port.
    const mbid = randomUUID();
    const jpeg = await solidJpeg('#336699', 240);
    fake.caa.setFront(mbid, jpeg);
    const front = `${fake.urls.caa}/release/${mbid}/front-500`;
    const images = new URL(fake.urls.images).host;
    for (const imageHosts of [[], ['127.0.0.1'], [`127.0.0.1:${port(fake.urls.lastfm)}`]]) {
      const err = await failure(client({ baseUrl: fake.urls.caa, imageHosts }).getImage(front));
      expect(err.transient, imageHosts.join()).toBe(false);
      expect(err.message).toBe(`coverartarchive: ${images} redirect to ${images}: host not allowed (neither ${fake.urls.caa} nor in COVERARTARCHIVE_IMAGE_HOSTS)`);
    }
    expect(fake.requestsTo('caa')).toHaveLength(3);
    expect(fake.requestsTo('images')).toHaveLength(0); // refused before connecting

    const bytes = await client({ baseUrl: fake.urls.caa, imageHosts: [`127.0.0.1:${port(fake.urls.lastfm)}`, images] }).getImage(front);
    expect(bytes.equals(jpeg)).toBe(true);
    expect(fake.requestsTo('images')).toHaveLength(1);
  });

  it('refuses a direct request to another port of the base host that is not an image host', async () => {
    const url = fake.images.put(await solidJpeg('#663399', 240));
    const err = await failure(client({ baseUrl: fake.urls.deezer, source: 'deezer' }).getImage(url));
    expect(err.message).toBe(`deezer: ${new URL(url).host} request: host not allowed (neither ${fake.urls.deezer} nor in DEEZER_IMAGE_HOSTS)`);
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('refuses a redirect to a non-http scheme, a broken Location and more than 3 redirects', async () => {
    fake.images.put({ status: 301, headers: { location: 'file:///etc/passwd' } }, '/redir/file');
    expect((await failure(client().getImage(`${fake.urls.images}/redir/file`))).message).toMatch(/scheme file: refused/);
    fake.images.put({ status: 302, headers: { location: 'http://[::1' } }, '/redir/broken');
    expect((await failure(client().getImage(`${fake.urls.images}/redir/broken`))).message).toMatch(/invalid Location/);
    for (let i = 0; i < 5; i++) fake.images.put({ status: 302, headers: { location: `/loop/${i + 1}` } }, `/loop/${i}`);
    const err = await failure(client().getImage(`${fake.urls.images}/loop/0`));
    expect(err.message).toMatch(/redirected more than 3 times/);
    expect(fake.requestsTo('images').filter((r) => r.path.startsWith('/loop/'))).toHaveLength(4);
  });

  it('refuses a hostname that resolves to a private address when it is not the base host', async () => {
    // 'localhost' passes the host rule (it is an image host here) but resolves to loopback.
    const c = client({ imageHosts: [`localhost:${port(fake.urls.images)}`] });
    const err = await failure(c.getImage(`http://localhost:${port(fake.urls.images)}/img/1.jpg`));
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/private address refused/);
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('refuses a private IP literal that is not the base host, and allows the base host', async () => {
    const jpeg = await solidJpeg('#884422', 250);
    const url = fake.images.put(jpeg);
    const c = client({ baseUrl: `http://localhost:${port(fake.urls.images)}`, imageHosts: [`127.0.0.1:${port(fake.urls.images)}`] });
    const err = await failure(c.getImage(url)); // http://127.0.0.1:…
    expect(err.message).toMatch(/private address refused/);
    const viaBase = await c.getImage(url.replace('127.0.0.1', 'localhost'));
    expect(viaBase.equals(jpeg)).toBe(true);
  });

  it('maps a 404 image to a RemoteError with status 404', async () => {
    const err = await failure(client().getImage(`${fake.urls.images}/nothing.jpg`));
    expect([err.status, err.transient]).toEqual([404, false]);
  });
});

describe('byte cap', () => {
  it('refuses a declared Content-Length over the cap', async () => {
    const url = fake.images.put(garbageBytes(5000));
    const err = await failure(client({ env: { REMOTE_MAX_BYTES: '2048' } }).getImage(url));
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/5000 bytes, over the 2048-byte cap/);
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    fake.images.put({ status: 200, body: garbageBytes(50_000), chunked: true }, '/chunked.jpg');
    const err = await failure(client({ env: { REMOTE_MAX_BYTES: '4096' } }).getImage(`${fake.urls.images}/chunked.jpg`));
    expect(err.message).toMatch(/more than the 4096-byte cap/);
    fake.images.put({ status: 200, body: garbageBytes(3000), chunked: true }, '/small-chunked.jpg');
    const ok = await client({ env: { REMOTE_MAX_BYTES: '4096' } }).getImage(`${fake.urls.images}/small-chunked.jpg`);
    expect(ok.length).toBe(3000);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated transient failures, fails fast, probes after the pause and closes on success', async () => {
    const states: BreakerState[] = [];
    const c = client({ breaker: { failureThreshold: 3, resetAfterMs: 150, onStateChange: (s) => states.push(s) } });
    fake.images.put({ status: 200, body: '{"ok":true}' }, '/b.json');
    fake.fault('images', { status: 503 });
    for (let i = 0; i < 3; i++) expect((await failure(c.getJson(`${fake.urls.images}/b.json`))).status).toBe(503);
    expect(c.breakerState).toBe('open');

    const open = await failure(c.getJson(`${fake.urls.images}/b.json`));
    expect([open.transient, open.message]).toEqual([true, `coverartarchive: 127.0.0.1:${port(fake.urls.images)} circuit open`]);
    expect(fake.requestsTo('images')).toHaveLength(3); // failed fast: no request

    await new Promise((r) => setTimeout(r, 180));
    expect(c.breakerState).toBe('half_open');
    fake.fault('images', null);
    expect((await c.getJson(`${fake.urls.images}/b.json`)).body).toEqual({ ok: true });
    expect(c.breakerState).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('lets one probe through in half_open and re-opens when it fails', async () => {
    const c = client({ breaker: { failureThreshold: 1, resetAfterMs: 100 } });
    fake.fault('images', { delayMs: 80 }, { times: 1 });
    fake.fault('images', { status: 500 }, { times: 1 });
    await failure(c.getJson(`${fake.urls.images}/x`));
    expect(c.breakerState).toBe('open');
    await new Promise((r) => setTimeout(r, 120));
    fake.fault('images', { status: 502 });
    const [probe, other] = await Promise.all([failure(c.getJson(`${fake.urls.images}/x`)), failure(c.getJson(`${fake.urls.images}/x`))]);
    expect(probe.status).toBe(502);
    expect(other.message).toMatch(/circuit open/);
    expect(c.breakerState).toBe('open');
  });

  it('does not count permanent answers (404, 400) as failures', async () => {
    const c = client({ breaker: { failureThreshold: 2 } });
    fake.fault('images', { status: 400 });
    for (let i = 0; i < 3; i++) await failure(c.getImage(`${fake.urls.images}/x.jpg`));
    fake.fault('images', null);
    for (let i = 0; i < 3; i++) await failure(c.getImage(`${fake.urls.images}/x.jpg`));
    expect(c.breakerState).toBe('closed');
  });
});

describe('reach', () => {
  it('records unreachable calls in a row (connection refused), fast-fails leave it, any answer clears it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = client({ baseUrl: nowhere, breaker: { failureThreshold: 2 } });
    expect(c.reach).toEqual({ state: 'unknown' });
    for (let i = 0; i < 2; i++) expect((await failure(c.getJson(`${nowhere}/x`))).message).toMatch(/connection failed \(ECONNREFUSED\)/);
    expect(c.reach).toMatchObject({ state: 'unreachable', code: 'ECONNREFUSED', failures: 2 });
    expect((await failure(c.getJson(`${nowhere}/x`))).message).toMatch(/circuit open/);
    expect(c.reach).toMatchObject({ state: 'unreachable', failures: 2 });

    // A 500 is an answer: the service is reachable, however unwell.
    const up = client({ breaker: { failureThreshold: 9 } });
    fake.fault('images', { status: 500 });
    await failure(up.getJson(`${fake.urls.images}/x`));
    expect(up.reach).toMatchObject({ state: 'answered' });
  });
});

describe('rate limiting', () => {
  it('memoryRateLimiter gives up a wait longer than maxWaitMs at once, without taking a turn; each who gives up has a place in line', async () => {
    const limiter = memoryRateLimiter(2);
    await limiter.acquire('k');
    const err = await limiter.acquire('k', undefined, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitWait);
    const first = (err as RateLimitWait).waitMs;
    expect(first).toBeGreaterThan(100);
    // The next to give up comes back one turn (500 ms) later.
    const err2 = await limiter.acquire('k', undefined, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect((err2 as RateLimitWait).waitMs).toBeGreaterThan(first + 400);
    // The turn it did not take is the next caller's: one queued caller, not two, ahead of one in line.
    const waiting = limiter.acquire('k');
    const err3 = await limiter.acquire('k', undefined, { maxWaitMs: 100, inLine: 'k' }).catch((e: unknown) => e);
    expect((err3 as RateLimitWait).waitMs).toBeGreaterThan(first);
    expect((err3 as RateLimitWait).waitMs).toBeLessThan(first + 600);
    await waiting;
  });

  it('memoryRateLimiter spaces acquires at 1/perSecond, in call order', async () => {
    const limiter = memoryRateLimiter(10);
    const started = performance.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.acquire('k').then(() => order.push(i))));
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    expect(order).toEqual([0, 1, 2]);
  });

  it('memoryRateLimiter spaces calls by the time each was let through, even after the event loop was busy', async () => {
    const limiter = memoryRateLimiter(10);
    const at: number[] = [];
    const all = Promise.all([0, 1, 2].map(() => limiter.acquire('busy').then(() => at.push(performance.now()))));
    const until = performance.now() + 350;
    while (performance.now() < until); // a busy process: every reserved slot would now be due at once
    await all;
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(95);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(95);
  });

  it('keeps keys apart and stops waiting when aborted', async () => {
    const limiter = memoryRateLimiter(2);
    await limiter.acquire('a');
    const started = performance.now();
    await limiter.acquire('b');
    expect(performance.now() - started).toBeLessThan(50);
    await expect(limiter.acquire('a', AbortSignal.timeout(20))).rejects.toThrow();
  });

  it('spaces a client’s calls to its base host', async () => {
    const c = client({ rateLimiter: memoryRateLimiter(10) });
    fake.images.put({ status: 200, body: '{}' }, '/r.json');
    for (let i = 0; i < 3; i++) await c.getJson(`${fake.urls.images}/r.json`);
    const at = fake.requestsTo('images').map((r) => r.at);
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(180);
  });
});

describe('address and host rules', () => {
  it('knows private, loopback and link-local addresses, IPv4 and IPv6', () => {
    for (const a of ['10.0.0.5', '127.0.0.1', '172.16.3.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '151.101.1.1', '172.32.0.1', '2a00:1450:4007::1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  const caa = (url: string, hosts: string[] = ['archive.org']) =>
    isAllowedTarget(new URL(url), 'https://coverartarchive.org', hosts.map((h) => parseImageHost(h) as ImageHost));

  it('allows the base host and image-host suffixes at a label boundary only', () => {
    expect(caa('https://coverartarchive.org/release/x/front')).toBe(true);
    expect(caa('https://ia800.us.archive.org/x.jpg')).toBe(true);
    expect(caa('https://archive.org/download/x.jpg')).toBe(true);
    expect(caa('https://evilarchive.org/x.jpg')).toBe(false);
    expect(caa('https://archive.org.evil.net/x.jpg')).toBe(false);
  });

  it('allows the base URL on its own origin only, and an image host on its port only (none given: the scheme default)', () => {
    expect(caa('https://coverartarchive.org:8443/x')).toBe(false); // the base host, another port
    expect(caa('http://coverartarchive.org/x')).toBe(false); // the base host, another scheme (port 80)
    expect(caa('http://archive.org/x.jpg')).toBe(true);
    expect(caa('https://archive.org:443/x.jpg')).toBe(true); // the URL parser drops a default port
    expect(caa('https://archive.org:8443/x.jpg')).toBe(false);
    expect(caa('https://ia800.us.archive.org:8080/x.jpg')).toBe(false);
    expect(caa('http://127.0.0.1:43121/x.jpg', ['127.0.0.1:43121'])).toBe(true);
    expect(caa('http://127.0.0.1:43122/x.jpg', ['127.0.0.1:43121'])).toBe(false);
    expect(caa('http://127.0.0.1/x.jpg', ['127.0.0.1:43121'])).toBe(false);
    expect(caa('https://images.mirror.lan:443/x.jpg', ['mirror.lan:443'])).toBe(true);
    expect(caa('http://[::1]:8080/x.jpg', ['[::1]:8080'])).toBe(true);
  });

  it('reads image hosts as name[:port] or [v6]:port, and nothing else', () => {
    expect(parseImageHost('Archive.ORG')).toEqual({ name: 'archive.org', port: undefined });
    expect(parseImageHost('127.0.0.1:43121')).toEqual({ name: '127.0.0.1', port: 43121 });
    expect(parseImageHost('[::1]:8080')).toEqual({ name: '::1', port: 8080 });
    for (const bad of ['*.archive.org', 'archive.org:0', 'archive.org:70000', 'http://archive.org', 'archive.org/x', '[zz]:80', 'a..b', '']) {
      expect(parseImageHost(bad), bad).toBeUndefined();
    }
  });
});
