/**
 * Local stand-ins for MusicBrainz, the Cover Art Archive (and its image host), Last.fm, Deezer,
 * fanart.tv, TheAudioDB, Wikidata and Wikimedia Commons:
 * one node:http server each on 127.0.0.1, answering with the real services' paths, status codes and
 * JSON shapes, programmable per test.
 */
import type { AlbumSubject, ArtistSubject } from '../../src/covers/sources/source.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RemoteClient } from '../../src/covers/remote/client.js';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '../../src/env.js';

export type ServiceName = 'musicbrainz' | 'caa' | 'lastfm' | 'deezer' | 'fanarttv' | 'theaudiodb' | 'wikidata' | 'commons' | 'images';

/** A misbehaviour injected in front of a service's normal answers. */
export type Fault =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | { delayMs: number }
  | { hang: true }
  | { garbage: true }
  | { invalidJson: true };

export interface FaultOptions {
  /** How many requests it hits (default: all until cleared). */
  times?: number;
  /** Only requests whose path (with query) contains this. */
  path?: string;
}

export interface LoggedRequest {
  service: ServiceName;
  method: string;
  /** Path and query, as received. */
  path: string;
  headers: IncomingHttpHeaders;
  /** performance.now() when it arrived. */
  at: number;
}

/** What an image-host path answers: bytes, or a full answer (a redirect, an error, bytes without Content-Length). */
export type ImageSpec = Buffer | { status: number; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean };

/** What CAA answers for a front: a 307 to these bytes on the image host, an error status, or that after a delay. */
export type FrontSpec = Buffer | { status: number } | { delayMs: number; image?: Buffer; status?: number };

/** One image of a Cover Art Archive listing: its types (`Front`, `Back`, `Booklet`, `Medium`, `Tray`…) and bytes. */
export interface CaaImageSpec {
  types: string[];
  image: Buffer;
  /** CAA's image id (default: a running number). */
  id?: number;
  approved?: boolean;
}

export interface FakeRelease {
  id?: string;
  title: string;
  artist: string;
  /** The search score MusicBrainz gives it (default 100). */
  score?: number;
  releaseGroupId?: string;
}

/** A Last.fm answer: an image (served at every size), the grey star, no image at all, or an API error. */
export type LastfmSpec = Buffer | 'star' | 'no-image' | { error: number; message?: string; status?: number };

/** An artist MusicBrainz's artist search knows (`/ws/2/artist/?query=artist:"…"`). */
export interface FakeMbArtist {
  id?: string;
  name: string;
  disambiguation?: string;
}

/** What fanart.tv lists for an artist or a release group: its pictures (served on the image host), most liked first. */
export interface FanartSpec {
  pictures: ImageSpec[];
  /** The id the answer claims to be about (default: the one asked): a lying answer. */
  answerFor?: string;
}

/** What TheAudioDB's artist-mb.php answers for an id. */
export interface AudioDbSpec {
  name: string;
  /** Its strArtistThumb (on the image host); null for an artist without one. */
  thumb: ImageSpec | null;
  /** The strMusicBrainzID it answers with (default: the one asked): a lying answer. */
  mbid?: string;
}

/** A Wikidata item with P434 = the MusicBrainz id, and its P18 file. */
export interface WikidataSpec {
  qid?: string;
  /** The P18 file name (on Commons), or null for an item without an image. */
  image: string | null;
  /** The P434 its own claims hold (default: the one the search index has): the index lagging behind an edit. */
  claimsMbid?: string;
}

/** A Commons file: its picture (served as the 1200 px thumbnail) and its extmetadata. */
export interface CommonsSpec {
  image: ImageSpec;
  /** extmetadata Artist (HTML, as Commons writes it). */
  artist?: string;
  license?: string;
  licenseUrl?: string;
  /** The page title the answer claims (default: the one asked): a lying answer. */
  answerAs?: string;
}

