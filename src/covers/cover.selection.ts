import type { Config } from '../env.js';
import type { NormalisedImage } from '../images/image.pipeline.js';
import type { ImageStore } from '../images/image.store.js';
import { acceptImage, inspectImage } from './cover.accept.js';
import type { SourceAttemptRecord } from './cover.table.js';
import { lookOf, sameLook, type Look } from '../images/phash.js';
import { MATCH_KINDS, RESOLUTION_CAP_PX, isLocal, rankCandidates, type Candidate, type SelectionRules } from './sources/candidate.js';
import { sourceDeclaration, sourceValue, type SourceName } from './sources/catalog.js';
import type { SourceRuntime } from './sources/registry.js';
import { RemoteError } from './remote/errors.js';
import { fromRemoteError, type SourceResult, type Subject } from './sources/source.js';
import { cleanText } from '../text.js';

export interface SelectionDeps {
  config: Config;
  store: ImageStore;
  sources: SourceRuntime;
}

/** A candidate with the source that offered it, and what became of it once taken. */
interface Offered extends Candidate {
  source: SourceName;
  /** Its look (pHash and mean colour, phash.ts), for a candidate whose bytes are in hand. */
  look?: Look;
  /** The better-ranked candidate this one is a larger copy of, when it took its place. */
  twinOf?: Offered;
  accepted?: NormalisedImage;
  rejected?: string;
}

export interface Winner {
  source: SourceName;
  image: NormalisedImage;
  candidate: Candidate;
}

type TransientNote = (name: SourceName, failure: { detail: string; retryAfterMs?: number | undefined }) => void;

/** A candidate as a deferred chain carries it in its job's payload: no bytes (a remote one by its URL). */
export type CarriedCandidate = Omit<Candidate, 'image'> & { look?: Look; rejected?: string };

/**
 * The selection of a chain that stopped to wait for a remote's turn (ChainState.selection): what each
 * source offered and where its step is in the trace. A local source's candidates are not carried: the
 * next job reads them again from the files (cheap, and never stale); a remote one's by URL, downloaded
 * only if it wins.
 */
export interface CarriedSelection {
  /** `ranked`: how many of its candidates were ranked (their header did not rule them out). */
  offers: Array<{ source: SourceName; at: number; reread: boolean; ranked: number; candidates: CarriedCandidate[] }>;
}

/**
 * The candidates of one chain run and the one rule that takes a candidate (download when it is a
 * URL, validate, normalise, store). `firstOf` is COVER_SELECTION=first: a source's candidates in its
 * order. `offer` / `settledBefore` / `best` are `best`: every offer is kept, ranked by
 * `rankCandidates`, and only the leader is ever downloaded and decoded.
 */
export class Selection {
  private readonly pool: Offered[] = [];
  /** Each source's candidates, with the index of its step in the chain's trace (filled in by `attempts`). */
  private readonly offers = new Map<SourceName, { at: number; candidates: Offered[]; ranked: number }>();
  readonly rules: SelectionRules;

  constructor(
    private readonly deps: SelectionDeps,
    /** The album or artist; an artist's changes when a MusicBrainz search finds its id mid-chain. */
    public subject: Subject,
    private readonly signal: AbortSignal | undefined,
    private readonly onTransient: TransientNote,
    /** The chain's trace, where every offering source's step already sits in chain order. */
    private readonly trace: SourceAttemptRecord[],
  ) {
    this.rules = { wanted: subject.kind === 'album' ? 'front' : 'artist', upgradeBelowPx: deps.config.coverUpgradeBelowPx };
  }

  /** COVER_SELECTION=first: the first of a source's candidates that passes, or every rejection in one line. */
  async firstOf(name: SourceName, candidates: Candidate[]): Promise<{ image: NormalisedImage; detail: string; candidate: Candidate } | { rejected: string }> {
    const rejections: string[] = [];
    for (const c of candidates) {
      const taken = await this.take({ ...c, source: name });
      if (typeof taken !== 'string') {
        const after = rejections.length > 0 ? ` (after rejecting ${rejections.join('; ')})` : '';
        return { image: taken, detail: `${c.detail}${after}`, candidate: c };
      }
      rejections.push(`${c.detail}: ${taken}`);
      if (this.signal?.aborted) break;
    }
    return { rejected: rejections.join('; ') };
  }

