import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/covers/cover.service.js';
import { encodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage, ResetCover } from '../helpers/covers.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { seedLibrary } from '../helpers/seed.js';

const SetCoverFromUrl = graphql(`
  mutation SetCoverFromUrl($id: ID!, $url: String!) {
    setCoverFromUrl(id: $id, url: $url) {
      __typename
      ... on CoverPayload { cover { status source url width height } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

const RefreshReady = graphql(`
  mutation RefreshReady {
    refreshCovers(filter: { status: [READY] }) { __typename ... on CoversPayload { queued } }
  }
`);

/** A loopback web server with an image, a page, an oversized answer (declared and streamed) and redirects; it counts what it was asked. */
async function imageHost(jpeg: Buffer): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    switch (req.url) {
      case '/cover.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length }).end(jpeg);
        return;
      case '/page.html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>not an image</title><p>hello</p>');
        return;
      case '/declared-huge.jpg':
        // Says it is over the cap: refused before a byte of the body is read.
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': MAX_UPLOAD_BYTES + 1 });
        res.write(jpeg.subarray(0, 1000));
        return; // never finished: the client must not wait for it
      case '/streamed-huge.jpg': {
        // No length: a real JPEG's start, then more bytes than an upload may have, chunked.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(jpeg);
        const chunk = Buffer.alloc(256 * 1024, 0x55);
        let sent = jpeg.length;
        const more = () => {
          while (sent <= MAX_UPLOAD_BYTES + chunk.length) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('error', () => undefined);
        more();
        return;
      }
      case '/moved':
        res.writeHead(302, { location: '/cover.jpg' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('setCoverFromUrl', () => {
  let host: Awaited<ReturnType<typeof imageHost>>;
  let open: TestApp; // COVER_URL_ALLOW_PRIVATE=true: the loopback fake is reachable
  let safe: TestApp; // the default
  let albumId = '';
  let safeAlbumId = '';

  beforeAll(async () => {
    host = await imageHost(await solidJpeg('#2a7f62', 480));
    [open, safe] = await Promise.all([
      startTestApp({ role: 'api', env: { COVER_URL_ALLOW_PRIVATE: 'true', REMOTE_TIMEOUT_MS: '3000' } }),
      startTestApp({ role: 'api' }),
    ]);
    const [first] = await seedLibrary(open.app.db, { albums: 2, tracksPerAlbum: 1 });
    safeAlbumId = encodeId('Album', (await seedLibrary(safe.app.db, { albums: 2, tracksPerAlbum: 1 }))[0]!);
    albumId = encodeId('Album', first!);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), safe?.stop()]);
    await host?.close();
  });

  it('sets the cover from a real image, pinned like an upload until resetCover', async () => {
    const res = await open.gql(SetCoverFromUrl, { id: albumId, url: `${host.url}/cover.jpg` });
    expect(res.data?.setCoverFromUrl).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'UPLOAD', width: 480, height: 480 } });
    const cover = (res.data!.setCoverFromUrl as { cover: { url: string } }).cover;
    await expectColor((await fetchImage(open, cover.url)).bytes, '2a7f62', 12);
    const { rows } = await open.database.pool.query(`select image_hash, upload_hash from covers where entity_type = 'album' and status = 'READY'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].upload_hash).toBe(rows[0].image_hash);
    // Pinned: a bulk refresh does not search it again; resetCover lets the sources run again.
    expect((await open.gql(RefreshReady)).data?.refreshCovers).toMatchObject({ queued: 0 });
    expect((await open.gql(ResetCover, { id: albumId })).data?.resetCover.__typename).toBe('CoverPayload');
    const after = await open.database.pool.query(`select upload_hash from covers where entity_type = 'album'`);
    expect(after.rows[0].upload_hash).toBeNull();
  });

  it('follows a redirect, the hop checked like the first request', async () => {
    const moved = await open.gql(SetCoverFromUrl, { id: albumId, url: `${host.url}/moved` });
    expect(moved.data?.setCoverFromUrl).toMatchObject({ __typename: 'CoverPayload', cover: { source: 'UPLOAD' } });
  });

  it('refuses a page that is not an image, an answer over 10 MB (declared or streamed), a 404, with a ValidationError on url', async () => {
    const cases: [string, RegExp][] = [
      ['/page.html', /not an image/],
      ['/declared-huge.jpg', /over the \d+-byte cap/],
      ['/streamed-huge.jpg', /more than the \d+-byte cap/],
      ['/nothing-here.jpg', /answered 404/],
    ];
    for (const [path, message] of cases) {
      const res = await open.gql(SetCoverFromUrl, { id: albumId, url: `${host.url}${path}` });
      expect(res.data?.setCoverFromUrl, path).toMatchObject({ __typename: 'ValidationError', field: 'url', message: expect.stringMatching(message) });
      // The host is named, never the path.
      expect((res.data?.setCoverFromUrl as { message: string }).message, path).not.toContain(path);
    }
  });

  it('refuses what is not an http(s) URL', async () => {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1/', 'not a url', `http://x/${'a'.repeat(2100)}`]) {
      const res = await open.gql(SetCoverFromUrl, { id: albumId, url });
      expect(res.data?.setCoverFromUrl, url.slice(0, 40)).toMatchObject({ __typename: 'ValidationError', field: 'url' });
    }
  });

  it('by default refuses loopback, LAN and link-local targets, literal or by name, without sending a request', async () => {
    const before = host.hits.length;
    const port = new URL(host.url).port;
    for (const url of [`${host.url}/cover.jpg`, `http://localhost:${port}/cover.jpg`, `http://[::1]:${port}/cover.jpg`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/a.jpg', `http://0x7f000001:${port}/cover.jpg`]) {
      const res = await safe.gql(SetCoverFromUrl, { id: safeAlbumId, url });
      expect(res.data?.setCoverFromUrl, url).toMatchObject({ __typename: 'ValidationError', field: 'url', message: expect.stringContaining('private address refused') });
    }
    expect(host.hits.length).toBe(before);
  });
});
