/**
 * Shared steps of the cover end-to-end tests: scan through the API, read every cover, wait for the
 * background jobs to settle, upload over the GraphQL multipart request spec, fetch image bytes.
 */
import { print } from 'graphql';
import { graphql } from '../gql/index.js';
import type { CoverAlbumsQuery } from '../gql/graphql.js';
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';

export const StartScan = graphql(`
  mutation CoversStartScan($path: String) {
    scanLibrary(path: $path) {
      __typename
      ... on Scan { id state }
      ... on Error { message }
    }
  }
`);

export const ScanState = graphql(`
  query CoversScanState($id: ID!) {
    scan(id: $id) {
      __typename
      ... on Scan { state error albumsAdded }
    }
  }
`);

export const CoverAlbums = graphql(`
  query CoverAlbums($first: Int!) {
    albums(first: $first) {
      totalCount
      edges {
        node {
          id
          title
          folder
          artist { id name }
          cover {
            id
            status
            source
            url
            srcset
            width
            height
            dominantColor
            thumbhash
            updatedAt
            trace { source outcome detail at durationMs }
            job { state priority attempts runAt }
          }
        }
      }
    }
  }
`);

export const CoverArtists = graphql(`
  query CoverArtists($first: Int!) {
    artists(first: $first) {
      edges {
        node {
          id
          name
          image { status source url job { state } trace { source outcome detail } }
        }
      }
    }
  }
`);

export const AlbumCoverUrls = graphql(`
  query AlbumCoverUrls($id: ID!) {
    album(id: $id) {
      __typename
      ... on Album {
        cover {
          status
          url
          small: url(size: 64)
          snapped: url(size: 100)
          large: url(size: 1024)
          jpeg: url(format: JPEG)
          avif: url(size: 256, format: AVIF)
        }
      }
    }
  }
`);

export const RequestCovers = graphql(`
  mutation CoversRequest($ids: [ID!]!, $priority: CoverPriority) {
    requestCovers(ids: $ids, priority: $priority) {
      __typename
      ... on CoversPayload { covers { status source job { state priority } } }
      ... on Error { message }
      ... on ValidationError { field }
      ... on NotFoundError { id }
    }
  }
`);

export const RefreshCovers = graphql(`
  mutation CoversRefresh($ids: [ID!]!) {
    refreshCovers(ids: $ids) {
      __typename
      ... on CoversPayload { covers { status source job { state priority } } }
      ... on Error { message }
      ... on ValidationError { field }
      ... on NotFoundError { id }
    }
  }
`);

