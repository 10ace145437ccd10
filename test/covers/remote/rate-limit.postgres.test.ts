import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRateLimiter } from '../../../src/covers/remote/rate-limit.postgres.js';
import { RateLimitWait } from '../../../src/covers/remote/rate-limit.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

describe('postgresRateLimiter', () => {
  it('spaces calls from separate limiters (processes) sharing the database', async () => {
    const a = postgresRateLimiter(database.db, 5);
    const b = postgresRateLimiter(database.db, 5);
    const at: number[] = [];
    await Promise.all([a, b, a, b].map((l) => l.acquire('shared').then(() => at.push(performance.now()))));
    at.sort((x, y) => x - y);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(150);
  });

  // The first use of a key: a caller whose statement snapshot does not yet see the row another
  // caller just created read "no wait" as "claimed", and two requests went out together.
  it('lets one caller through at a time on the first use of a key, whatever the snapshot saw', async () => {
    for (let round = 0; round < 5; round++) {
      const limiters = [0, 1, 2, 3].map(() => postgresRateLimiter(database.db, 20));
      const at: number[] = [];
      await Promise.all([...limiters, ...limiters].map((l) => l.acquire(`fresh-${round}`).then(() => at.push(performance.now()))));
      at.sort((x, y) => x - y);
      // Turns are 50 ms apart; the bug let two through together (~0 ms). Half an interval of slack
      // keeps a busy event loop (a late callback, then a prompt one) from reading as that bug.
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!, `round ${round}, call ${i}`).toBeGreaterThanOrEqual(25);
    }
  });

  it('counts the next turn from the time a call was let through, even after the process was busy', async () => {
    const limiter = postgresRateLimiter(database.db, 5);
    const at: number[] = [];
    const all = Promise.all([0, 1, 2].map(() => limiter.acquire('busy').then(() => at.push(performance.now()))));
    // The first call is let through at once; the other two have asked the database once and wait.
    while (at.length < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    const until = performance.now() + 700;
    while (performance.now() < until); // busy: reserved slots would all be due when it ends
    await all;
    at.sort((x, y) => x - y);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(150);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(150);
  });

  it('stops waiting when aborted', async () => {
    const limiter = postgresRateLimiter(database.db, 0.1);
    await limiter.acquire('slow');
    const started = performance.now();
    await expect(limiter.acquire('slow', AbortSignal.timeout(100))).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('gives up a wait longer than maxWaitMs at once, taking no turn: each caller that gives up is given its own place in line', async () => {
    const limiter = postgresRateLimiter(database.db, 0.5); // a turn every 2 s
    await limiter.acquire('far');
    const err = await limiter.acquire('far', undefined, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitWait);
    const first = (err as RateLimitWait).waitMs;
    expect(first).toBeGreaterThan(100);
    // The next one to give up comes back a turn later, not at the same turn to find it taken.
    const err2 = await postgresRateLimiter(database.db, 0.5).acquire('far', undefined, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect((err2 as RateLimitWait).waitMs).toBeGreaterThan(first + 1500);
    // Nothing was claimed: a caller already in line is told the very next turn, which has not moved.
    const err3 = await limiter.acquire('far', undefined, { maxWaitMs: 100, inLine: 'far' }).catch((e: unknown) => e);
    expect((err3 as RateLimitWait).waitMs).toBeLessThanOrEqual(first);
  });

  it('lets an urgent caller take the next turn: callers that are not urgent wait behind it', async () => {
    const a = postgresRateLimiter(database.db, 4);
    const b = postgresRateLimiter(database.db, 4);
    await a.acquire('busy-key');
    const order: string[] = [];
    const urgent = a.acquire('busy-key', undefined, { urgent: true }).then(() => order.push('urgent'));
    await new Promise((r) => setTimeout(r, 30)); // the urgent caller has asked and holds the next turn
    const backlog = Promise.all([b.acquire('busy-key').then(() => order.push('backlog 1')), b.acquire('busy-key').then(() => order.push('backlog 2'))]);
    await Promise.all([urgent, backlog]);
    expect(order[0]).toBe('urgent');
  });
});