  /**
   * Keeps a source's candidates; one the source has the bytes of is sized from its header, and
   * dropped when the header already says it cannot pass. The step at `at` in the trace (already
   * there, in chain order) is filled in by `attempts` once the winner is known.
   */
  async offer(name: SourceName, candidates: Candidate[], at: number): Promise<void> {
    const offered: Offered[] = [];
    for (const c of candidates) {
      const o: Offered = { ...c, source: name };
      offered.push(o);
      const inspected = o.image ? await inspectImage(o.image, { kind: this.subject.kind, origin: isLocal(o) ? 'local' : 'remote' }) : null;
      if (typeof inspected === 'string') {
        o.rejected = inspected;
        continue;
      }
      if (inspected && o.image) o.look = await lookOf(o.image).catch(() => undefined);
      this.pool.push(inspected ? Object.assign(o, inspected) : o);
    }
    this.offers.set(name, { at, candidates: offered, ranked: offered.filter((o) => this.pool.includes(o)).length });
  }

  /**
   * What a deferred chain carries (CarriedSelection): every offer without its bytes. A remote
   * candidate whose bytes came with its answer goes by its URL (every remote source gives one);
   * one without a URL cannot be carried and is left out.
   */
  carry(): CarriedSelection {
    const offers = [...this.offers].map(([source, { at, candidates, ranked }]) => {
      const reread = sourceDeclaration(source).remotes.length === 0;
      const carried = reread
        ? []
        : candidates
            .filter((c) => c.url !== undefined || c.rejected !== undefined)
            .map(({ image: _bytes, source: _source, twinOf: _twin, accepted: _stored, ...rest }): CarriedCandidate => rest);
      return { source, at, reread, ranked, candidates: carried };
    });
    return { offers };
  }

  /**
   * Takes back what an earlier job of the chain carried: remote offers as they were, local ones
   * read again through `reread` (the source run once more). A local source that finds nothing now
   * has its step say so.
   */
  async restore(carried: CarriedSelection, reread: (name: SourceName) => Promise<SourceResult>): Promise<void> {
    for (const { source, at, reread: local, ranked, candidates } of carried.offers) {
      if (!local) {
        const offered: Offered[] = candidates.map((c) => ({ ...c, source }));
        for (const o of offered) if (o.rejected === undefined) this.pool.push(o);
        this.offers.set(source, { at, candidates: offered, ranked });
        continue;
      }
      const result = await reread(source);
      const step = this.trace[at];
      if (result.outcome === 'FOUND') await this.offer(source, result.candidates, at);
      else if (step) {
        this.trace[at] = { ...step, outcome: result.outcome, detail: clip(`${result.detail} (read again after waiting for a remote's turn)`) };
      }
    }
  }

  /**
   * Whether asking `name` is pointless: nothing it could offer for this subject (its `offers`, at the
   * largest size served, square, an exact name) would rank before the best candidate in hand, and
   * that candidate passes (it is taken here, so a leader that does not decode never stops the chain).
   */
  async settledBefore(name: SourceName, subject: Subject = this.subject): Promise<boolean> {
    const runtime = this.deps.sources.get(name);
    const kinds = runtime?.source.offers?.(subject) ?? MATCH_KINDS;
    const best: Candidate = { match: 'mbid', width: RESOLUTION_CAP_PX, height: RESOLUTION_CAP_PX, similarity: 1, type: this.rules.wanted, detail: '' };
    const hypotheticals = kinds.map((match): Candidate => ({ ...best, match }));
    for (;;) {
      const leader = this.leader();
      if (!leader) return false;
      if (hypotheticals.some((h) => rankCandidates([...this.pool, h], this.rules)[0] === h)) return false;
      if (typeof (await this.take(leader)) !== 'string') return true;
      if (this.signal?.aborted) return false;
    }
  }

  /** COVER_SELECTION=best: the best-ranked candidate that passes, or null when none does. */
  async best(): Promise<Winner | null> {
    for (let leader = this.leader(); leader; leader = this.leader()) {
      const taken = await this.take(leader);
      if (typeof taken !== 'string') return { source: leader.source, image: taken, candidate: leader };
      if (this.signal?.aborted) return null;
    }
    return null;
  }

