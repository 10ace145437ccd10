import { hostname } from 'node:os';
import type { BreakerState } from '../covers/remote/breaker.js';
import type { Reach } from '../covers/remote/client.js';
import { SOURCE_DECLARATIONS, SOURCE_NAMES, type RemoteName } from '../covers/sources/catalog.js';
import type { Db } from '../db/database.js';
import type { Config } from '../env.js';
import type { AlertEvent, EventBus } from '../events.js';
import type { Log } from '../logger.js';
import * as repo from './monitoring.repository.js';
import { toAlertEvent } from './monitoring.service.js';
import type { AlertState } from './monitoring.table.js';
import type { AlertWebhook } from './webhook.js';

export const ALERT_RULES = ['remotes_unreachable', 'source_success_rate', 'breaker_open', 'queue_growing', 'job_failures'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/**
 * The remote services each source's attempts depend on, by the source's name in the trace
 * (COVER_ART_ARCHIVE, …): its own, and MusicBrainz for those that look artists up by MBID.
 */
const REMOTES_OF_SOURCE: ReadonlyMap<string, readonly RemoteName[]> = new Map(
  SOURCE_NAMES.map((name) => {
    const d = SOURCE_DECLARATIONS[name];
    const byMbid = 'byArtistMbid' in d && d.byArtistMbid;
    return [d.graphql, byMbid ? [...d.remotes, 'musicbrainz' as const] : d.remotes];
  }),
);

/** The sources that call a remote, by their name in the trace. */
const REMOTE_SOURCES = [...REMOTES_OF_SOURCE].filter(([, remotes]) => remotes.length > 0).map(([source]) => source);

/** What one rule says about one subject at one evaluation. */
export interface RuleResult extends repo.AlertChange {
  rule: AlertRule;
  firing: boolean;
}

export interface AlerterDeps {
  db: Db;
  config: Config;
  /** This process's breakers and what its remote clients last heard (SourceRuntime). */
  sources: { breakers(): Record<string, BreakerState>; reach(): Record<string, Reach> };
  events: Pick<EventBus, 'publish'>;
  log: Log;
  /** Where announced transitions are also POSTed (ALERT_WEBHOOK_URL), through the job queue. */
  webhook?: Pick<AlertWebhook, 'send' | 'stop'> | null;
  /** Names this process in breaker_open subjects (default host:pid). */
  processId?: string;
}

export interface Alerter {
  start(): void;
  stop(): Promise<void>;
  /** Runs every rule once; returns the transitions this process made (and announced). */
  evaluate(): Promise<AlertEvent[]>;
}

/**
 * Evaluates the alert rules every ALERT_INTERVAL_MS in each process that runs a worker. Any number
 * of processes may evaluate the same rule: `alert_states` decides which one saw a transition, and
 * only that one logs it, publishes it on the bus ('alert') and POSTs it to ALERT_WEBHOOK_URL.
 */
export function createAlerter(deps: AlerterDeps): Alerter {
  const { db, config, log } = deps;
  const settings = config.alerts;
  const processId = deps.processId ?? `${hostname()}:${process.pid}`;
  const webhook = deps.webhook ?? null;
  // A firing alert is refreshed at each evaluation; one nobody refreshed for this long lost its evaluator.
  const staleMs = Math.max(3 * settings.intervalMs, 60_000);
  const queueDepths: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();

  async function runRules(): Promise<AlertEvent[]> {
    const firing = await repo.findFiringAlerts(db);
    const firingSubjects = (rule: AlertRule) => firing.filter((a) => a.rule === rule).map((a) => a.subject);
    const unreachable = remotesUnreachable();
    const quiet = new Set(unreachable.firing ? unreachable.remotes : []);
    const results = [
      unreachable.result,
      ...(await sourceSuccessRate(firingSubjects('source_success_rate'), quiet, firingSubjects('remotes_unreachable').length > 0)),
      ...breakerOpen(new Set(firingSubjects('breaker_open')), quiet),
      await queueGrowing(firingSubjects('queue_growing').length > 0),
      await jobFailures(),
    ];
    // Each transition is announced as soon as it is recorded: a later failure cannot swallow it.
    const announced: AlertEvent[] = [];
    for (const r of results) {
      const row = r.firing ? await repo.fireAlert(db, r) : await repo.resolveAlert(db, r);
      if (row) announced.push(announce(row));
      else if (r.firing) await repo.refreshAlert(db, r);
    }
    for (const row of await repo.resolveStaleAlerts(db, staleMs, 'no longer evaluated: the process that raised it stopped')) announced.push(announce(row));
    return announced;
  }

  /**
   * (a) Every remote this process called within the window could not be reached (UNREACHABLE_CODES:
   * no DNS, no route, connection refused), ALERT_MIN_ATTEMPTS failures in a row between them: the
   * server is most likely offline. One alert, naming them, in place of each source's success rate
   * and each breaker. Remotes not called in the window (no key, nothing asked them) are not judged.
   */
  function remotesUnreachable(): { result: RuleResult; firing: boolean; remotes: string[] } {
    const since = Date.now() - settings.windowMinutes * 60_000;
    const recent = Object.entries(deps.sources.reach()).filter(([, r]) => r.state !== 'unknown' && r.at >= since);
    const down = recent.flatMap(([name, r]) => (r.state === 'unreachable' ? [{ name, code: r.code, failures: r.failures }] : []));
    const failures = down.reduce((n, d) => n + d.failures, 0);
    const firing = down.length > 0 && down.length === recent.length && failures >= settings.minAttempts;
    const remotes = down.map((d) => d.name);
    const codes = [...new Set(down.map((d) => d.code))].join(', ');
    const message = firing
      ? `remote sources unreachable: is this server offline? ${remotes.join(', ')} failed with ${codes} (${failures} calls in a row); covers keep a placeholder and are retried`
      : down.length > 0
        ? `unreachable: ${remotes.join(', ')} (${codes}); ${recent.length - down.length} of ${recent.length} remotes answered`
        : `${recent.length} remotes answered their latest call`;
    const result: RuleResult = { rule: 'remotes_unreachable', subject: `remotes@${processId}`, severity: 'warning', firing, value: down.length, message };
    return { result, firing, remotes };
  }

  /**
   * (b) Share of a source's latest attempts in the window that did not end in ERROR: a remote that
   * answered "nothing for this" (NOT_FOUND) or offered a picture we refused (REJECTED) is healthy;
   * only errors (failed calls, timeouts, refusals, error answers) count against it. Judged once the
   * source has ALERT_MIN_ATTEMPTS attempts in the window; not judged while `remotes_unreachable`
   * fires for a remote it calls (`quiet`), and once it resolves only the attempts after count.
   */
  async function sourceSuccessRate(firingNow: string[], quiet: ReadonlySet<string>, outageWasFiring: boolean): Promise<RuleResult[]> {
    const { windowMinutes, minAttempts, sourceSample, sourceSuccessMin } = settings;
    // The errors of an outage are its alert's, not the sources': once it ends (now, or when it last
    // resolved) they are left out.
    const outageEnded = quiet.size > 0 ? null : outageWasFiring ? new Date() : await repo.findLastResolved(db, 'remotes_unreachable');
    const rows = await repo.sampleRecentAttempts(db, windowMinutes, sourceSample, outageEnded ? { sources: REMOTE_SOURCES, at: outageEnded } : null);
    const results: RuleResult[] = rows.map((r) => {
      const rate = r.ok / r.attempts;
      const enough = r.attempts >= minAttempts;
      const silenced = (REMOTES_OF_SOURCE.get(r.source) ?? []).some((remote) => quiet.has(remote));
      const firing = enough && !silenced && rate < sourceSuccessMin;
      const share = `${Math.round(rate * 100)}% of its last ${r.attempts} attempts succeeded`;
      const message = silenced
        ? `${r.source}: ${share}; not judged while its remotes are unreachable`
        : !enough
          ? `${r.source}: only ${r.attempts} attempts in the last ${windowMinutes} min`
          : firing
            ? `${r.source}: ${share} (under ${Math.round(sourceSuccessMin * 100)}%)`
            : `${r.source}: ${share}`;
      return { rule: 'source_success_rate', subject: r.source, severity: 'warning', firing, value: rate, message };
    });
    // A source with no attempts left in the window has nothing to say against it any more.
    const seen = new Set(rows.map((r) => r.source));
    for (const subject of firingNow.filter((s) => !seen.has(s))) {
      results.push({ rule: 'source_success_rate', subject, severity: 'warning', firing: false, value: null, message: `${subject}: no attempts in the last ${windowMinutes} min` });
    }
    return results;
  }

  /**
   * (c) This process's breakers. An open one fires; half open (one probe allowed) is the normal way
   * back, so it never fires on its own, but keeps an alert that fired while open until the breaker
   * closes (no fire, resolve, fire again at each failed probe). Not judged while
   * `remotes_unreachable` names its remote.
   */
  function breakerOpen(firingNow: ReadonlySet<string>, quiet: ReadonlySet<string>): RuleResult[] {
    return Object.entries(deps.sources.breakers()).map(([source, state]) => {
      const subject = `${source}@${processId}`;
      const firing = !quiet.has(source) && (state === 'open' || (state === 'half_open' && firingNow.has(subject)));
      return {
        rule: 'breaker_open',
        subject,
        severity: 'warning',
        firing,
        value: state === 'open' ? 2 : state === 'half_open' ? 1 : 0,
        message: `${source}: circuit breaker ${state.replace('_', ' ')} in ${processId}`,
      };
    });
  }

  /**
   * (d) Jobs due now grew at each of the last N evaluations and are above the minimum; once firing,
   * it stays so while the depth is above the minimum and above where it was N evaluations ago.
   */
  async function queueGrowing(wasFiring: boolean): Promise<RuleResult> {
    const { queueGrowthChecks: n, queueMin } = settings;
    const depth = await repo.countDueJobs(db);
    queueDepths.push(depth);
    if (queueDepths.length > n + 1) queueDepths.shift();
    const full = queueDepths.length === n + 1;
    const grew = full && queueDepths.every((d, i) => i === 0 || d > queueDepths[i - 1]!);
    const firing = depth > queueMin && (wasFiring ? !full || depth > queueDepths[0]! : grew);
    const message = firing ? `queue: ${depth} jobs due and growing (over ${queueMin})` : `queue: ${depth} jobs due`;
    return { rule: 'queue_growing', subject: 'queue', severity: 'warning', firing, value: depth, message };
  }

  /** (e) Jobs that failed 3 times or more, plus covers that went FAILED within the window. */
  async function jobFailures(): Promise<RuleResult> {
    const { jobs, covers } = await repo.countJobFailures(db, settings.windowMinutes);
    const value = jobs + covers;
    const firing = value > settings.jobFailures;
    const message = `${jobs} jobs failed 3+ times, ${covers} covers FAILED in the last ${settings.windowMinutes} min`;
    return { rule: 'job_failures', subject: 'jobs', severity: 'critical', firing, value, message };
  }

  function announce(row: AlertState): AlertEvent {
    const event = toAlertEvent(row);
    const fields = { rule: event.rule, subject: event.subject, severity: event.severity, value: event.value, detail: event.message };
    if (event.firing) log.warn(fields, 'alert firing');
    else log.info(fields, 'alert resolved');
    deps.events.publish('alert', event);
    webhook?.send(event);
    return event;
  }

  // One evaluation at a time: the queue history and the transitions stay in order.
  function evaluate(): Promise<AlertEvent[]> {
    const run = chain.then(runRules);
    chain = run.catch(() => undefined);
    return run;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void evaluate()
        .catch((err: unknown) => log.warn({ err }, 'alert evaluation failed'))
        .finally(schedule);
    }, settings.intervalMs);
    timer.unref();
  }

  return {
    evaluate,
    start() {
      if (!timer && !stopped) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
      await webhook?.stop();
    },
  };
}
