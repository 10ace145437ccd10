import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const ScanLibrary = graphql(`
  mutation ScanLibrary($path: String) {
    scanLibrary(path: $path) {
      __typename
      ... on Scan { id state }
      ... on ValidationError { message field }
      ... on ForbiddenError { message }
    }
  }
`);

const ScanById = graphql(`
  query ScanById($id: ID!) {
    scan(id: $id) {
      ... on Scan { state filesSeen filesParsed filesFailed albumsAdded failures { path error } }
    }
  }
`);

const AlbumTitles = graphql(`
  query AlbumTitles { albums(first: 100) { totalCount edges { node { title folder artist { name } } } } }
`);

async function waitForScan(t: TestApp, id: string) {
  for (let i = 0; i < 150; i++) {
    const r = await t.gql(ScanById, { id });
    const scan = r.data?.scan as { state: string } | undefined;
    if (scan && (scan.state === 'DONE' || scan.state === 'FAILED')) return r.data!.scan as any;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('scan did not finish');
}

describe('scanLibrary mutation (scan_library job on the worker)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Covers are not under test here: keep their jobs local and quick.
    t = await startTestApp({ role: 'serve', env: { COVER_SOURCES: 'embedded,placeholder', ARTIST_IMAGE_SOURCES: 'placeholder' } });
  });
  afterAll(() => t?.stop());

  it('scans the fixture library in the background, and reports corrupt files without stopping', async () => {
    const res = await t.gql(ScanLibrary, {});
    expect(res.data?.scanLibrary).toMatchObject({ __typename: 'Scan' });
    const scan = await waitForScan(t, (res.data!.scanLibrary as { id: string }).id);
    expect(scan.state).toBe('DONE');
    expect(scan.filesFailed).toBe(2);
    expect(scan.failures.map((f: { path: string }) => f.path).sort()).toEqual(['Broken/Corrupt/01 - Corrupt.mp3', 'Broken/Corrupt/02 - Truncated.flac']);
    expect(scan.albumsAdded).toBeGreaterThanOrEqual(20);
    const albums = await t.gql(AlbumTitles, {});
    const live = albums.data!.albums.edges.filter((e) => e.node.title === 'Live').map((e) => e.node.folder).sort();
    expect(live).toEqual(['Echo Valley/Live 1999', 'Echo Valley/Live 2004']);
  });

  it('rescans one folder incrementally', async () => {
    const res = await t.gql(ScanLibrary, { path: 'Echo Valley' });
    const scan = await waitForScan(t, (res.data!.scanLibrary as { id: string }).id);
    expect(scan).toMatchObject({ state: 'DONE', filesSeen: 4, filesParsed: 0, albumsAdded: 0 });
  });

  it('refuses a path outside the library', async () => {
    for (const path of ['../', '/etc', 'Echo Valley/../../..']) {
      const res = await t.gql(ScanLibrary, { path });
      expect(res.data?.scanLibrary).toMatchObject({ __typename: 'ValidationError', field: 'path', message: 'path is outside the music library' });
    }
    const missing = await t.gql(ScanLibrary, { path: 'No Such Folder' });
    expect(missing.data?.scanLibrary).toMatchObject({ __typename: 'ValidationError', field: 'path' });
  });
});

describe('mutations with API_TOKEN set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { API_TOKEN: 'secret-token-123' } });
  });
  afterAll(() => t?.stop());

  it('needs Authorization: Bearer <token>; queries stay open', async () => {
    const denied = await t.gql(ScanLibrary, {});
    expect(denied.data?.scanLibrary).toMatchObject({ __typename: 'ForbiddenError' });
    const wrong = await t.gql(ScanLibrary, {}, { authorization: 'Bearer secret-token-124' });
    expect(wrong.data?.scanLibrary).toMatchObject({ __typename: 'ForbiddenError' });
    const allowed = await t.gql(ScanLibrary, {}, { authorization: 'Bearer secret-token-123' });
    expect(allowed.data?.scanLibrary).toMatchObject({ __typename: 'Scan' });
    const open = await t.gql(AlbumTitles, {});
    expect(open.errors).toBeUndefined();
  });
});
