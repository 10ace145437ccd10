import { z } from 'zod';
import type { RemoteName } from './catalog.js';
import { notFound, permanentError, type SourceResult } from './source.js';

/** How long a lagged MediaWiki asks to wait: its maxlag answer carries `Retry-After: 5`. */
const MAXLAG_RETRY_MS = 5_000;

const apiError = z.object({ error: z.object({ code: z.string().catch(''), info: z.string().catch('') }) });

/**
 * A MediaWiki API error object (HTTP 200 with `{"error": {"code", "info"}}`): `maxlag` and
 * `ratelimited` pass (retry later), `missingtitle`/`no-such-entity` mean "no such thing", others are permanent.
 */
export function mediaWikiError(service: RemoteName, body: unknown, what: string): SourceResult | null {
  const parsed = apiError.safeParse(body);
  if (!parsed.success) return null;
  const { code, info } = parsed.data.error;
  const detail = `${service}: ${what} error ${code} (${info.slice(0, 120)})`;
  if (code === 'maxlag' || code === 'ratelimited' || code === 'readonly') return { outcome: 'ERROR', transient: true, detail, retryAfterMs: MAXLAG_RETRY_MS };
  if (code === 'missingtitle' || code === 'no-such-entity') return notFound(detail);
  return permanentError(detail);
}