export interface FakeRemotes {
  musicbrainz: { addRelease(release: FakeRelease): string; addArtist(artist: FakeMbArtist): string };
  fanarttv: {
    apiKey: string;
    /** Returns the URLs listed, in order. */
    setArtist(mbid: string, spec: FanartSpec): string[];
    setAlbum(releaseGroupMbid: string, spec: FanartSpec): string[];
  };
  theaudiodb: { apiKey: string; setArtist(mbid: string, spec: AudioDbSpec): string | null };
  wikidata: { setItem(mbid: string, spec: WikidataSpec): string };
  commons: { setFile(name: string, spec: CommonsSpec): string };
  caa: {
    setFront(releaseMbid: string, front: FrontSpec): void;
    setGroupFront(releaseGroupMbid: string, front: FrontSpec): void;
    /** The release's listing (`GET /release/<mbid>`): its images with their types, each served at 250/500/1200 and original through a 307 to the image host. */
    setListing(releaseMbid: string, images: CaaImageSpec[] | { status: number }): void;
    setGroupListing(releaseGroupMbid: string, images: CaaImageSpec[] | { status: number }): void;
  };
  lastfm: {
    /** The key requests must carry (error 10 otherwise). */
    apiKey: string;
    /** Returns the 300x300 image URL listed in the answer (the path holds the image hash). */
    setAlbum(artist: string, album: string, spec: LastfmSpec): string | null;
    setArtist(name: string, spec: LastfmSpec): string | null;
    /** Answer album.getInfo for `asked` with another album's names, as Last.fm's autocorrect does. */
    autocorrectAlbum(asked: { artist: string; album: string }, answered: { artist: string; album: string }): void;
  };
  deezer: {
    addAlbum(album: { artist: string; title: string; cover: Buffer | null }): number;
    addArtist(artist: { name: string; picture: Buffer | null }): number;
    /** The next `n` API calls answer 200 with the quota-exceeded error object. */
    throttle(n: number): void;
  };
  images: {
    /** Serves `spec` at `path` (default: a fresh one); returns the absolute URL. */
    put(spec: ImageSpec, path?: string): string;
  };
  /** Arms a fault (newest first); `null` clears the service's faults. */
  fault(service: ServiceName, fault: Fault | null, opts?: FaultOptions): void;
  /** Clears every fault, the Deezer throttle and the request log (the data set up stays). */
  reset(): void;
  readonly requests: LoggedRequest[];
  requestsTo(service: ServiceName): LoggedRequest[];
  /** Base URLs, e.g. `http://127.0.0.1:40123`. */
  readonly urls: Record<ServiceName, string>;
  /**
   * The base URLs, and the fake image host (`127.0.0.1:<port>`) as the image host of every service
   * that downloads images: another port of the base host is only reachable when listed.
   */
  env(): FakeRemoteEnv;
  close(): Promise<void>;
}

export interface FakeRemoteEnv {
  FANARTTV_URL: string;
  FANARTTV_IMAGE_HOSTS: string;
  THEAUDIODB_URL: string;
  THEAUDIODB_IMAGE_HOSTS: string;
  WIKIDATA_URL: string;
  COMMONS_URL: string;
  COMMONS_IMAGE_HOSTS: string;
  MUSICBRAINZ_URL: string;
  COVERARTARCHIVE_URL: string;
  COVERARTARCHIVE_IMAGE_HOSTS: string;
  LASTFM_URL: string;
  LASTFM_IMAGE_HOSTS: string;
  DEEZER_URL: string;
  DEEZER_IMAGE_HOSTS: string;
}

export const LASTFM_STAR_HASH = '2a96cbd8b46e442fc41c2b86b821562f';
const LASTFM_SIZES = [['small', '34s'], ['medium', '64s'], ['large', '174s'], ['extralarge', '300x300'], ['mega', '300x300'], ['', '300x300']] as const;
const LASTFM_SERVED_SIZES = ['34s', '64s', '174s', '300x300', '600x600'];

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
type ArmedFault = { fault: Fault; left: number; path?: string };

