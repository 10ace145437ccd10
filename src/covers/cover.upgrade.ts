/**
 * Upgrades later (issue 13, point 2): which settled covers are looked at again in the background,
 * and when a candidate found then replaces the one served. Pure rules; the chain runs the check
 * (`resolveCover` with `upgrade`), the `upgrade_cover` task queues it.
 */
import type { Config } from '../env.js';
import type { Cover, CoverWinner } from './cover.table.js';
import { rankCandidates, type Candidate, type ImageType } from './sources/candidate.js';

/** A cover the user set (an upload, a URL, later a chosen candidate): no upgrade ever touches it. */
export const pinned = (cover: Pick<Cover, 'upload_hash'>): boolean => cover.upload_hash !== null;

/**
 * Why a cover that just settled deserves another look later, or null: served from a local picture
 * under COVER_UPGRADE_BELOW_PX, from a search hit (a fuzzy match), or a placeholder after
 * transient failures (FAILED). Only with COVER_SELECTION=best, which is what can rank a newcomer.
 */
export function upgradeReason(
  config: Pick<Config, 'coverSelection' | 'coverUpgradeBelowPx'>,
  settled: { status: Cover['status']; winner: CoverWinner | null },
): string | null {
  if (config.coverSelection !== 'best') return null;
  const w = settled.winner;
  if (settled.status === 'FAILED') return 'a placeholder after transient failures';
  if (settled.status !== 'READY' || !w) return null;
  if (w.match === 'local' && Math.min(w.width, w.height) < config.coverUpgradeBelowPx) return `a local picture of ${w.width}x${w.height}, under COVER_UPGRADE_BELOW_PX ${config.coverUpgradeBelowPx}`;
  if (w.match === 'search') return `a search match (similarity ${(w.similarity ?? 0).toFixed(2)})`;
  return null;
}

/**
 * Whether `next` (found by an upgrade check) replaces `served`: another picture that the selection
 * rules rank first against it (so a local picture gives way only to an exact-MBID one at least
 * twice as large, never to a search hit). `served` null is a placeholder: any real picture wins.
 */
export function replaces(next: CoverWinner, served: CoverWinner | null, rules: { wanted: ImageType; upgradeBelowPx: number }): boolean {
  if (!served) return true;
  const as = (w: CoverWinner): Candidate => ({ match: w.match, type: w.type, width: w.width, height: w.height, detail: w.source, ...(w.similarity !== undefined ? { similarity: w.similarity } : {}) });
  const a = as(served);
  const b = as(next);
  // Stable: on a tie the served one stays.
  return rankCandidates([a, b], rules)[0] === b;
}

/** What the served picture was, for the trace: `EMBEDDED 300x300 (local)`. */
export const describeWinner = (w: CoverWinner | null): string =>
  w ? `${w.source} ${w.width}x${w.height} (${w.match === 'search' ? `search, similarity ${(w.similarity ?? 0).toFixed(2)}` : w.match})` : 'the placeholder';
