import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `fn` until it returns something other than undefined, null or false, and returns that.
 * Fails after `timeoutMs` with `message` and the last value seen, so a stuck test says where it stood.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  opts: { intervalMs?: number; message?: string; last?: () => unknown } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const interval = opts.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = opts.last ? ` (last seen: ${JSON.stringify(opts.last()).slice(0, 2000)})` : '';
      const why = lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(`waitFor: ${opts.message ?? 'condition'} not met within ${timeoutMs} ms${seen}${why}`);
    }
    await sleep(interval);
  }
}
