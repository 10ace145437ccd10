/** What the console shows of an album or an artist, built from the API's answers and events. */
import { thumbHashToDataURL } from 'thumbhash';
import type { ConsoleAlbumsQuery, ConsoleArtistsQuery, ConsoleCoverEventsSubscription, ConsoleCoverFragment, CoverSource, CoverStatus } from './gql/graphql.js';

export type Kind = 'album' | 'artist';

export interface LiveStep {
  at: string;
  text: string;
}

export interface Entity {
  id: string;
  kind: Kind;
  title: string;
  subtitle: string;
  cover: ConsoleCoverFragment;
  /** The last event's type (CoverQueued … CoverReady), while and after the worker is on it. */
  phase?: string;
  /** Events seen since the page opened, newest last (a few). */
  steps: LiveStep[];
  /** How many CoverCandidateFound events came since the page opened (the dialog's list reads again on each). */
  candidatesFound?: number;
}

export type CoverEvent = ConsoleCoverEventsSubscription['coverEvents'];

// Records over the generated enum types: a status or source added to the schema is a compile
// error here until it has a label.
export const STATUS_LABELS: Record<CoverStatus, string> = {
  READY: 'ready',
  PENDING: 'pending',
  FALLBACK: 'fallback',
  MISSING: 'missing',
  FAILED: 'failed',
};
export const SOURCE_LABELS: Record<CoverSource, string> = {
  EMBEDDED: 'embedded',
  FOLDER: 'folder',
  COVER_ART_ARCHIVE: 'Cover Art Archive',
  FANART_TV: 'fanart.tv',
  WIKIDATA: 'Wikidata / Commons',
  THEAUDIODB: 'TheAudioDB',
  LASTFM: 'Last.fm',
  DEEZER: 'Deezer',
  PLACEHOLDER: 'placeholder',
  UPLOAD: 'upload',
};
export const STATUSES = Object.keys(STATUS_LABELS) as CoverStatus[];
export const SOURCES = Object.keys(SOURCE_LABELS) as CoverSource[];

type AlbumNode = ConsoleAlbumsQuery['albums']['edges'][number]['node'];
type ArtistNode = ConsoleArtistsQuery['artists']['edges'][number]['node'];

export function fromAlbum(a: AlbumNode): Entity {
  return { id: a.id, kind: 'album', title: a.title, subtitle: [a.artist.name, a.year].filter(Boolean).join(' · '), cover: a.cover, steps: [] };
}

export function fromArtist(a: ArtistNode): Entity {
  return { id: a.id, kind: 'artist', title: a.name, subtitle: 'artist', cover: a.image, steps: [] };
}

/** The entity after one of its cover events: the subject's new cover when it settled, the step otherwise. */
export function applyEvent(e: Entity, ev: CoverEvent): Entity {
  const step = { at: ev.at, text: describe(ev) };
  const steps = [...e.steps, step].slice(-12);
  // A candidate found is no step of the cover's own search: the tile's phase stays what it was.
  if (ev.__typename === 'CoverCandidateFound') return { ...e, steps, candidatesFound: (e.candidatesFound ?? 0) + 1 };
  const subject = 'subject' in ev ? ev.subject : undefined;
  const cover = subject && 'cover' in subject ? subject.cover : subject && 'image' in subject ? subject.image : e.cover;
  return { ...e, cover, phase: ev.__typename, steps };
}

export function describe(ev: CoverEvent): string {
  switch (ev.__typename) {
    case 'CoverQueued':
      return `queued (${ev.priority.toLowerCase()})`;
    case 'CoverStarted':
      return 'started';
    case 'CoverSourceTried':
      return `${SOURCE_LABELS[ev.source]}: ${ev.outcome.toLowerCase().replace('_', ' ')}${ev.detail ? ` (${ev.detail})` : ''}, ${ev.durationMs} ms`;
    case 'CoverProcessing':
      return `processing ${SOURCE_LABELS[ev.source]}`;
    case 'CoverReady':
      return 'ready';
    case 'CoverFallback':
      return `fallback${ev.retryAt ? `, retry ${new Date(ev.retryAt).toLocaleTimeString()}` : ''}`;
    case 'CoverMissing':
      return 'missing';
    case 'CoverFailed':
      return `failed: ${ev.error}`;
    case 'CoverCandidateFound':
      return 'a candidate found';
  }
}

/** Whether the worker is on it: a job queued or running, or events still coming. */
export function inProgress(e: Entity): boolean {
  const job = e.cover.job?.state;
  if (e.phase) return ['CoverQueued', 'CoverStarted', 'CoverSourceTried', 'CoverProcessing'].includes(e.phase);
  return e.cover.status === 'PENDING' || job === 'QUEUED' || job === 'RUNNING';
}

const previews = new Map<string, string>();

/** The ThumbHash as a data: URL (decoded once per hash). */
export function preview(thumbhash: string | null | undefined): string | undefined {
  if (!thumbhash) return undefined;
  let url = previews.get(thumbhash);
  if (!url) {
    const bytes = Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0));
    url = thumbHashToDataURL(bytes);
    previews.set(thumbhash, url);
  }
  return url;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function percent(r: number): string {
  return `${Math.round(r * 100)} %`;
}