export async function startFakeRemotes(): Promise<FakeRemotes> {
  const requests: LoggedRequest[] = [];
  const faults = new Map<ServiceName, ArmedFault[]>();
  const servers: Server[] = [];
  const urls = {} as Record<ServiceName, string>;

  async function listen(service: ServiceName, handler: Handler): Promise<void> {
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      requests.push({ service, method: req.method ?? 'GET', path, headers: req.headers, at: performance.now() });
      void serve(service, handler, req, res, new URL(path, urls[service])).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, String(err), 'text/plain');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function serve(service: ServiceName, handler: Handler, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const armed = (faults.get(service) ?? []).find((f) => f.left > 0 && (!f.path || (req.url ?? '').includes(f.path)));
    if (armed) {
      armed.left -= 1;
      const f = armed.fault;
      if ('hang' in f) return; // never answers; close() drops the socket
      if ('delayMs' in f) await sleep(f.delayMs);
      else if ('garbage' in f) return send(res, 200, garbage(2048), service === 'images' || service === 'caa' ? 'image/jpeg' : 'application/json');
      else if ('invalidJson' in f) return send(res, 200, '{"releases": [{"id": "', 'application/json');
      else return send(res, f.status, typeof f.body === 'object' ? JSON.stringify(f.body) : (f.body ?? ''), typeof f.body === 'object' ? 'application/json' : 'text/plain', f.headers);
    }
    await handler(req, res, url);
  }

  // ---- image host (archive.org, lastfm.freetls.fastly.net, dzcdn.net stand in here) ----
  const images = new Map<string, ImageSpec>();
  let imageSeq = 0;
  const putImage = (spec: ImageSpec, path = `/img/${++imageSeq}.jpg`): string => {
    images.set(path, spec);
    return `${urls.images}${path}`;
  };
  await listen('images', (_req, res, url) => {
    const spec = images.get(url.pathname);
    if (!spec) return send(res, 404, 'Not Found', 'text/plain');
    if (Buffer.isBuffer(spec)) return send(res, 200, spec, 'image/jpeg');
    if (spec.chunked) {
      res.writeHead(spec.status, { 'content-type': 'image/jpeg', ...spec.headers });
      const body = Buffer.from(spec.body ?? '');
      for (let i = 0; i < body.length; i += 1024) res.write(body.subarray(i, i + 1024));
      return void res.end();
    }
    send(res, spec.status, spec.body ?? '', 'image/jpeg', spec.headers);
  });

  // ---- MusicBrainz: /ws/2/release/?query=release:"…" AND artist:"…"&fmt=json ----
  const releases: Required<FakeRelease>[] = [];
  await listen('musicbrainz', (req, res, url) => {
    if (url.pathname === '/ws/2/artist/' || url.pathname === '/ws/2/artist') return mbArtistSearch(req, res, url);
    if (url.pathname !== '/ws/2/release/' && url.pathname !== '/ws/2/release') return send(res, 404, { error: 'Not Found', help: 'For usage, please see: https://musicbrainz.org/development/mmd' });
    if (url.searchParams.get('fmt') !== 'json') return send(res, 200, '<?xml version="1.0" encoding="UTF-8"?><metadata/>', 'application/xml');
    const query = url.searchParams.get('query') ?? '';
    const title = luceneField(query, 'release');
    const artist = luceneField(query, 'artist');
    const hits = releases.filter((r) => (title === null || same(r.title, title)) && (artist === null || same(r.artist, artist)));
    const limit = Number(url.searchParams.get('limit') ?? 25);
    send(res, 200, {
      created: new Date().toISOString(),
      count: hits.length,
      offset: 0,
      releases: hits.slice(0, limit).map((r) => ({
        id: r.id,
        score: r.score,
        'status-id': '4e304316-386d-3409-af2e-78857eec5cfe',
        count: 1,
        title: r.title,
        status: 'Official',
        'text-representation': { language: 'eng', script: 'Latn' },
        'artist-credit': [{ name: r.artist, artist: { id: uuidFrom(r.artist), name: r.artist, 'sort-name': r.artist } }],
        'release-group': { id: r.releaseGroupId, 'type-id': 'f529b476-6e62-324f-b0aa-1f3e33d313fc', 'primary-type-id': 'f529b476-6e62-324f-b0aa-1f3e33d313fc', title: r.title, 'primary-type': 'Album' },
        date: '2001-03-12',
        country: 'XE',
        'track-count': 10,
        media: [{ format: 'CD', 'disc-count': 1, 'track-count': 10 }],
      })),
    });
  });

  // ---- Cover Art Archive: /release/<mbid>/front-500, /release-group/<mbid>/front-500 ----
  const fronts = new Map<string, FrontSpec>();
  const listings = new Map<string, (CaaImageSpec & { id: number })[] | { status: number }>();
  const caaImages = new Map<string, Buffer>();
  let caaImageId = 30_000_000_000;
  await listen('caa', async (_req, res, url) => {
    const listed = /^\/(release|release-group)\/([0-9a-f-]{36})\/?$/.exec(url.pathname);
    if (listed) return caaListing(res, listed[1]!, listed[2]!);
    const image = /^\/release\/([0-9a-f-]{36})\/(\d+)(?:-(250|500|1200))?\.jpg$/.exec(url.pathname);
    if (image) {
      const [, mbid, id, size] = image as unknown as [string, string, string, string | undefined];
      const bytes = caaImages.get(`${mbid}/${id}`);
      if (!bytes) return send(res, 404, 'Not Found', 'text/plain');
      const location = putImage(bytes, `/download/mbid-${mbid}/mbid-${mbid}-${id}${size ? `_thumb${size}` : ''}.jpg`);
      return send(res, 307, `See: ${location}`, 'text/plain', { location });
    }
    const m = /^\/(release|release-group)\/([^/]+)\/front(?:-(250|500|1200))?$/.exec(url.pathname);
    if (!m) return send(res, 400, 'Bad Request', 'text/plain');
    const [, kind, mbid] = m as unknown as [string, string, string];
    if (!/^[0-9a-f-]{36}$/.test(mbid)) return send(res, 400, `${mbid} is not a valid MBID`, 'text/plain');
    let spec = fronts.get(`${kind}/${mbid}`);
    if (spec && !Buffer.isBuffer(spec) && 'delayMs' in spec) {
      await sleep(spec.delayMs);
      spec = spec.image ?? { status: spec.status ?? 404 };
    }
    if (!spec) return send(res, 404, 'Not Found', 'text/plain');
    if (!Buffer.isBuffer(spec)) return send(res, spec.status, spec.status === 404 ? 'Not Found' : 'Service Unavailable', 'text/plain');
    const location = putImage(spec, `/download/mbid-${mbid}/mbid-${mbid}-${++imageSeq}_thumb500.jpg`);
    send(res, 307, `See: ${location}`, 'text/plain', { location });
  });

  /** The JSON of https://musicbrainz.org/doc/Cover_Art_Archive/API#/release/{mbid}/ (a release group answers with the release it chose). */
  function caaListing(res: ServerResponse, kind: string, mbid: string): void {
    const spec = listings.get(`${kind}/${mbid}`);
    if (!spec) return send(res, 404, 'Not Found', 'text/plain');
    if (!Array.isArray(spec)) return send(res, spec.status, spec.status === 404 ? 'Not Found' : 'Service Unavailable', 'text/plain');
    const release = kind === 'release' ? mbid : uuidFrom(`release of ${mbid}`);
    const link = (id: number, size?: number) => `${urls.caa}/release/${release}/${id}${size ? `-${size}` : ''}.jpg`;
    send(res, 200, {
      images: spec.map((i) => {
        caaImages.set(`${release}/${i.id}`, i.image);
        return {
          approved: i.approved ?? true,
          back: i.types.includes('Back'),
          comment: '',
          edit: 17_000_000 + (i.id % 1_000_000),
          front: i.types.includes('Front'),
          id: i.id,
          image: link(i.id),
          thumbnails: { '250': link(i.id, 250), '500': link(i.id, 500), '1200': link(i.id, 1200), large: link(i.id, 500), small: link(i.id, 250) },
          types: i.types,
        };
      }),
      release: `https://musicbrainz.org/release/${release}`,
    });
  }

  // ---- Last.fm: /2.0/?method=album.getinfo|artist.getinfo&api_key=…&format=json ----
  const lastfmAlbums = new Map<string, LastfmSpec>();
  const lastfmArtists = new Map<string, LastfmSpec>();
  const lastfmCorrections = new Map<string, { artist: string; album: string }>();
  const lastfm = {
    apiKey: 'fake-lastfm-key',
    setAlbum: (artist: string, album: string, spec: LastfmSpec) => {
      lastfmAlbums.set(key(artist, album), spec);
      return lastfmImage(spec);
    },
    setArtist: (name: string, spec: LastfmSpec) => {
      lastfmArtists.set(key(name), spec);
      return lastfmImage(spec);
    },
    autocorrectAlbum: (asked: { artist: string; album: string }, answered: { artist: string; album: string }) => void lastfmCorrections.set(key(asked.artist, asked.album), answered),
  };
  const lastfmHash = (spec: LastfmSpec) => (spec === 'star' ? LASTFM_STAR_HASH : Buffer.isBuffer(spec) ? md5(spec) : null);
  function lastfmImage(spec: LastfmSpec): string | null {
    const hash = lastfmHash(spec);
    if (!hash) return null;
    for (const size of LASTFM_SERVED_SIZES) putImage(Buffer.isBuffer(spec) ? spec : garbage(512), `/i/u/${size}/${hash}.png`);
    return `${urls.images}/i/u/300x300/${hash}.png`;
  }
  const lastfmImages = (spec: LastfmSpec) => {
    const hash = lastfmHash(spec);
    return LASTFM_SIZES.map(([size, path]) => ({ size, '#text': hash ? `${urls.images}/i/u/${path}/${hash}.png` : '' }));
  };
  await listen('lastfm', (_req, res, url) => {
    const p = url.searchParams;
    if (url.pathname !== '/2.0/' && url.pathname !== '/2.0') return send(res, 404, 'Not Found', 'text/html');
    if (p.get('format') !== 'json') return send(res, 200, '<?xml version="1.0" encoding="UTF-8"?><lfm status="ok"/>', 'text/xml');
    if (p.get('api_key') !== lastfm.apiKey) return lastfmError(res, { error: 10, message: 'Invalid API key - You must be granted a valid key by last.fm' });
    const method = p.get('method')?.toLowerCase();
    if (method === 'album.getinfo') {
      const corrected = lastfmCorrections.get(key(p.get('artist') ?? '', p.get('album') ?? ''));
      const artist = corrected?.artist ?? p.get('artist') ?? '';
      const album = corrected?.album ?? p.get('album') ?? '';
      const spec = lastfmAlbums.get(key(artist, album)) ?? { error: 6, message: 'Album not found' };
      if (typeof spec === 'object' && 'error' in spec) return lastfmError(res, spec);
      return send(res, 200, {
        album: {
          artist, mbid: '', tags: { tag: [] }, playcount: '1234', name: album, listeners: '567',
          image: lastfmImages(spec),
          tracks: { track: [] },
          url: `https://www.last.fm/music/${encodeURIComponent(artist)}/${encodeURIComponent(album)}`,
        },
      });
    }
    if (method === 'artist.getinfo') {
      const name = p.get('artist') ?? '';
      const spec = lastfmArtists.get(key(name)) ?? { error: 6, message: 'The artist you supplied could not be found' };
      if (typeof spec === 'object' && 'error' in spec) return lastfmError(res, spec);
      return send(res, 200, {
        artist: {
          name, mbid: '', url: `https://www.last.fm/music/${encodeURIComponent(name)}`,
          image: lastfmImages(spec),
          streamable: '0', ontour: '0', stats: { listeners: '567', playcount: '1234' },
          similar: { artist: [] }, tags: { tag: [] }, bio: { published: '01 Jan 1970, 00:00', summary: '', content: '' },
        },
      });
    }
    lastfmError(res, { error: 3, message: 'Invalid Method - No method with that name in this package' });
  });

  // ---- Deezer: /search/album?q=artist:"…" album:"…", /search/artist?q=… ----
  type DzAlbum = { id: number; artist: { id: number; name: string }; title: string; md5: string };
  type DzArtist = { id: number; name: string; md5: string };
  const dzAlbums: DzAlbum[] = [];
  const dzArtists: DzArtist[] = [];
  let dzSeq = 1000;
  let throttled = 0;
  const dzImage = (kind: 'cover' | 'artist', md5hash: string, size: string) => `${urls.images}/images/${kind}/${md5hash}/${size}-000000-80-0-0.jpg`;
  const deezer = {
    addAlbum(a: { artist: string; title: string; cover: Buffer | null }) {
      const md5hash = a.cover ? md5(a.cover) : '';
      if (a.cover) for (const s of ['56x56', '250x250', '500x500', '1000x1000']) putImage(a.cover, new URL(dzImage('cover', md5hash, s)).pathname);
      const artistId = dzArtists.find((x) => same(x.name, a.artist))?.id ?? ++dzSeq;
      dzAlbums.push({ id: ++dzSeq, artist: { id: artistId, name: a.artist }, title: a.title, md5: md5hash });
      return dzSeq;
    },
    addArtist(a: { name: string; picture: Buffer | null }) {
      const md5hash = a.picture ? md5(a.picture) : '';
      if (a.picture) for (const s of ['56x56', '250x250', '500x500', '1000x1000']) putImage(a.picture, new URL(dzImage('artist', md5hash, s)).pathname);
      dzArtists.push({ id: ++dzSeq, name: a.name, md5: md5hash });
      return dzSeq;
    },
    throttle(n: number) {
      throttled = n;
    },
  };
  const dzArtistJson = (a: { id: number; name: string }, md5hash: string) => ({
    id: a.id, name: a.name, link: `https://www.deezer.com/artist/${a.id}`, picture: `https://api.deezer.com/artist/${a.id}/image`,
    picture_small: dzImage('artist', md5hash, '56x56'), picture_medium: dzImage('artist', md5hash, '250x250'),
    picture_big: dzImage('artist', md5hash, '500x500'), picture_xl: dzImage('artist', md5hash, '1000x1000'),
    tracklist: `https://api.deezer.com/artist/${a.id}/top?limit=50`, type: 'artist',
  });
  await listen('deezer', (_req, res, url) => {
    if (throttled > 0) {
      throttled -= 1;
      return send(res, 200, { error: { type: 'Exception', message: 'Quota limit exceeded', code: 4 } });
    }
    const q = url.searchParams.get('q') ?? '';
    const limit = Number(url.searchParams.get('limit') ?? 25);
    if (url.pathname === '/search/album') {
      const artist = deezerField(q, 'artist');
      const album = deezerField(q, 'album');
      const hits = dzAlbums.filter((a) =>
        artist === null && album === null ? contains(a.title, q) || contains(a.artist.name, q) : (artist === null || contains(a.artist.name, artist)) && (album === null || contains(a.title, album)),
      );
      return send(res, 200, {
        data: hits.slice(0, limit).map((a) => ({
          id: a.id, title: a.title, link: `https://www.deezer.com/album/${a.id}`, cover: `https://api.deezer.com/album/${a.id}/image`,
          cover_small: dzImage('cover', a.md5, '56x56'), cover_medium: dzImage('cover', a.md5, '250x250'),
          cover_big: dzImage('cover', a.md5, '500x500'), cover_xl: dzImage('cover', a.md5, '1000x1000'), md5_image: a.md5,
          genre_id: 113, nb_tracks: 10, record_type: 'album', tracklist: `https://api.deezer.com/album/${a.id}/tracks`, explicit_lyrics: false,
          artist: { ...dzArtistJson(a.artist, dzArtists.find((x) => x.id === a.artist.id)?.md5 ?? '') },
          type: 'album',
        })),
        total: hits.length,
      });
    }
    if (url.pathname === '/search/artist') {
      const hits = dzArtists.filter((a) => contains(a.name, q));
      return send(res, 200, {
        data: hits.slice(0, limit).map((a) => ({ ...dzArtistJson(a, a.md5), nb_album: 12, nb_fan: 3456, radio: true })),
        total: hits.length,
      });
    }
    send(res, 200, { error: { type: 'DataException', message: 'no data', code: 800 } });
  });

  // ---- MusicBrainz artist search: /ws/2/artist/?query=artist:"…"&fmt=json ----
  const mbArtists: Required<FakeMbArtist>[] = [];
  const mbArtistSearch: Handler = (_req, res, url) => {
    if (url.searchParams.get('fmt') !== 'json') return send(res, 200, '<?xml version="1.0" encoding="UTF-8"?><metadata/>', 'application/xml');
    const asked = luceneField(url.searchParams.get('query') ?? '', 'artist') ?? '';
    const words = new Set(fold(asked).split(' ').filter(Boolean));
    // Like the real search: the exact name scores 100, names sharing a word come after it.
    const hits = mbArtists
      .map((a) => ({ a, score: fold(a.name) === fold(asked) ? 100 : fold(a.name).split(' ').some((w) => words.has(w)) ? 86 : 0 }))
      .filter((h) => h.score > 0)
      .sort((x, y) => y.score - x.score);
    const limit = Number(url.searchParams.get('limit') ?? 25);
    send(res, 200, {
      created: new Date().toISOString(),
      count: hits.length,
      offset: 0,
      artists: hits.slice(0, limit).map(({ a, score }) => ({
        id: a.id, type: 'Group', 'type-id': 'e431f5f6-b5d2-343d-8b36-72607fffb74b', score, name: a.name, 'sort-name': a.name,
        ...(a.disambiguation ? { disambiguation: a.disambiguation } : {}),
        'life-span': { ended: null }, tags: [],
      })),
    });
  };

  // ---- fanart.tv: /v3/music/<artist mbid>?api_key=…, /v3/music/albums/<release-group mbid>?api_key=… ----
  const fanartArtists = new Map<string, { pictures: string[]; answerFor: string }>();
  const fanartAlbums = new Map<string, { pictures: string[]; answerFor: string }>();
  const fanartPut = (kind: string, mbid: string, spec: FanartSpec) =>
    spec.pictures.map((p, i) => putImage(p, `/fanart/music/${mbid}/${kind}/${kind}-${++imageSeq}-${i}.jpg`));
  const fanarttv = {
    apiKey: 'fake-fanarttv-key',
    setArtist(mbid: string, spec: FanartSpec) {
      const pictures = fanartPut('artistthumb', mbid, spec);
      fanartArtists.set(mbid, { pictures, answerFor: spec.answerFor ?? mbid });
      return pictures;
    },
    setAlbum(group: string, spec: FanartSpec) {
      const pictures = fanartPut('albumcover', group, spec);
      fanartAlbums.set(group, { pictures, answerFor: spec.answerFor ?? group });
      return pictures;
    },
  };
  const fanartList = (urls: string[]) => urls.map((u, i) => ({ id: String(100_000 + i), url: u, likes: String(urls.length - i) }));
  await listen('fanarttv', (_req, res, url) => {
    if (url.searchParams.get('api_key') !== fanarttv.apiKey) return send(res, 401, { status: 'error', 'error message': 'Invalid API key' });
    const album = /^\/v3\/music\/albums\/([^/]+)$/.exec(url.pathname);
    if (album) {
      const spec = fanartAlbums.get(album[1]!);
      if (!spec) return send(res, 404, { status: 'error', 'error message': 'Not found' });
      return send(res, 200, {
        name: 'Some Artist', mbid_id: uuidFrom(`artist of ${spec.answerFor}`),
        albums: { [spec.answerFor]: { albumcover: fanartList(spec.pictures), cdart: [] } },
      });
    }
    const artist = /^\/v3\/music\/([^/]+)$/.exec(url.pathname);
    if (!artist) return send(res, 404, { status: 'error', 'error message': 'Not found' });
    const spec = fanartArtists.get(artist[1]!);
    if (!spec) return send(res, 404, { status: 'error', 'error message': 'Not found' });
    send(res, 200, {
      name: 'Some Artist', mbid_id: spec.answerFor,
      artistthumb: fanartList(spec.pictures),
      artistbackground: [], hdmusiclogo: [], musicbanner: [], albums: {},
    });
  });

  // ---- TheAudioDB: /api/v1/json/<key>/artist-mb.php?i=<mbid> ----
  const audioDb = new Map<string, { name: string; thumb: string | null; mbid: string }>();
  const theaudiodb = {
    apiKey: '123',
    setArtist(mbid: string, spec: AudioDbSpec) {
      const thumb = spec.thumb ? putImage(spec.thumb, `/images/media/artist/thumb/${md5(Buffer.from(`${mbid}-${++imageSeq}`))}.jpg`) : null;
      audioDb.set(mbid, { name: spec.name, thumb, mbid: spec.mbid ?? mbid });
      return thumb;
    },
  };
  await listen('theaudiodb', (_req, res, url) => {
    const m = /^\/api\/v1\/json\/([^/]+)\/artist-mb\.php$/.exec(url.pathname);
    if (!m) return send(res, 404, '<!DOCTYPE html><title>404 Not Found</title>', 'text/html');
    if (m[1] !== theaudiodb.apiKey) return send(res, 200, 'Invalid API key', 'text/html');
    const a = audioDb.get(url.searchParams.get('i') ?? '');
    if (!a) return send(res, 200, { artists: null });
    send(res, 200, {
      artists: [{
        idArtist: String(110_000 + audioDb.size), strArtist: a.name, strArtistStripped: null, strArtistAlternate: '', strLabel: null, intFormedYear: '1990',
        strGenre: 'Rock', strCountry: 'UK', strBiographyEN: '', strArtistThumb: a.thumb, strArtistLogo: null, strArtistCutout: null,
        strArtistClearart: null, strArtistWideThumb: null, strArtistFanart: null, strArtistBanner: null, strMusicBrainzID: a.mbid,
        strLastFMChart: null, intCharted: '0', strLocked: 'unlocked',
      }],
    });
  });

  // ---- Wikidata: /w/api.php?action=query&list=search&srsearch=haswbstatement:P434=<mbid>, action=wbgetentities&ids=… ----
  const wdItems = new Map<string, { mbid: string; claimsMbid: string; image: string | null }>();
  let qSeq = 900_000;
  const wikidata = {
    setItem(mbid: string, spec: WikidataSpec) {
      const qid = spec.qid ?? `Q${++qSeq}`;
      wdItems.set(qid, { mbid, claimsMbid: spec.claimsMbid ?? mbid, image: spec.image });
      return qid;
    },
  };
  const statement = (qid: string, property: string, value: string, datatype: string) => ({
    mainsnak: { snaktype: 'value', property, hash: md5(Buffer.from(value)).slice(0, 40), datavalue: { value, type: 'string' }, datatype },
    type: 'statement', id: `${qid}$${uuidFrom(`${property}${value}`)}`, rank: 'normal',
  });
  await listen('wikidata', (_req, res, url) => {
    if (url.pathname !== '/w/api.php') return send(res, 404, 'Not Found', 'text/html');
    const p = url.searchParams;
    if (p.get('format') !== 'json') return send(res, 200, '<!DOCTYPE html><title>MediaWiki API help</title>', 'text/html');
    const action = p.get('action');
    if (action === 'query' && p.get('list') === 'search') {
      const m = /^haswbstatement:P434=(\S+)$/.exec(p.get('srsearch') ?? '');
      const hits = m ? [...wdItems].filter(([, item]) => item.mbid === m[1]) : [];
      return send(res, 200, {
        batchcomplete: true,
        query: { searchinfo: { totalhits: hits.length }, search: hits.map(([qid], i) => ({ ns: 0, title: qid, pageid: 10_000 + i })) },
      });
    }
    if (action === 'wbgetentities') {
      const ids = (p.get('ids') ?? '').split('|').filter(Boolean);
      const entities = Object.fromEntries(ids.map((qid) => {
        const item = wdItems.get(qid);
        if (!item) return [qid, { id: qid, missing: '' }];
        const claims: Record<string, unknown[]> = { P434: [statement(qid, 'P434', item.claimsMbid, 'external-id')] };
        if (item.image) claims.P18 = [statement(qid, 'P18', item.image, 'commonsMedia')];
        return [qid, { type: 'item', id: qid, claims }];
      }));
      return send(res, 200, { entities, success: 1 });
    }
    send(res, 200, { error: { code: 'badvalue', info: `Unrecognized value for parameter "action": ${action}.`, '*': 'See https://www.wikidata.org/w/api.php for API usage.' } });
  });

  // ---- Wikimedia Commons: /w/api.php?action=query&titles=File:…&prop=imageinfo&iiprop=url|size|mime|extmetadata ----
  const commonsFiles = new Map<string, CommonsSpec & { thumb: string; original: string }>();
  const commonsTitle = (name: string) => {
    const bare = name.replace(/^File:/i, '').replace(/_/g, ' ').trim();
    return `File:${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
  };
  const commons = {
    setFile(name: string, spec: CommonsSpec) {
      const title = commonsTitle(name);
      const slug = encodeURIComponent(title.slice(5).replace(/ /g, '_'));
      const h = md5(Buffer.from(slug));
      const thumb = putImage(spec.image, `/wikipedia/commons/thumb/${h[0]}/${h.slice(0, 2)}/${slug}/1200px-${slug}`);
      commonsFiles.set(title, { ...spec, thumb, original: `${urls.images}/wikipedia/commons/${h[0]}/${h.slice(0, 2)}/${slug}` });
      return thumb;
    },
  };
  await listen('commons', (_req, res, url) => {
    if (url.pathname !== '/w/api.php') return send(res, 404, 'Not Found', 'text/html');
    const p = url.searchParams;
    if (p.get('format') !== 'json') return send(res, 200, '<!DOCTYPE html><title>MediaWiki API help</title>', 'text/html');
    const asked = p.get('titles') ?? '';
    const title = commonsTitle(asked);
    const normalized = title !== asked ? [{ fromencoded: false, from: asked, to: title }] : undefined;
    const file = commonsFiles.get(title);
    if (!file) return send(res, 200, { batchcomplete: true, query: { ...(normalized ? { normalized } : {}), pages: [{ ns: 6, title, missing: true, known: false, imagerepository: '' }] } });
    const meta = (value: string | undefined, source = 'commons-desc-page') => (value === undefined ? undefined : { value, source });
    send(res, 200, {
      batchcomplete: true,
      query: {
        ...(normalized ? { normalized } : {}),
        pages: [{
          pageid: 4_000_000 + commonsFiles.size, ns: 6, title: file.answerAs ?? title, imagerepository: 'local',
          imageinfo: [{
            size: 2_345_678, width: 3000, height: 3000, thumburl: file.thumb, thumbwidth: 1200, thumbheight: 1200,
            url: file.original, descriptionurl: `https://commons.wikimedia.org/wiki/${encodeURIComponent(title.replace(/ /g, '_'))}`,
            descriptionshorturl: `https://commons.wikimedia.org/w/index.php?curid=${4_000_000 + commonsFiles.size}`, mime: 'image/jpeg',
            extmetadata: {
              ...(file.artist !== undefined ? { Artist: meta(file.artist) } : {}),
              ...(file.license !== undefined ? { LicenseShortName: { ...meta(file.license), hidden: '' } } : {}),
              ...(file.licenseUrl !== undefined ? { LicenseUrl: { ...meta(file.licenseUrl), hidden: '' } } : {}),
            },
          }],
        }],
      },
    });
  });

  return {
    musicbrainz: {
      addArtist(a) {
        const id = a.id ?? randomUUID();
        mbArtists.push({ id, name: a.name, disambiguation: a.disambiguation ?? '' });
        return id;
      },
      addRelease(r) {
        const id = r.id ?? randomUUID();
        releases.push({ id, title: r.title, artist: r.artist, score: r.score ?? 100, releaseGroupId: r.releaseGroupId ?? randomUUID() });
        return id;
      },
    },
    caa: {
      setFront: (mbid, front) => void fronts.set(`release/${mbid}`, front),
      setGroupFront: (mbid, front) => void fronts.set(`release-group/${mbid}`, front),
      setListing: (mbid, images) => void listings.set(`release/${mbid}`, Array.isArray(images) ? images.map((i) => ({ ...i, id: i.id ?? ++caaImageId })) : images),
      setGroupListing: (mbid, images) => void listings.set(`release-group/${mbid}`, Array.isArray(images) ? images.map((i) => ({ ...i, id: i.id ?? ++caaImageId })) : images),
    },
    lastfm,
    deezer,
    fanarttv,
    theaudiodb,
    wikidata,
    commons,
    images: { put: putImage },
    fault(service, fault, opts = {}) {
      if (!fault) return void faults.delete(service);
      const list = faults.get(service) ?? [];
      list.unshift({ fault, left: opts.times ?? Infinity, path: opts.path });
      faults.set(service, list);
    },
    reset() {
      faults.clear();
      throttled = 0;
      requests.length = 0;
    },
    requests,
    requestsTo: (service) => requests.filter((r) => r.service === service),
    urls,
    env: () => {
      const images = new URL(urls.images).host;
      return {
        MUSICBRAINZ_URL: urls.musicbrainz,
        COVERARTARCHIVE_URL: urls.caa,
        COVERARTARCHIVE_IMAGE_HOSTS: images,
        LASTFM_URL: urls.lastfm,
        LASTFM_IMAGE_HOSTS: images,
        DEEZER_URL: urls.deezer,
        DEEZER_IMAGE_HOSTS: images,
        FANARTTV_URL: urls.fanarttv,
        FANARTTV_IMAGE_HOSTS: images,
        THEAUDIODB_URL: urls.theaudiodb,
        THEAUDIODB_IMAGE_HOSTS: images,
        WIKIDATA_URL: urls.wikidata,
        COMMONS_URL: urls.commons,
        COMMONS_IMAGE_HOSTS: images,
      };
    },
    async close() {
      await Promise.all(
        servers.map((s) => {
          const closed = new Promise<void>((resolve) => s.close(() => resolve()));
          s.closeAllConnections();
          return closed;
        }),
      );
    },
  };
}

