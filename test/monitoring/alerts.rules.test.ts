/**
 * The alert rules against a real database, evaluated on demand: each rule fires and clears on
 * its own condition, and two alerters on one database announce each transition once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BreakerState } from '../../src/covers/remote/breaker.js';
import type { Reach } from '../../src/covers/remote/client.js';
import { loadConfig } from '../../src/env.js';
import type { AlertEvent, EventBus } from '../../src/events.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { createLogger } from '../../src/logger.js';
import { createAlerter, type Alerter } from '../../src/monitoring/alerts.js';
import { FIXTURE_LIBRARY } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const config = loadConfig({
  MUSIC_DIR: FIXTURE_LIBRARY,
  ALERT_MIN_ATTEMPTS: '3',
  ALERT_SOURCE_SAMPLE: '4',
  ALERT_SOURCE_SUCCESS_MIN: '0.5',
  ALERT_QUEUE_GROWTH_CHECKS: '2',
  ALERT_QUEUE_MIN: '3',
  ALERT_JOB_FAILURES: '3',
});
const log = createLogger('silent');

let database: TestDatabase;
const published: AlertEvent[] = [];
const events: Pick<EventBus, 'publish'> = {
  publish: (topic, payload) => {
    if (topic === 'alert') published.push(payload as AlertEvent);
  },
};

function alerter(breakers: Record<string, BreakerState> = {}, processId = 'host-a:1', reach: Record<string, Reach> = {}): Alerter {
  return createAlerter({ db: database.db, config, sources: { breakers: () => breakers, reach: () => reach }, events, log, processId });
}

const refused = (failures: number, code = 'ECONNREFUSED'): Reach => ({ state: 'unreachable', at: Date.now(), code, failures });
const answered = (): Reach => ({ state: 'answered', at: Date.now() });

async function attempts(source: string, outcomes: string[]): Promise<void> {
  for (const outcome of outcomes) {
    await sql`insert into source_attempts (source, outcome, entity_type, duration_ms) values (${source}, ${outcome}, 'album', 10)`.execute(database.db);
  }
}

const summary = (events: AlertEvent[]) => events.map((e) => `${e.rule}/${e.subject}:${e.firing ? 'firing' : 'resolved'}`);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());
beforeEach(async () => {
  published.length = 0;
  await sql`truncate source_attempts, alert_states, covers`.execute(database.db);
  await sql`delete from graphile_worker._private_jobs`.execute(database.db);
});

describe('source_success_rate', () => {
  it('needs ALERT_MIN_ATTEMPTS, fires under the threshold, clears when the latest attempts recover', async () => {
    const a = alerter();
    await attempts('DEEZER', ['ERROR', 'ERROR']);
    expect(await a.evaluate()).toEqual([]); // 2 attempts: not enough to judge
    await attempts('DEEZER', ['ERROR', 'FOUND']);
    const fired = await a.evaluate();
    expect(summary(fired)).toEqual(['source_success_rate/DEEZER:firing']);
    expect(fired[0]).toMatchObject({ severity: 'warning', value: 0.25 });
    expect(await a.evaluate()).toEqual([]); // still firing: nothing new to say
    // The window still holds the errors, but of the latest 4 attempts 3 are fine.
    await attempts('DEEZER', ['NOT_FOUND', 'FOUND', 'ERROR']);
    const cleared = await a.evaluate();
    expect(summary(cleared)).toEqual(['source_success_rate/DEEZER:resolved']);
    expect(cleared[0]!.value).toBe(0.75);
    expect(published).toEqual([...fired, ...cleared]);
  });

  it('clears when the source has no attempts left in the window', async () => {
    const a = alerter();
    await attempts('LASTFM', ['ERROR', 'ERROR', 'ERROR']);
    expect(summary(await a.evaluate())).toEqual(['source_success_rate/LASTFM:firing']);
    await sql`update source_attempts set at = now() - interval '1 hour'`.execute(database.db);
    const cleared = await a.evaluate();
    expect(summary(cleared)).toEqual(['source_success_rate/LASTFM:resolved']);
    expect(cleared[0]!.message).toMatch(/no attempts in the last 15 min/);
  });

  it('two alerters evaluating at once announce each transition once', async () => {
    const [a, b] = [alerter({}, 'host-a:1'), alerter({}, 'host-b:2')];
    await attempts('COVER_ART_ARCHIVE', ['ERROR', 'ERROR', 'ERROR', 'ERROR']);
    const fired = (await Promise.all([a.evaluate(), b.evaluate(), a.evaluate(), b.evaluate()])).flat();
    expect(summary(fired)).toEqual(['source_success_rate/COVER_ART_ARCHIVE:firing']);
    await attempts('COVER_ART_ARCHIVE', ['FOUND', 'FOUND', 'FOUND', 'FOUND']);
    const cleared = (await Promise.all([b.evaluate(), a.evaluate(), b.evaluate()])).flat();
    expect(summary(cleared)).toEqual(['source_success_rate/COVER_ART_ARCHIVE:resolved']);
    expect(published).toHaveLength(2);
  });
});

describe('source_success_rate and the outcomes that count', () => {
  it('counts NOT_FOUND and REJECTED as answers: a remote with nothing for these albums is healthy', async () => {
    const a = alerter();
    await attempts('DEEZER', ['NOT_FOUND', 'NOT_FOUND', 'REJECTED', 'NOT_FOUND', 'NOT_FOUND']);
    expect(await a.evaluate()).toEqual([]);
  });
});

describe('remotes_unreachable', () => {
  it('one alert when every remote called is unreachable, in place of the success rates and breakers', async () => {
    const breakers: Record<string, BreakerState> = { coverartarchive: 'open', deezer: 'half_open', musicbrainz: 'open' };
    const reach: Record<string, Reach> = { coverartarchive: refused(2), deezer: refused(1), musicbrainz: refused(1, 'ENOTFOUND'), lastfm: { state: 'unknown' } };
    const a = alerter(breakers, 'host-a:1', reach);
    await attempts('COVER_ART_ARCHIVE', ['ERROR', 'ERROR', 'ERROR']);
    await attempts('DEEZER', ['ERROR', 'ERROR', 'ERROR']);
    await attempts('THEAUDIODB', ['ERROR', 'ERROR', 'ERROR']); // its MusicBrainz lookup failed
    const fired = await a.evaluate();
    expect(summary(fired)).toEqual(['remotes_unreachable/remotes@host-a:1:firing']);
    expect(fired[0]!.message).toBe(
      'remote sources unreachable: is this server offline? coverartarchive, deezer, musicbrainz failed with ECONNREFUSED, ENOTFOUND (4 calls in a row); covers keep a placeholder and are retried',
    );
    expect(fired[0]!.value).toBe(3);
    expect(await a.evaluate()).toEqual([]);

    // Back online: the outage's errors are left out, so no source alert follows the recovery.
    for (const name of Object.keys(breakers)) breakers[name] = 'closed';
    Object.assign(reach, { coverartarchive: answered(), deezer: answered(), musicbrainz: answered() });
    expect(summary(await a.evaluate())).toEqual(['remotes_unreachable/remotes@host-a:1:resolved']);
    await attempts('DEEZER', ['FOUND']);
    expect(await a.evaluate()).toEqual([]);
    // A fresh alerter (a restart) still leaves them out: the resolution is on record.
    expect(await alerter({}, 'host-b:2').evaluate()).toEqual([]);
  });

  it('needs ALERT_MIN_ATTEMPTS unreachable calls between the remotes', async () => {
    expect(await alerter({}, 'host-a:1', { deezer: refused(1), coverartarchive: refused(1) }).evaluate()).toEqual([]);
  });

  it('does not fire while one remote called in the window answers; the others are judged by their success rate', async () => {
    const a = alerter({}, 'host-a:1', { deezer: refused(9), coverartarchive: answered() });
    await attempts('DEEZER', ['ERROR', 'ERROR', 'ERROR']);
    expect(summary(await a.evaluate())).toEqual(['source_success_rate/DEEZER:firing']);
  });

  it('leaves out a remote whose latest call is older than the window', async () => {
    const old = Date.now() - 16 * 60_000;
    const a = alerter({}, 'host-a:1', { deezer: refused(9), commons: { state: 'answered', at: old } });
    expect(summary(await a.evaluate())).toEqual(['remotes_unreachable/remotes@host-a:1:firing']);
  });
});

describe('breaker_open', () => {
  it('a half open breaker alone is the way back, not an alert', async () => {
    expect(await alerter({ deezer: 'half_open', lastfm: 'half_open' }).evaluate()).toEqual([]);
  });

  it('fires per process while a breaker is open (and half open after), and clears when it closes', async () => {
    const breakers: Record<string, BreakerState> = { coverartarchive: 'closed', deezer: 'open' };
    const a = alerter(breakers, 'host-a:1');
    const fired = await a.evaluate();
    expect(summary(fired)).toEqual(['breaker_open/deezer@host-a:1:firing']);
    expect(fired[0]).toMatchObject({ value: 2 });
    breakers.deezer = 'half_open';
    expect(await a.evaluate()).toEqual([]);
    // Another process's closed breaker says nothing about this one's.
    expect(await alerter({ deezer: 'closed' }, 'host-b:2').evaluate()).toEqual([]);
    breakers.deezer = 'closed';
    expect(summary(await a.evaluate())).toEqual(['breaker_open/deezer@host-a:1:resolved']);
  });

  it('resolves the alert of a process that stopped evaluating', async () => {
    expect(summary(await alerter({ lastfm: 'open' }, 'gone:9').evaluate())).toEqual(['breaker_open/lastfm@gone:9:firing']);
    await sql`update alert_states set updated_at = now() - interval '10 minutes'`.execute(database.db);
    const cleared = await alerter({}, 'host-a:1').evaluate();
    expect(summary(cleared)).toEqual(['breaker_open/lastfm@gone:9:resolved']);
    expect(cleared[0]!.message).toMatch(/stopped/);
  });
});

describe('queue_growing', () => {
  const add = (n: number) => createJobQueue(database.db).add(Array.from({ length: n }, () => ({ task: 'maintain_covers' as const, payload: {} })));

  it('fires after growing at each of ALERT_QUEUE_GROWTH_CHECKS evaluations above ALERT_QUEUE_MIN, clears when it stops', async () => {
    const a = alerter();
    await add(2);
    expect(await a.evaluate()).toEqual([]); // 2
    await add(2);
    expect(await a.evaluate()).toEqual([]); // 4: grew once
    await add(2);
    const fired = await a.evaluate(); // 6: grew twice, over 3
    expect(summary(fired)).toEqual(['queue_growing/queue:firing']);
    expect(fired[0]!.value).toBe(6);
    expect(await a.evaluate()).toEqual([]); // 6: still above where it was 2 checks ago (4), still firing
    expect(summary(await a.evaluate())).toEqual(['queue_growing/queue:resolved']); // 6: no higher than 2 checks ago
  });

  it('does not fire while the queue stays under ALERT_QUEUE_MIN', async () => {
    const a = alerter();
    for (let i = 0; i < 3; i++) {
      await add(1);
      expect(await a.evaluate()).toEqual([]);
    }
  });
});

describe('job_failures', () => {
  it('fires above ALERT_JOB_FAILURES (FAILED covers in the window and jobs failed 3+ times), and clears', async () => {
    const a = alerter();
    await sql`insert into covers (entity_type, entity_id, status, resolved_at) select 'album', g, 'FAILED', now() from generate_series(1, 3) g`.execute(database.db);
    expect(await a.evaluate()).toEqual([]); // 3: not above 3
    await createJobQueue(database.db).add([{ task: 'maintain_covers', payload: {}, jobKey: 'broken' }]);
    await sql`update graphile_worker._private_jobs set attempts = 3, last_error = 'boom'`.execute(database.db);
    const fired = await a.evaluate();
    expect(summary(fired)).toEqual(['job_failures/jobs:firing']);
    expect(fired[0]).toMatchObject({ severity: 'critical', value: 4 });
    await sql`update covers set status = 'READY'`.execute(database.db);
    expect(summary(await a.evaluate())).toEqual(['job_failures/jobs:resolved']);
  });
});
