/**
 * Pages on other origins cannot drive the service (issue 10 point 4): Host and Origin rules, CORS
 * only for CORS_ORIGINS, CSRF prevention for forms; cover bytes stay public.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedHost } from '../src/security.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { upload } from './helpers/covers.js';
import { solidJpeg } from './helpers/images.js';
import { seedLibrary } from './helpers/seed.js';
import { encodeId } from '../src/schema/builder.js';

/** A raw HTTP request, so Host and Origin are exactly what a hostile page or rebinding DNS would send. */
function raw(url: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path ?? '/graphql', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const MUTATION = 'mutation { scanLibrary { __typename } }';
const EVIL = 'http://evil.example';

let t: TestApp;
let own: string;
let host: string;
let albumId: string;

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  host = new URL(t.url).host;
  own = `http://${host}`;
  const [id] = await seedLibrary(t.app.db, { albums: 1, prefix: 'Sec' });
  albumId = encodeId('Album', id!);
});
afterAll(() => t?.stop());

describe('cross-site requests', () => {
  it('refuses a cross-origin form POST, and runs the same mutation from its own origin', async () => {
    const form = `query=${encodeURIComponent(MUTATION)}`;
    const hostile = await raw(t.url, { method: 'POST', headers: { host, origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(hostile.status).toBe(403);
    expect(JSON.parse(hostile.body).errors[0].extensions.code).toBe('FORBIDDEN');
    // Without an Origin (an old browser), the form is still not a GraphQL client: CSRF prevention.
    const noOrigin = await raw(t.url, { method: 'POST', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(noOrigin.status).toBe(403);
    expect(JSON.parse(noOrigin.body).errors[0]).toMatchObject({ message: 'Required CSRF header(s) not present', extensions: { code: 'FORBIDDEN' } });
    const multipart = await raw(t.url, { method: 'POST', headers: { host, origin: own, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n' });
    expect(multipart.status).toBe(403);

    const json = JSON.stringify({ query: MUTATION });
    const same = await raw(t.url, { method: 'POST', headers: { host, origin: own, 'content-type': 'application/json' }, body: json });
    expect(same.status).toBe(200);
    expect(JSON.parse(same.body).data.scanLibrary.__typename).toBe('Scan');
    const crossJson = await raw(t.url, { method: 'POST', headers: { host, origin: EVIL, 'content-type': 'application/json' }, body: json });
    expect(crossJson.status).toBe(403);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from scans`);
    expect(rows[0].n).toBe(1); // only the same-origin one ran
  });

  it('takes an upload with the CSRF header (a browser FormData or the README curl)', async () => {
    const up = await upload(t, albumId, { bytes: await solidJpeg('#225588', 300), name: 'c.jpg', type: 'image/jpeg' });
    expect(up.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { source: 'UPLOAD' } });
  });

  it('refuses a foreign Host (DNS rebinding), and answers its own names and IP literals', async () => {
    const body = JSON.stringify({ query: '{ latestScan { state } }' });
    const headers = { 'content-type': 'application/json' };
    const foreign = await raw(t.url, { method: 'POST', headers: { ...headers, host: 'rebind.evil.example' }, body });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).errors[0]).toMatchObject({ message: expect.stringMatching(/ALLOWED_HOSTS/), extensions: { code: 'FORBIDDEN' } });
    expect((await raw(t.url, { path: '/covers/00/64.webp', headers: { host: 'rebind.evil.example' } })).status).toBe(403);
    for (const h of [host, `localhost:${new URL(t.url).port}`, '127.0.0.1']) {
      expect((await raw(t.url, { method: 'POST', headers: { ...headers, host: h }, body })).status, h).toBe(200);
    }
    // Health checks answer whatever the Host (probes use any name).
    expect((await raw(t.url, { path: '/healthz', headers: { host: 'probe.internal' } })).status).toBe(200);
  });

  it('refuses a credentialed CORS preflight from another origin; its own origin needs no CORS', async () => {
    const preflight = (origin: string) =>
      raw(t.url, { method: 'OPTIONS', headers: { host, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });
    const hostile = await preflight(EVIL);
    expect(hostile.status).toBe(403);
    expect(hostile.headers['access-control-allow-origin']).toBeUndefined();
    expect(hostile.headers['access-control-allow-credentials']).toBeUndefined();
    const same = await preflight(own);
    expect(same.status).toBe(204);
    expect(same.headers['access-control-allow-credentials']).toBeUndefined();
    // An answer to a foreign origin's GET carries no CORS header either: the page cannot read it.
    const read = await raw(t.url, { path: '/graphql?query=%7BlatestScan%7Bstate%7D%7D', headers: { host, origin: EVIL, 'x-graphql-yoga-csrf': '1' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves cover bytes to any origin, without credentials', async () => {
    const cover = await t.gql(`query($id: ID!) { album(id: $id) { ... on Album { cover { url } } } }`, { id: albumId });
    const path = cover.data.album.cover.url as string;
    const img = await raw(t.url, { path, headers: { host, origin: EVIL } });
    expect(img.status).toBe(200);
    expect(img.headers['access-control-allow-origin']).toBe('*');
    expect(img.headers['access-control-allow-credentials']).toBeUndefined();
    const pre = await raw(t.url, { method: 'OPTIONS', path, headers: { host, origin: EVIL, 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('sends nosniff on every non-image answer', async () => {
    for (const r of [
      await raw(t.url, { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ latestScan { state } }' }) }),
      await raw(t.url, { path: '/nope', headers: { host } }),
      await raw(t.url, { path: '/covers/abc/64.webp', headers: { host } }),
      await raw(t.url, { path: '/healthz', headers: { host } }),
    ]) {
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers an upload over the body limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const up = await upload(t, albumId, { bytes: Buffer.alloc(12 * 1024 * 1024, 1), name: 'big.jpg', type: 'image/jpeg' });
    expect(up.status).toBe(413);
    expect(up.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/over the limit/), extensions: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  // No Content-Length to check up front: the body is counted as it arrives (issue 10's "noticed").
  it('refuses a chunked body past the limit with 413, and still answers a small chunked one', async () => {
    const chunkedPost = (chunks: Buffer[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(t.url);
        const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/graphql', headers: { host, 'content-type': 'application/json' } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        });
        req.on('error', (err) => (/EPIPE|ECONNRESET/.test(String(err)) ? undefined : reject(err)));
        for (const c of chunks) req.write(c);
        req.end();
      });
    const query = Buffer.from(JSON.stringify({ query: '{ latestScan { state } }' }));
    const small = await chunkedPost([query.subarray(0, 10), query.subarray(10)]);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toMatchObject({ data: { latestScan: expect.toSatisfy((v: unknown) => v === null || typeof v === 'object') } });
    expect(JSON.parse(small.body).errors).toBeUndefined();
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    const big = await chunkedPost([Buffer.from('{"query":"{ latestScan { state } }","x":"'), ...Array.from({ length: 40 }, () => mb), Buffer.from('"}')]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).errors[0]).toMatchObject({ message: expect.stringMatching(/chunked request body over the limit/), extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    // The service is still there for everyone else.
    expect((await chunkedPost([query])).status).toBe(200);
  });

  it('refuses an oversized body unread, with 413 and a code', async () => {
    const r = await raw(t.url, { method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('CORS_ORIGINS', () => {
  let c: TestApp;
  beforeAll(async () => {
    c = await startTestApp({ role: 'api', env: { CORS_ORIGINS: 'https://app.example' } });
  });
  afterAll(() => c?.stop());

  it('answers a listed origin, never with credentials, and no other', async () => {
    const h = new URL(c.url).host;
    const pre = await raw(c.url, { method: 'OPTIONS', headers: { host: h, origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const post = await raw(c.url, { method: 'POST', headers: { host: h, origin: 'https://app.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ latestScan { state } }' }) });
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe('https://app.example');
    const other = await raw(c.url, { method: 'OPTIONS', headers: { host: h, origin: 'https://other.example', 'access-control-request-method': 'POST' } });
    expect(other.status).toBe(403);
  });
});

describe('isAllowedHost', () => {
  it.each([
    ['localhost:4000', true],
    ['app.localhost', true],
    ['10.0.0.7:4000', true],
    ['[::1]:4000', true],
    ['covers.lan', true],
    ['covers.example:8443', true],
    ['covers.example:80', false],
    ['evil.example', false],
    ['', false],
    ['a b', false],
  ])('%s -> %s', (h, ok) => {
    expect(isAllowedHost({ host: '0.0.0.0', allowedHosts: ['covers.lan', 'covers.example:8443'] }, h)).toBe(ok);
  });

  it('accepts the bound name, and anything with *', () => {
    expect(isAllowedHost({ host: 'pi.lan', allowedHosts: [] }, 'pi.lan:4000')).toBe(true);
    expect(isAllowedHost({ host: 'pi.lan', allowedHosts: ['*'] }, 'whatever.example')).toBe(true);
  });
});
