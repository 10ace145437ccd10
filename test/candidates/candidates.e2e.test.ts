/**
 * Album.coverCandidates and chooseCover end to end: an album with a small embedded cover, an
 * exact-MBID Cover Art Archive front and a Deezer hit on loopback fakes; every candidate listed
 * best first with a preview on this service, streamed as found, and one pinned until resetCover.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, fetchImage, ResetCover, scan, waitForCover, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { collect, wsClient } from '../helpers/live.js';
import { waitFor } from '../helpers/wait.js';

const FOLDER = 'Scan House/Full Package';
const RELEASE = '5ca1ab1e-0000-4000-8000-00000000a11b';
const COLORS = { caa: '2266aa', deezer: 'aa6622', deezerArtist: '22aa66' };

const Candidates = graphql(`
  query AlbumCandidates($id: ID!, $first: Int) {
    node(id: $id) {
      ... on Album {
        coverCandidates(first: $first) {
          edges { cursor node { candidateId source match type width height score similarity detail previewUrl(size: 128) } }
          pageInfo { hasNextPage endCursor }
        }
        artist { id imageCandidates { edges { node { candidateId source match type } } } }
      }
    }
  }
`);
const Choose = graphql(`
  mutation ChooseCover($id: ID!, $candidateId: String!) {
    chooseCover(id: $id, candidateId: $candidateId) {
      __typename
      ... on CoverPayload { cover { status source url } }
      ... on Error { message }
    }
  }
`);
const CandidateEvents = graphql(`
  subscription CandidateEvents($ids: [ID!]) {
    coverEvents(ids: $ids) { __typename id ... on CoverCandidateFound { candidateId } }
  }
`);

let fake: FakeRemotes;
let t: TestApp;
let id: string;

beforeAll(async () => {
  fake = await startFakeRemotes();
  fake.caa.setFront(RELEASE, await solidJpeg(`#${COLORS.caa}`, 1200));
  fake.deezer.addAlbum({ artist: 'Scan House', title: 'Full Package', cover: await solidJpeg(`#${COLORS.deezer}`, 1000) });
  fake.deezer.addArtist({ name: 'Scan House', picture: await solidJpeg(`#${COLORS.deezerArtist}`, 500) });
  t = await startTestApp({
    env: {
      ...fake.env(),
      MUSIC_DIR: resolve(PROJECT_ROOT, 'test/fixtures/typed'),
      COVER_SOURCES: 'embedded,folder,coverartarchive,deezer,placeholder',
      ARTIST_IMAGE_SOURCES: 'folder,deezer,placeholder',
      MUSICBRAINZ_RATE_PER_SEC: '50',
      REMOTE_TIMEOUT_MS: '3000',
    },
  });
  await scan(t, 'Scan House');
  await waitForSettled(t, 30_000);
  id = (await album(t, FOLDER)).id;
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('coverCandidates', () => {
  let candidates: { candidateId: string; source: string; match: string; type: string; width: number; score: number; previewUrl: string }[];

  it('gathers every candidate of the chain on demand, streams each as found, and lists them best first with previews served here', async () => {
    const client = wsClient(t.url);
    const events = collect(client, CandidateEvents, { ids: [id] });
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    const first = await t.gql(Candidates, { id, first: 20 });
    expect(first.errors).toBeUndefined();
    const answer = await waitFor(
      async () => {
        const r = await t.gql(Candidates, { id, first: 20 });
        const n = r.data?.node as { coverCandidates: { edges: { node: (typeof candidates)[number] }[] } } | undefined;
        return n && n.coverCandidates.edges.length >= 3 ? n.coverCandidates.edges.map((e) => e.node) : undefined;
      },
      20_000,
      { message: 'candidates gathered' },
    );
    candidates = answer;
    // The folder's cover.jpg is 300 px, under COVER_UPGRADE_BELOW_PX, and the exact-MBID CAA front is 1200 px (at least
    // twice as large): CAA first, then the user's own art, then the search hit.
    expect(candidates.map((c) => `${c.source}:${c.match}`)).toEqual(['COVER_ART_ARCHIVE:MBID', 'FOLDER:LOCAL', 'DEEZER:SEARCH']);
    expect(candidates[0]).toMatchObject({ type: 'FRONT', width: 1200 });
    expect(candidates[1]!.score).toBeGreaterThan(candidates[2]!.score);
    for (const [c, colour] of [[candidates[0]!, COLORS.caa], [candidates[2]!, COLORS.deezer]] as const) {
      expect(c.previewUrl).toMatch(/^\/covers\/[0-9a-f]{64}\/128\.webp$/);
      const { res, bytes } = await fetchImage(t, c.previewUrl);
      expect(res.status).toBe(200);
      await expectColor(bytes, colour, 12);
    }
    const found = await events.until((items) => items.filter((e: any) => e.coverEvents.__typename === 'CoverCandidateFound').length >= 3);
    expect(new Set(found.filter((e: any) => e.coverEvents.__typename === 'CoverCandidateFound').map((e: any) => e.coverEvents.candidateId))).toEqual(new Set(candidates.map((c) => c.candidateId)));
    events.stop();
    await client.dispose();
  });

  it('pages with first/after', async () => {
    const one = await t.gql(Candidates, { id, first: 1 });
    const page = (one.data?.node as any).coverCandidates;
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('lists artist candidates too (imageCandidates)', async () => {
    const artist = await waitFor(
      async () => {
        const r = await t.gql(Candidates, { id, first: 20 });
        const edges = (r.data?.node as any)?.artist.imageCandidates.edges ?? [];
        return edges.length > 0 ? edges.map((e: any) => e.node) : undefined;
      },
      20_000,
      { message: 'artist candidates' },
    );
    expect(artist.map((c: any) => `${c.source}:${c.type}`)).toEqual(['DEEZER:ARTIST']);
  });

  it('chooseCover pins a candidate like an upload until resetCover', async () => {
    const deezer = candidates.find((c) => c.source === 'DEEZER')!;
    const chosen = await t.gql(Choose, { id, candidateId: deezer.candidateId });
    expect(chosen.data?.chooseCover).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'DEEZER' } });
    const url = (chosen.data!.chooseCover as any).cover.url as string;
    await expectColor((await fetchImage(t, url)).bytes, COLORS.deezer, 12);
    // A refresh does not replace a chosen cover.
    await t.gql(`mutation ($ids: [ID!]) { refreshCovers(ids: $ids) { __typename } }`, { ids: [id] });
    const after = await waitForCover(t, FOLDER, (c) => c.job === null && c.status === 'READY');
    expect(after.url).toBe(url);
    // Still said to be Deezer's picture, chosen: not an upload.
    expect(after.source).toBe('DEEZER');
    const unknown = await t.gql(Choose, { id, candidateId: 'deezer:nope' });
    expect(unknown.data?.chooseCover).toMatchObject({ __typename: 'NotFoundError' });
    await t.gql(ResetCover, { id });
    const reset = await waitForCover(t, FOLDER, (c) => c.job === null && c.url !== url);
    expect(reset.source).toBe('COVER_ART_ARCHIVE');
  });
});