/** A Config pointing every remote at the fakes, with small timeouts; `env` overrides any variable. */
export function remoteTestConfig(fake: FakeRemotes, env: Record<string, string> = {}): Config {
  return loadConfig({
    MUSIC_DIR: tmpdir(),
    ...fake.env(),
    LASTFM_API_KEY: fake.lastfm.apiKey,
    FANARTTV_API_KEY: fake.fanarttv.apiKey,
    REMOTE_TIMEOUT_MS: '400',
    MUSICBRAINZ_RATE_PER_SEC: '50',
    ...env,
  });
}

function send(res: ServerResponse, status: number, body: Buffer | string | object, type = 'application/json', headers: Record<string, string> = {}): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

function lastfmError(res: ServerResponse, e: { error: number; message?: string; status?: number }): void {
  // Last.fm answers most errors with a 4xx/5xx and the code in a JSON body.
  const status = e.status ?? ({ 6: 400, 10: 403, 26: 403, 29: 429, 11: 503, 16: 503 } as Record<number, number>)[e.error] ?? 400;
  send(res, status, { error: e.error, message: e.message ?? `error ${e.error}`, links: [] });
}

/** The value of `field:"…"` in a Lucene query, unescaped; null when absent. */
function luceneField(query: string, field: string): string | null {
  const m = new RegExp(`${field}:"((?:\\\\.|[^"\\\\])*)"`).exec(query);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
}

