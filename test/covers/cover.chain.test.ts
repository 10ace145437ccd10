import { describe, expect, it } from 'vitest';
import { backoffMs, retryDelayMs, withSource } from '../../src/covers/cover.chain.js';
import { parseRetryAfter } from '../../src/covers/remote/client.js';

describe('backoffMs', () => {
  const config = { retryBaseMs: 1000, retryMaxDelayMs: 10_000 };

  it('doubles per attempt with jitter in [0.5, 1.5) of the step', () => {
    expect(backoffMs(config, 1, () => 0)).toBe(500);
    expect(backoffMs(config, 1, () => 0.5)).toBe(1000);
    expect(backoffMs(config, 3, () => 0.5)).toBe(4000);
  });

  it('never passes RETRY_MAX_DELAY_MS, jitter included (the cap applies after it)', () => {
    expect(backoffMs(config, 20, () => 0.999)).toBe(10_000);
    expect(backoffMs(config, 4, () => 0.999)).toBe(10_000); // 8000 x 1.499 would be 11,992
    for (let attempt = 1; attempt < 30; attempt++) expect(backoffMs(config, attempt, Math.random)).toBeLessThanOrEqual(10_000);
  });
});

describe('withSource', () => {
  it('adds the source name only where the detail does not already carry it', () => {
    expect(withSource('deezer', 'deezer: api.deezer.com connection failed')).toBe('deezer: api.deezer.com connection failed');
    expect(withSource('coverartarchive', 'release 1234…: 404; coverartarchive: host answered 503')).toBe('release 1234…: 404; coverartarchive: host answered 503');
    expect(withSource('embedded', 'none of the 3 tracks could be read')).toBe('embedded: none of the 3 tracks could be read');
  });
});

describe('Retry-After', () => {
  const config = { retryBaseMs: 1000, retryMaxDelayMs: 60_000 };

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('makes the retry no sooner than the remote asked, and never later than RETRY_MAX_DELAY_MS', () => {
    expect(retryDelayMs(config, 1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(config, 1, 0, () => 0.5)).toBe(1000);
    expect(retryDelayMs(config, 1, 3_600_000, () => 0.5)).toBe(60_000);
  });
});
