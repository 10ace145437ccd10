import { createHmac } from 'node:crypto';

/** One POST: sent, or why not and whether trying again could help. */
export type PostOutcome = { sent: true } | { sent: false; why: string; permanent: boolean };

/** The header a signed webhook carries: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'x-covers-signature';

/** The signature of `body` under `secret`, as sent in SIGNATURE_HEADER. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface PostOptions {
  fetch?: typeof fetch;
  timeoutMs: number;
  userAgent: string;
  /** When given, the body is signed (SIGNATURE_HEADER). */
  secret?: string | undefined;
  /** The job's abort signal: a stopping worker ends the request at once. */
  signal: AbortSignal;
}

/**
 * POSTs a JSON body to a webhook receiver, the one delivery step of every webhook the service
 * sends (alerts, settled covers). Never throws: the caller, a job, decides whether to rethrow so
 * graphile-worker retries it with its backoff.
 */
export async function postWebhook(url: string, body: string, opts: PostOptions): Promise<PostOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': opts.userAgent };
  if (opts.secret) headers[SIGNATURE_HEADER] = signBody(opts.secret, body);
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), opts.signal]),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return { sent: true };
    // A 4xx other than 408/429 will not change on retry.
    return { sent: false, why: `answered ${res.status}`, permanent: res.status < 500 && res.status !== 408 && res.status !== 429 };
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : `failed: ${(err as Error).message}`;
    return { sent: false, why, permanent: false };
  }
}

/** Whether a failed POST is worth another try of its job: not a permanent refusal, tries left. */
export function worthRetrying(outcome: PostOutcome, attempts: number, maxAttempts: number): boolean {
  return !outcome.sent && !outcome.permanent && attempts < maxAttempts;
}
