import { describe, expect, it } from 'vitest';
import { BusyError, createImageWork } from '../../src/images/image.work.js';

const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
};

describe('image work queue', () => {
  it('runs at most N at once, lets up to `queue` wait, and sheds the rest with a retry time', async () => {
    const work = createImageWork({ concurrency: 2, queue: 1 });
    const g = gate();
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      await g.opened;
      running--;
      return 'done';
    };
    const accepted = [work.run(job), work.run(job), work.run(job)];
    expect(work.stats()).toEqual({ active: 2, queued: 1, shed: 0 });
    const shed = await work.run(job).catch((e: unknown) => e);
    expect(shed).toBeInstanceOf(BusyError);
    expect((shed as BusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Background work (the worker's jobs) waits instead of being shed.
    const background = work.run(job, { wait: true });
    expect(work.stats()).toEqual({ active: 2, queued: 2, shed: 1 });
    g.open();
    expect(await Promise.all([...accepted, background])).toEqual(['done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect(work.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('takes an aborted request out of the queue', async () => {
    const work = createImageWork({ concurrency: 1, queue: 5 });
    const g = gate();
    const first = work.run(() => g.opened);
    const controller = new AbortController();
    const waiting = work.run(async () => 'never', { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(work.stats().queued).toBe(0);
    g.open();
    await first;
  });

  it('runs nested work in the slot it was started from (no deadlock at concurrency 1)', async () => {
    const work = createImageWork({ concurrency: 1, queue: 0 });
    await expect(work.run(() => work.run(async () => 'inner', { wait: true }))).resolves.toBe('inner');
  });

  it('sheds a request that would wait longer than maxWaitMs, even with room in the queue', async () => {
    const work = createImageWork({ concurrency: 1, queue: 100, maxWaitMs: 700 });
    for (let i = 0; i < 3; i++) await work.run(() => new Promise((r) => setTimeout(r, 600))); // its running average rises to ~400 ms
    const g = gate();
    const running = work.run(() => g.opened);
    const waiting = work.run(async () => 'second'); // expected wait ~400 ms: accepted
    await expect(work.run(async () => 'third')).rejects.toBeInstanceOf(BusyError); // ~800 ms: shed
    g.open();
    await running;
    await expect(waiting).resolves.toBe('second');
  });
});
