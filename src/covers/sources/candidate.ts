/**
 * What a source offers: candidates, each with how it was matched, its type and its pixel size when
 * known before download. The chain scores them (`scoreCandidate`) and takes the best one that
 * passes validation (COVER_SELECTION=best), or the first one that passes (COVER_SELECTION=first).
 * Pure: no sharp, no network, so the rules are unit-tested on their own.
 */
import { createHash } from 'node:crypto';
import type { RemoteName, SourceName } from './catalog.js';

/**
 * How a candidate was matched to the album or artist, most certain first: an exact MusicBrainz
 * release (or artist) id, its release group, a search by artist + title (with `similarity`), a
 * file next to the music. Local pictures are ranked by `isLocal`, not by this tier.
 */
export const MATCH_KINDS = ['mbid', 'release-group', 'search', 'local'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/** What the picture shows (CAA's types, fanart.tv's artist thumb and background). */
export const IMAGE_TYPES = ['front', 'back', 'booklet', 'medium', 'artist', 'background'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Who made a picture and under which licence (Wikimedia Commons files); shown as `Cover.attribution`. */
export interface Attribution {
  author: string | null;
  license: string | null;
  licenseUrl: string | null;
  /** The file's description page. */
  sourceUrl: string | null;
}

export interface Candidate {
  /** The bytes, when the source has them already (a local file, or a download it had to make to know the picture exists). */
  image?: Buffer;
  /** Otherwise the picture's URL on the source's own image hosts: the chain downloads it with the source's client, only if it is chosen. */
  url?: string;
  /** The remote service whose client downloads `url`, when it is not the source's own (Wikidata's P18 files are on Commons). */
  via?: RemoteName;
  /** Pixel size when known before download (CAA's front-1200, Deezer's cover_xl 1000, an image header); the chain reads it from the bytes otherwise. */
  width?: number;
  height?: number;
  match: MatchKind;
  /** For `search`: how alike the hit's title and artist are to the subject's, 0..1 (`similarity`); below MIN_SIMILARITY a source must not offer it. */
  similarity?: number;
  type: ImageType;
  /** What the trace says about it: `release 0a1b…: front-1200`, `folder.jpg`. */
  detail: string;
  /** Author and licence, kept with the stored image when this candidate is taken. */
  attribution?: Attribution;
}

/**
 * A candidate's id, the same every time the source offers the same picture: the source and a hash
 * of its URL (or of its bytes, for a local picture). How a later choice names one candidate.
 */
export function candidateId(source: SourceName, c: Pick<Candidate, 'url' | 'image' | 'detail'>): string {
  const what = c.url ?? c.image ?? c.detail;
  return `${source}:${createHash('sha256').update(what).digest('hex').slice(0, 20)}`;
}

/** A search hit less alike than this (title and artist each) is not the same album or artist. */
export const MIN_SIMILARITY = 0.9;

/** Whether a candidate is the user's own picture (embedded or a file in the folder). */
export const isLocal = (c: Pick<Candidate, 'match'>): boolean => c.match === 'local';

/** Above this many pixels on the short side a larger picture is not better: the largest size a source serves (CAA's 1200, fanart.tv's 1000, Deezer's 1000). */
export const RESOLUTION_CAP_PX = 1200;

/**
 * The rank of a candidate, as a tuple compared element by element (higher is better): the type
 * wanted (an album's front, an artist's thumb) before any other, then match confidence (exact MBID,
 * release group, search by similarity; a local file counts as exact: it sits with the music), then
 * local over remote, then resolution (short side, capped at RESOLUTION_CAP_PX), then squareness.
 * Unknown size ranks as 0 px.
 */
export function scoreCandidate(c: Candidate, wanted: ImageType): [number, number, number, number, number] {
  const confidence = c.match === 'local' || c.match === 'mbid' ? 3 : c.match === 'release-group' ? 2 : 1 + Math.max(0, Math.min(1, c.similarity ?? 0)) * 0.99;
  const w = c.width ?? 0;
  const h = c.height ?? 0;
  const short = Math.min(w, h);
  const squareness = w > 0 && h > 0 ? short / Math.max(w, h) : 0;
  return [c.type === wanted ? 1 : 0, confidence, isLocal(c) ? 1 : 0, Math.min(short, RESOLUTION_CAP_PX), squareness];
}

/** Negative when `a` ranks before `b`. */
export function compareCandidates(a: Candidate, b: Candidate, wanted: ImageType): number {
  const sa = scoreCandidate(a, wanted);
  const sb = scoreCandidate(b, wanted);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i]! - sa[i]!;
  return 0;
}

export interface SelectionRules {
  /** What the cover is for: `front` for an album, `artist` for an artist. */
  wanted: ImageType;
  /** COVER_UPGRADE_BELOW_PX: a local picture smaller than this (short side) may give way to an exact-MBID remote one at least twice as large. */
  upgradeBelowPx: number;
}

/**
 * The order in which the chain tries candidates in `best` mode: the user's own art first unless it
 * is small (under `upgradeBelowPx`) and an exact-MBID remote candidate is at least twice as large;
 * then by `compareCandidates`. Stable: equal candidates keep the chain's order.
 */
export function rankCandidates<C extends Candidate>(candidates: readonly C[], rules: SelectionRules): C[] {
  const wanted = (c: Candidate) => c.type === rules.wanted;
  const bestLocalPx = Math.max(0, ...candidates.filter((c) => isLocal(c) && wanted(c)).map(shortSide));
  const upgrades = (c: Candidate) =>
    wanted(c) && !isLocal(c) && c.match === 'mbid' && bestLocalPx > 0 && bestLocalPx < rules.upgradeBelowPx && shortSide(c) >= 2 * bestLocalPx;
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(upgrades(b.c)) - Number(upgrades(a.c)) || compareCandidates(a.c, b.c, rules.wanted) || a.i - b.i)
    .map(({ c }) => c);
}

const shortSide = (c: Candidate) => Math.min(c.width ?? 0, c.height ?? 0);

/** How alike two names are, 0..1, after folding case, accents, punctuation and `&`/`and`: 1 is the same name. Dice coefficient on letter pairs. */
export function similarity(a: string, b: string): number {
  const x = fold(a);
  const y = fold(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const pairs = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const px = pairs(x);
  const py = pairs(y);
  let common = 0;
  for (const [p, n] of px) common += Math.min(n, py.get(p) ?? 0);
  return (2 * common) / (x.length - 1 + (y.length - 1));
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A source's FOUND answer (`SourceResult` in source.ts): its candidates, best first by its own
 * judgement (the chain keeps that order in `first` mode and for ties). A source offers only
 * candidates that match: a search hit below MIN_SIMILARITY is NOT_FOUND, never a candidate.
 */
export interface Found {
  outcome: 'FOUND';
  candidates: Candidate[];
}

export const found = (...candidates: Candidate[]): Found => ({ outcome: 'FOUND', candidates });