  /**
   * Fills in the attempt of every source that offered candidates (the records the chain put in
   * its trace) and returns them: the winner's FOUND, the others FOUND but not chosen, or REJECTED.
   * The rank (size, match) is named only when there was a choice to make.
   */
  attempts(winner: Winner | null): SourceAttemptRecord[] {
    const ranked = [...this.offers.values()].reduce((n, o) => n + o.ranked, 0);
    const choice = ranked > 1;
    const rank = (c: Candidate) => (choice ? describe(c) : '');
    return [...this.offers].flatMap(([name, { at, candidates }]) => {
      const attempt = this.trace[at];
      if (!attempt) return [];
      const rejections = candidates.filter((c) => c.rejected !== undefined).map((c) => `${c.detail}: ${c.rejected}`);
      const standing = candidates.find((c) => c.rejected === undefined);
      if (winner?.source === name) {
        const rejected = rejections.length > 0 ? ` (after rejecting ${rejections.join('; ')})` : '';
        const twin = (winner.candidate as Offered).twinOf;
        const same = twin ? `; the same picture as ${sourceValue(twin.source)} ${twin.detail}, larger` : '';
        return Object.assign(attempt, { outcome: 'FOUND', detail: clip(`${winner.candidate.detail}${rank(winner.candidate)}${same}${rejected}`) });
      }
      if (!standing || !winner) return Object.assign(attempt, { outcome: 'REJECTED', detail: clip(rejections.join('; ')) });
      return Object.assign(attempt, { outcome: 'FOUND', detail: clip(`${standing.detail}${rank(standing)}; not chosen: ${sourceValue(winner.source)} ranked higher`) });
    });
  }

  /**
   * The best-ranked candidate, unless another one is the same picture (by look) at a larger size:
   * then that one, in its place. One picture at two resolutions counts once, and the larger wins.
   */
  private leader(): Offered | undefined {
    const [first, ...rest] = rankCandidates(this.pool, this.rules);
    if (!first?.look) return first;
    const px = (c: Candidate) => Math.min(c.width ?? 0, c.height ?? 0);
    const twins = rest.filter((c) => c.type === first.type && c.look && sameLook(c.look, first.look!) && px(c) > px(first));
    const larger = twins.sort((a, b) => px(b) - px(a))[0];
    if (!larger) return first;
    larger.twinOf = first;
    return larger;
  }

  /** The one way a candidate is taken: its bytes (downloaded through its source's client when it is a URL), validated and stored. A string is why not. */
  private async take(c: Offered): Promise<NormalisedImage | string> {
    if (c.accepted) return c.accepted;
    const bytes = c.image ?? (await this.download(c));
    let reason: string;
    if (typeof bytes === 'string') reason = bytes;
    else {
      const processed = await acceptImage(this.deps.store, bytes, { kind: this.subject.kind, origin: isLocal(c) ? 'local' : 'remote', attribution: c.attribution });
      if (processed.accepted) {
        c.accepted = processed.image;
        return processed.image;
      }
      reason = processed.reason;
    }
    c.rejected = reason;
    const i = this.pool.indexOf(c);
    if (i >= 0) this.pool.splice(i, 1);
    return reason;
  }

  private async download(c: Offered): Promise<Buffer | string> {
    const fetched = await candidateBytes(this.deps.sources, c.source, c, this.signal);
    if (typeof fetched === 'string' || Buffer.isBuffer(fetched)) return fetched;
    if (fetched.transient) this.onTransient(c.source, fetched);
    return fetched.detail;
  }
}

/**
 * The bytes of a candidate: its own, or its URL downloaded through the client of the service it
 * names (`via`, else its source's own), with that service's rate limit and host rules. A string
 * is why there are none; a failure says whether it is worth retrying later.
 */
export async function candidateBytes(
  sources: SourceRuntime,
  source: SourceName,
  c: Pick<Candidate, 'image' | 'url' | 'via'>,
  signal: AbortSignal | undefined,
): Promise<Buffer | string | { detail: string; transient: boolean; retryAfterMs?: number }> {
  if (c.image) return c.image;
  const ctx = sources.get(source)?.ctx;
  const http = c.via ? ctx?.clients?.[c.via] : ctx?.http;
  if (!c.url || !http) return 'no picture';
  try {
    return await http.getImage(c.url, { signal });
  } catch (err) {
    if (!(err instanceof RemoteError)) return `image failed: ${(err as Error).message}`;
    const failed = fromRemoteError(err, 'image ');
    if (failed.outcome === 'ERROR' && failed.transient) return { detail: failed.detail, transient: true, ...(failed.retryAfterMs !== undefined ? { retryAfterMs: failed.retryAfterMs } : {}) };
    return failed.outcome === 'FOUND' ? 'image failed' : failed.detail;
  }
}

/** ` (1200x1200, exact MBID)`: what the trace says about a candidate's rank. */
function describe(c: Candidate): string {
  const size = c.width && c.height ? `${c.width}x${c.height}` : 'size unknown';
  const match = c.match === 'search' ? `search, similarity ${(c.similarity ?? 0).toFixed(2)}` : c.match === 'mbid' ? 'exact MBID' : c.match;
  return ` (${size}, ${match})`;
}

// Cleaned after the cut, as the chain's records are: jsonb refuses NULs and lone surrogates.
const clip = (s: string) => cleanText(s.slice(0, 500));
