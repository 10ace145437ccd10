import { createPubSub, type PubSub } from 'graphql-yoga';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './db/database.js';
import type { CoverEvent } from './covers/cover.events.js';
import type { ScanProgress } from './library/library.progress.js';
import type { Log } from './logger.js';

/** What scanProgress streams: the counters of one scan so far. */
export type ScanProgressEvent = ScanProgress & { scanId: number };

export interface AlertEvent {
  rule: string;
  subject: string;
  severity: 'warning' | 'critical';
  firing: boolean;
  message: string;
  value: number | null;
  at: string;
}

/** Every topic of the bus and its payload. Payloads stay small: ids and states. */
export type Topics = {
  cover: [CoverEvent];
  scan: [ScanProgressEvent];
  alert: [AlertEvent];
};

export interface EventBus {
  pubsub: PubSub<Topics>;
  /** Fire and forget: never waits on the database or on subscribers. */
  publish<K extends keyof Topics>(topic: K, payload: Topics[K][0]): void;
  /**
   * Publishes inside the caller's transaction: delivered at its commit, before anything another
   * process does after seeing that commit (so a job's QUEUED precedes its worker's STARTED).
   */
  publishIn<K extends keyof Topics>(trx: Db, topic: K, payloads: Topics[K][0][]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Notifications dropped because the outgoing queue was full (a database outage). */
  readonly dropped: number;
}

const CHANNEL = 'soniquebay_covers';
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7900;
const MAX_QUEUE = 10_000;

/**
 * One event bus for every process: yoga's pubsub over an EventTarget whose dispatch is a Postgres
 * NOTIFY and whose listeners are fed by LISTEN. A worker on one machine reaches a subscriber on any
 * API process. Publishing is queued and sent in order by one loop, so a job never waits on it.
 */
export function createEventBus(opts: { connectionString: string; log: Log; listen?: boolean }): EventBus {
  const { log } = opts;
  const target = new EventTarget();
  const outgoing: string[] = [];
  let dropped = 0;
  let stopped = false;
  let sending: Promise<void> | null = null;
  let listener: pg.Client | null = null;
  let reconnectDelay = 100;
  let reconnectTimer: NodeJS.Timeout | null = null;
  const sender = new pg.Pool({ connectionString: opts.connectionString, max: 1, application_name: 'soniquebay-covers-notify' });
  sender.on('error', () => {});

  // A subscriber that cannot keep up overflows its own buffer; that must not reach the others or
  // surface as an uncaught exception, so each listener is guarded.
  const guarded = new WeakMap<object, EventListener>();
  const eventTarget = {
    addEventListener(type: string, cb: EventListenerOrEventListenerObject | null) {
      if (!cb) return;
      const fn = typeof cb === 'function' ? cb : (e: Event) => cb.handleEvent(e);
      const wrapped: EventListener = (e) => {
        try {
          fn(e);
        } catch (err) {
          dropped++;
          log.debug({ err }, 'event bus: a subscriber could not keep up');
        }
      };
      guarded.set(cb, wrapped);
      target.addEventListener(type, wrapped);
    },
    removeEventListener(type: string, cb: EventListenerOrEventListenerObject | null) {
      const wrapped = cb ? guarded.get(cb) : undefined;
      if (wrapped) target.removeEventListener(type, wrapped);
    },
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail;
      enqueue(JSON.stringify({ t: event.type, d: detail }));
      return true;
    },
  } as EventTarget;

  const pubsub = createPubSub<Topics>({ eventTarget: eventTarget as never });

  function enqueue(payload: string) {
    if (stopped) return;
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      log.warn({ bytes: Buffer.byteLength(payload) }, 'event too large for NOTIFY, dropped');
      dropped++;
      return;
    }
    if (outgoing.length >= MAX_QUEUE) {
      outgoing.shift();
      dropped++;
    }
    outgoing.push(payload);
    kick();
  }

  function kick() {
    if (sending || stopped) return;
    sending = drain().finally(() => {
      sending = null;
      if (outgoing.length > 0) kick();
    });
  }

  async function drain(): Promise<void> {
    while (outgoing.length > 0) {
      const payload = outgoing[0]!;
      try {
        await sender.query('select pg_notify($1, $2)', [CHANNEL, payload]);
        outgoing.shift();
      } catch (err) {
        if (stopped) return;
        log.warn({ err }, 'event bus: NOTIFY failed, retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  function deliver(payload: string | undefined) {
    if (!payload) return;
    try {
      const { t, d } = JSON.parse(payload) as { t: string; d: unknown };
      target.dispatchEvent(new CustomEvent(t, { detail: d }));
    } catch (err) {
      log.warn({ err }, 'event bus: unreadable notification');
    }
  }

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: opts.connectionString, application_name: 'soniquebay-covers-listen' });
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL) deliver(msg.payload);
    });
    const lost = (why: string, err?: Error) => {
      if (listener !== client || stopped) return;
      listener = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      log.warn({ why, err }, 'event bus: LISTEN connection lost, reconnecting');
      scheduleReconnect();
    };
    client.on('error', (err) => lost('connection error', err));
    client.on('end', () => lost('connection ended'));
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
    reconnectDelay = 100;
  }

  function scheduleReconnect() {
    if (stopped || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect().catch((err: unknown) => {
        log.warn({ err, retryInMs: reconnectDelay }, 'event bus: reconnect failed');
        reconnectDelay = Math.min(reconnectDelay * 2, 5000);
        scheduleReconnect();
      });
    }, reconnectDelay);
    reconnectTimer.unref();
  }

  return {
    pubsub,
    publish(topic, payload) {
      pubsub.publish(topic, payload as never);
    },
    async publishIn(trx, topic, payloads) {
      if (payloads.length === 0) return;
      const texts = payloads.map((d) => JSON.stringify({ t: topic, d })).filter((t) => Buffer.byteLength(t) <= MAX_PAYLOAD);
      await sql`select pg_notify(${CHANNEL}, p) from (select p from unnest(${texts}::text[]) with ordinality as t(p, n) order by n) s`.execute(trx);
    },
    get dropped() {
      return dropped;
    },
    async start() {
      if (opts.listen !== false) await connect();
    },
    async stop() {
      // Let what is queued go out, briefly; then close.
      const deadline = Date.now() + 2000;
      while ((outgoing.length > 0 || sending) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
      await sender.end().catch(() => {});
    },
  };
}