export const UploadCover = graphql(`
  mutation CoversUpload($id: ID!, $file: File!) {
    uploadCover(id: $id, file: $file) {
      __typename
      ... on CoverPayload { cover { status source url width height updatedAt } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

export const ResetCover = graphql(`
  mutation CoversReset($id: ID!) {
    resetCover(id: $id) {
      __typename
      ... on CoverPayload { cover { status source job { state } } }
      ... on Error { message }
    }
  }
`);

export type AlbumNode = CoverAlbumsQuery['albums']['edges'][number]['node'];
export type CoverView = AlbumNode['cover'];

/** Runs `scanLibrary` (the production path: jobs are enqueued after it) and waits until it is DONE. */
export async function scan(t: TestApp, path?: string, headers?: Record<string, string>): Promise<void> {
  const started = await t.gql(StartScan, { path: path ?? null }, headers);
  const result = started.data?.scanLibrary;
  if (result?.__typename !== 'Scan') throw new Error(`scanLibrary failed: ${JSON.stringify(started)}`);
  await waitFor(
    async () => {
      const s = await t.gql(ScanState, { id: result.id });
      const state = s.data?.scan.__typename === 'Scan' ? s.data.scan : undefined;
      if (state?.state === 'FAILED') throw new Error(`scan failed: ${state.error}`);
      return state?.state === 'DONE';
    },
    20_000,
    { message: `scan of ${path ?? 'the library'}` },
  );
}

/** Every album with its cover, by folder (relative to the library root). */
export async function albumsByFolder(t: TestApp): Promise<Map<string, AlbumNode>> {
  const res = await t.gql(CoverAlbums, { first: 500 });
  if (res.errors || !res.data) throw new Error(`albums query failed: ${JSON.stringify(res.errors)}`);
  return new Map(res.data.albums.edges.map((e) => [e.node.folder.replace(/\/+$/, ''), e.node]));
}

export async function album(t: TestApp, folder: string): Promise<AlbumNode> {
  const found = (await albumsByFolder(t)).get(folder);
  if (!found) throw new Error(`no album in ${folder}`);
  return found;
}

/** The part of a cover that says whether work is left: album covers and artist images alike. */
type CoverState = { status: string; job: { state: string } | null };

/** Whether a cover is done with its work: no job queued or running, and not PENDING. */
export const settled = (c: CoverState) => c.status !== 'PENDING' && c.job === null;

/** Settled, or waiting for a scheduled retry (FALLBACK). */
export const settledOrScheduled = (c: CoverState) => c.status !== 'PENDING' && (c.job === null || c.job.state === 'SCHEDULED');

/** Waits until every album (and, with `artists`, every artist) has settled; returns the albums. */
export async function waitForSettled(t: TestApp, timeoutMs = 20_000, opts: { artists?: boolean; done?: (c: CoverState) => boolean } = {}): Promise<Map<string, AlbumNode>> {
  const done = opts.done ?? settled;
  let last: Map<string, AlbumNode> | undefined;
  return waitFor(
    async () => {
      last = await albumsByFolder(t);
      if (last.size === 0 || ![...last.values()].every((a) => done(a.cover))) return undefined;
      if (opts.artists) {
        const artists = await t.gql(CoverArtists, { first: 500 });
        if (!artists.data?.artists.edges.every((e) => done(e.node.image))) return undefined;
      }
      return last;
    },
    timeoutMs,
    {
      intervalMs: 100,
      message: 'covers to settle',
      last: () => [...(last?.values() ?? [])].filter((a) => !done(a.cover)).map((a) => ({ folder: a.folder, status: a.cover.status, job: a.cover.job })),
    },
  );
}

/** Polls one album's cover until `ok` holds. */
export async function waitForCover(t: TestApp, folder: string, ok: (c: CoverView) => boolean, timeoutMs = 15_000, intervalMs = 50): Promise<CoverView> {
  let last: CoverView | undefined;
  return waitFor(
    async () => {
      last = (await album(t, folder)).cover;
      return ok(last) ? last : undefined;
    },
    timeoutMs,
    { intervalMs, message: `cover of ${folder}`, last: () => last && { status: last.status, source: last.source, job: last.job, trace: last.trace } },
  );
}

/** The source/outcome pairs of a trace, in order. */
export const steps = (c: CoverView) => c.trace.map((a) => `${a.source}:${a.outcome}`);

/** `/covers/<hash>/<size>.<ext>` → its parts. */
export function parseUrl(url: string | null | undefined): { hash: string; size: number; ext: string } {
  const m = /^\/covers\/([0-9a-f]{64})\/(\d+)\.(webp|jpg|avif)$/.exec(url ?? '');
  if (!m) throw new Error(`not a cover url: ${url}`);
  return { hash: m[1]!, size: Number(m[2]), ext: m[3]! };
}

/** GETs an image path over real HTTP; returns the answer and its bytes. */
export async function fetchImage(t: TestApp, path: string, headers: Record<string, string> = {}): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(`${t.url}${path}`, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * POSTs `uploadCover` as a GraphQL multipart request (operations, map, then the file part) over
 * real HTTP, like a browser's FormData, with the header that tells it from a cross-site form (CSRF).
 */
export async function upload(
  t: TestApp,
  id: string,
  file: { bytes: Buffer; name: string; type: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: { uploadCover: any }; errors?: { message: string }[] } }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(UploadCover), variables: { id, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', body: form, headers: { 'x-graphql-yoga-csrf': '1', ...headers } });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `not JSON (${res.status}): ${text.slice(0, 200)}` }] };
  }
  return { status: res.status, body };
}
