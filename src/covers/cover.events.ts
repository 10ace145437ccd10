import type { Db } from '../db/database.js';
import type { PriorityName } from '../jobs/task-list.js';
import type { AttemptOutcome, CoverSourceName, EntityType } from './cover.table.js';

export type CoverEventKind = 'QUEUED' | 'STARTED' | 'SOURCE_TRIED' | 'PROCESSING' | 'READY' | 'FALLBACK' | 'MISSING' | 'FAILED' | 'CANDIDATE_FOUND';

/**
 * One step of a cover's resolution. Small on purpose (ids and states, well under NOTIFY's 8 kB):
 * subscribers re-read the cover itself through GraphQL.
 */
export interface CoverEvent {
  kind: CoverEventKind;
  entityType: EntityType;
  entityId: number;
  priority: PriorityName;
  source?: CoverSourceName;
  outcome?: AttemptOutcome;
  detail?: string;
  durationMs?: number;
  retryAt?: string;
  error?: string;
  /** CANDIDATE_FOUND: the candidate's id (Album.coverCandidates); clients read it there. */
  candidateId?: string;
  at: string;
}

export type CoverEventInput = Omit<CoverEvent, 'at'>;

/** The one way a cover event goes out, stamped when it is sent. */
export interface PublishCoverEvent {
  /** Fire and forget. */
  (event: CoverEventInput): void;
  /** Inside the caller's transaction: delivered at its commit (so a job's QUEUED precedes its worker's STARTED). */
  inTransaction(trx: Db, events: CoverEventInput[]): Promise<void>;
}

/** What the publisher needs of the event bus (typed here, so this file does not import the bus). */
export interface CoverEventSink {
  publish(topic: 'cover', event: CoverEvent): void;
  publishIn(trx: Db, topic: 'cover', events: CoverEvent[]): Promise<void>;
}

export function createCoverEventPublisher(bus: CoverEventSink): PublishCoverEvent {
  const stamp = (e: CoverEventInput): CoverEvent => ({ ...e, at: new Date().toISOString() });
  const publish = ((e: CoverEventInput) => bus.publish('cover', stamp(e))) as PublishCoverEvent;
  publish.inTransaction = (trx, events) => bus.publishIn(trx, 'cover', events.map(stamp));
  return publish;
}
