import { timingSafeEqual } from 'node:crypto';
import type { Config } from './env.js';
import type { Db } from './db/database.js';
import type { PublishCoverEvent } from './covers/cover.events.js';
import type { EventBus } from './events.js';
import type { ImageStore } from './images/image.store.js';
import type { JobQueue } from './jobs/queue.js';

/** Long-lived parts every resolver may use; built once by the server. */
export interface Services {
  db: Db;
  config: Config;
  queue: JobQueue;
  store: ImageStore;
  /** Tells subscribers how a cover is coming along (through `events`). */
  publish: PublishCoverEvent;
  /** The cross-process event bus (Postgres LISTEN/NOTIFY). */
  events: EventBus;
}

/** The GraphQL context, for HTTP and WebSocket alike: the services plus who is asking. */
export interface Context extends Services {
  /** Whether the request carried the configured API token (always true when none is configured). */
  authorized: boolean;
}

export function createContext(services: Services, authorization: string | null | undefined): Context {
  return { ...services, authorized: isAuthorized(services.config, authorization) };
}

export function isAuthorized(config: Config, authorization: string | null | undefined): boolean {
  if (!config.apiToken) return true;
  const expected = `Bearer ${config.apiToken}`;
  const given = Buffer.from(authorization ?? '');
  const wanted = Buffer.from(expected);
  // Constant-time comparison: the token guards every mutation (only its length can show).
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
