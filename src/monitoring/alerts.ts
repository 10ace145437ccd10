import { hostname } from 'node:os';
import type { BreakerState } from '../covers/remote/breaker.js';
import type { Db } from '../db/database.js';
import type { Config } from '../env.js';
import type { AlertEvent, EventBus } from '../events.js';
import type { Log } from '../logger.js';
import * as repo from './monitoring.repository.js';
import { toAlertEvent } from './monitoring.service.js';
import type { AlertState } from './monitoring.table.js';
import type { AlertWebhook } from './webhook.js';

export const ALERT_RULES = ['source_success_rate', 'breaker_open', 'queue_growing', 'job_failures'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** What one rule says about one subject at one evaluation. */
export interface RuleResult extends repo.AlertChange {
  rule: AlertRule;
  firing: boolean;
}

export interface AlerterDeps {
  db: Db;
  config: Config;
  /** This process's breakers (SourceRuntime). */
  sources: { breakers(): Record<string, BreakerState> };
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
    const results = [
      ...(await sourceSuccessRate(firingSubjects('source_success_rate'))),
      ...breakerOpen(),
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

  /** (a) Share of a source's latest attempts in the window that did not end in ERROR. */
  async function sourceSuccessRate(firingNow: string[]): Promise<RuleResult[]> {
    const { windowMinutes, minAttempts, sourceSample, sourceSuccessMin } = settings;
    const rows = await repo.sampleRecentAttempts(db, windowMinutes, sourceSample);
    const results: RuleResult[] = rows.map((r) => {
      const rate = r.ok / r.attempts;
      const enough = r.attempts >= minAttempts;
      const firing = enough && rate < sourceSuccessMin;
      const share = `${Math.round(rate * 100)}% of its last ${r.attempts} attempts succeeded`;
      const message = !enough
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

  /** (b) This process's breakers: half open counts as open (it is still refusing all but a probe). */
  function breakerOpen(): RuleResult[] {
    return Object.entries(deps.sources.breakers()).map(([source, state]) => ({
      rule: 'breaker_open',
      subject: `${source}@${processId}`,
      severity: 'warning',
      firing: state !== 'closed',
      value: state === 'open' ? 2 : state === 'half_open' ? 1 : 0,
      message: `${source}: circuit breaker ${state.replace('_', ' ')} in ${processId}`,
    }));
  }

  /**
   * (c) Jobs due now grew at each of the last N evaluations and are above the minimum; once firing,
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

  /** (d) Jobs that failed 3 times or more, plus covers that went FAILED within the window. */
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