function deezerField(q: string, field: string): string | null {
  const m = new RegExp(`${field}:"([^"]*)"`).exec(q);
  return m ? m[1]! : null;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
/** Case and diacritics folded, as MusicBrainz's search index (Lucene's ASCII folding) compares names. */
const fold = (s: string) => norm(s.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').replace(/[đĐðÐ]/g, 'd'));
const same = (a: string, b: string) => norm(a) === norm(b);
const contains = (haystack: string, needle: string) => norm(haystack).includes(norm(needle));
const key = (...parts: string[]) => parts.map(norm).join('\u0000');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const uuidFrom = (s: string) => {
  const h = md5(Buffer.from(s));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

function garbage(length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 197 + 13) % 256;
  return out;
}

/**
 * The fakes for one test file: started once, reset after each test, closed at the end. The clients
 * a test opens go in the returned list and are closed after it.
 */
export function useFakeRemotes(onStart: (fake: FakeRemotes) => void): RemoteClient[] {
  const opened: RemoteClient[] = [];
  let fake: FakeRemotes | undefined;
  beforeAll(async () => {
    fake = await startFakeRemotes();
    onStart(fake);
  });
  afterEach(async () => {
    fake?.reset();
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  afterAll(() => fake?.close());
  return opened;
}

/** An album known only by its names, as a remote source sees it. */
export const remoteAlbum = (artistName: string, title: string): AlbumSubject => ({
  kind: 'album', id: randomUUID(), title, artistName, folder: null, trackPaths: [], mbReleaseId: null, mbReleaseGroupId: null,
});

/** An artist known only by name. */
export const remoteArtist = (name: string): ArtistSubject => ({ kind: 'artist', id: randomUUID(), name, folder: null, mbArtistId: null });
