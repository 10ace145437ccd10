import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseCrontab, type JobHelpers } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../../src/db/database.js';
import { PROJECT_ROOT } from '../../src/env.js';
import type { JobSpec } from '../../src/jobs/queue.js';
import { buildTaskList, CRONTAB, TASK_NAMES, TASKS, type TaskName } from '../../src/jobs/task-list.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';

const SRC = join(PROJECT_ROOT, 'src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

interface Enqueue {
  file: string;
  line: number;
  text: string;
  /** The task identifier when the call names it with a literal. */
  task: string | null;
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/**
 * Every place in src/ that names a task to enqueue: `task: '…'` job specs (the typed queue),
 * graphile-worker's `addJob`/`quickAddJob`/`addJobs` (helpers or utils), and raw `add_job(s)` SQL.
 */
async function findEnqueues(): Promise<Enqueue[]> {
  const found: Enqueue[] = [];
  for (const file of await sourceFiles(SRC)) {
    const source = await readFile(file, 'utf8');
    const rel = relative(PROJECT_ROOT, file);
    const patterns: [RegExp, number | null][] = [
      [/\btask\s*:\s*(['"`])([^'"`]*)\1/g, 2],
      [/\b(?:addJob|quickAddJob|addJobAdhoc)\s*\(\s*(?:[A-Za-z_$][\w$.]*\s*,\s*)?(['"`])([^'"`]*)\1/g, 2],
      [/\b(?:addJob|quickAddJob|addJobs|addJobAdhoc)\s*\(/g, null],
      [/\badd_jobs?\s*\(/g, null],
    ];
    for (const [re, group] of patterns) {
      for (const m of source.matchAll(re)) {
        found.push({ file: rel, line: lineOf(source, m.index), text: m[0], task: group === null ? null : m[group]! });
      }
    }
  }
  return found;
}

describe('every task anyone enqueues is one the worker serves', () => {
  it('each task named in src/ is in TASKS', async () => {
    const enqueues = await findEnqueues();
    const named = enqueues.filter((e) => e.task !== null);
    // The scan still sees the enqueuers we know of; if this fails, the patterns above went stale.
    expect(named.map((e) => e.task)).toEqual(expect.arrayContaining(['scan_library', 'resolve_cover']));
    for (const e of named) expect(TASK_NAMES, `${e.file}:${e.line} enqueues "${e.task}"`).toContain(e.task);
  });

  it('only the typed queue writes jobs: no other add_job(s) SQL and no untyped graphile-worker addJob', async () => {
    const enqueues = await findEnqueues();
    const raw = enqueues.filter((e) => e.task === null);
    expect(raw.map((e) => `${e.file}:${e.line} ${e.text}`)).toEqual([expect.stringMatching(/^src\/jobs\/queue\.ts:\d+ add_jobs\($/)]);
  });

  it('the crontab names only tasks in TASKS', () => {
    const items = parseCrontab(CRONTAB);
    // Covers and monitoring each keep their own data: both periodic tasks are scheduled.
    expect(items.map((i) => i.task).sort()).toEqual(['maintain_covers', 'prune_monitoring']);
    for (const item of items) expect(TASK_NAMES).toContain(item.task);
  });

  it('buildTaskList has a handler for exactly TASK_NAMES, and each parses its payload first', async () => {
    let ran = 0;
    const handler = async () => {
      ran++;
    };
    const list = buildTaskList({ scan_library: handler, resolve_cover: handler, upgrade_cover: handler, gather_album_images: handler, gather_cover_candidates: handler, maintain_covers: handler, prune_monitoring: handler, send_alert_webhooks: handler, send_cover_webhook: handler });
    expect(Object.keys(list).sort()).toEqual([...TASK_NAMES].sort());
    expect(Object.keys(TASKS).sort()).toEqual([...TASK_NAMES].sort());
    await expect(list.resolve_cover!({ entityType: 'song', entityId: 1 }, {} as JobHelpers)).rejects.toThrow(/resolve_cover: malformed payload/);
    expect(ran).toBe(0);
  });
});

/** A valid job of every task: adding a task to TASKS without one here is a type error. */
const SAMPLE_JOBS: { [N in TaskName]: JobSpec<N> } = {
  // A scan row that does not exist: the job must be taken, whatever it then makes of it.
  scan_library: { task: 'scan_library', payload: { scanId: 2_000_000_000, path: null } },
  // An album that does not exist: the resolver finds no subject and drops the cover row.
  resolve_cover: { task: 'resolve_cover', payload: { entityType: 'album', entityId: 2_000_000_000 } },
  // An album that does not exist: the upgrade check finds no cover and ends.
  upgrade_cover: { task: 'upgrade_cover', payload: { entityType: 'album', entityId: 2_000_000_000 } },
  // An album that does not exist: the gatherer finds no subject and stores nothing.
  gather_album_images: { task: 'gather_album_images', payload: { albumId: 2_000_000_000 } },
  gather_cover_candidates: { task: 'gather_cover_candidates', payload: { entityType: 'album', entityId: 2_000_000_000 } },
  maintain_covers: { task: 'maintain_covers', payload: {} },
  prune_monitoring: { task: 'prune_monitoring', payload: {} },
  // No ALERT_WEBHOOK_URL here: the job is taken and has nothing to send.
  send_alert_webhooks: { task: 'send_alert_webhooks', payload: {} },
  // No COVER_WEBHOOK_URL here: the job is taken and has nothing to send.
  send_cover_webhook: { task: 'send_cover_webhook', payload: { entityType: 'album', externalId: 'x', status: 'READY', source: null, imageUrl: null, at: new Date(0).toISOString() } },
};

interface JobState {
  id: string;
  task_identifier: string;
  attempts: number;
  locked_at: Date | null;
  last_error: string | null;
}

async function jobsByKey(db: Db, keys: string[]): Promise<Map<string, JobState>> {
  const { rows } = await sql<JobState & { key: string }>`
    select key, id::text as id, task_identifier, attempts, locked_at, last_error from graphile_worker.jobs where key = any(${keys})`.execute(db);
  return new Map(rows.map((r) => [r.key, r]));
}

describe('the worker built by startApp (role worker)', () => {
  let fake: FakeRemotes;
  let musicDir: string;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeRemotes();
    // An empty library: the sample scan finds nothing, so nothing else gets queued.
    musicDir = await mkdtemp(join(tmpdir(), 'covers-tasks-'));
    t = await startTestApp({ role: 'worker', env: { ...fake.env(), MUSIC_DIR: musicDir, COVER_SOURCES: 'placeholder', WORKER_CONCURRENCY: '2' } });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
    if (musicDir) await rm(musicDir, { recursive: true, force: true });
  });

  it('takes a job of every task in TASKS; a job of any other name would sit unserved', async () => {
    const { db, queue } = t.app;
    // Control: a job no worker serves, written behind the typed queue's back, as the bug of
    // seeds/cover-queue-fix.md did. It must stay untouched, or "taken" below proves nothing.
    await sql`select graphile_worker.add_job('cover_jobs_nobody_reads', '{}'::json, job_key := 'control')`.execute(db);
    await queue.add(Object.values(SAMPLE_JOBS).map((spec) => ({ ...spec, jobKey: `sample:${spec.task}`, maxAttempts: 1 })));
    const keys = TASK_NAMES.map((n) => `sample:${n}`);

    // Taken = completed (row gone) or tried (attempts > 0); graphile-worker never fetches a job
    // whose task is missing from the runner's task list.
    const deadline = Date.now() + 15_000;
    let left: Map<string, JobState>;
    for (;;) {
      left = await jobsByKey(db, keys);
      if ([...left.values()].every((j) => j.attempts > 0 && j.locked_at === null)) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const name of TASK_NAMES) {
      const job = left.get(`sample:${name}`);
      expect(job?.attempts ?? 1, `${name} was never taken by the worker`).toBeGreaterThan(0);
      expect(job?.last_error ?? '', `${name} failed`).not.toMatch(/malformed payload|unsupported task|no task/i);
    }

    // Past a full poll interval (2 s), the control job is still waiting: nobody serves it.
    await new Promise((r) => setTimeout(r, 2500));
    const control = (await jobsByKey(db, ['control'])).get('control');
    expect(control).toMatchObject({ task_identifier: 'cover_jobs_nobody_reads', attempts: 0, locked_at: null });
  });
});

describe('queue.add', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.stop());

  async function jobCount(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs`.execute(t.app.db);
    return Number(rows[0]!.n);
  }

  it('refuses a task that is not in TASKS: a type error, and an error at run time', async () => {
    const before = await jobCount();
    // @ts-expect-error 'cover_jobs' is not a TaskName
    await expect(t.app.queue.add([{ task: 'cover_jobs', payload: {} }])).rejects.toThrow(/unknown task "cover_jobs"/);
    // @ts-expect-error inherited keys of TASKS are not task names either
    await expect(t.app.queue.add([{ task: 'toString', payload: {} }])).rejects.toThrow(/unknown task "toString"/);
    // One bad spec in a batch fails the whole batch: nothing is written.
    await expect(
      t.app.queue.add([
        { task: 'maintain_covers', payload: {} },
        // @ts-expect-error not a TaskName
        { task: 'resolve_covers', payload: { entityType: 'album', entityId: 1 } },
      ]),
    ).rejects.toThrow(/unknown task/);
    expect(await jobCount()).toBe(before);
  });

  it('refuses a payload its task cannot parse (zod), before writing anything', async () => {
    const before = await jobCount();
    // @ts-expect-error entityType must be 'album' or 'artist'
    await expect(t.app.queue.add([{ task: 'resolve_cover', payload: { entityType: 'song', entityId: 1 } }])).rejects.toBeInstanceOf(ZodError);
    // @ts-expect-error scanId is a number
    await expect(t.app.queue.add([{ task: 'scan_library', payload: { scanId: '1', path: null } }])).rejects.toBeInstanceOf(ZodError);
    expect(await jobCount()).toBe(before);
  });
});
