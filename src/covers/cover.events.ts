import type { PriorityName } from '../jobs/task-list.js';
import type { AttemptOutcome, CoverSourceName, EntityType } from './cover.table.js';

export type CoverEventKind = 'QUEUED' | 'STARTED' | 'SOURCE_TRIED' | 'PROCESSING' | 'READY' | 'FALLBACK' | 'MISSING' | 'FAILED';

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
  at: string;
}

export type PublishCoverEvent = (event: Omit<CoverEvent, 'at'>) => void;

export const SOURCE_ENUM: Record<string, CoverSourceName> = {
  embedded: 'EMBEDDED',
  folder: 'FOLDER',
  coverartarchive: 'COVER_ART_ARCHIVE',
  lastfm: 'LASTFM',
  deezer: 'DEEZER',
  placeholder: 'PLACEHOLDER',
  upload: 'UPLOAD',
};
