import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ImageType, MatchKind } from './sources/candidate.js';
import type { CoverSourceName } from './sources/catalog.js';

export type { CoverSourceName };

export type EntityType = 'album' | 'artist';
export type CoverStatus = 'READY' | 'PENDING' | 'FALLBACK' | 'MISSING' | 'FAILED';
export const ATTEMPT_OUTCOMES = ['FOUND', 'NOT_FOUND', 'REJECTED', 'ERROR'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface SourceAttemptRecord {
  source: CoverSourceName;
  outcome: AttemptOutcome;
  detail: string;
  durationMs: number;
  at: string;
}

/** The served candidate, as the `winner` column holds it: a candidate (candidate.ts) at the size it was stored. */
export interface CoverWinner {
  id: string;
  source: CoverSourceName;
  match: MatchKind;
  similarity?: number;
  type: ImageType;
  width: number;
  height: number;
}

export interface CoverTable {
  entity_type: EntityType;
  entity_id: number;
  status: CoverStatus;
  source: CoverSourceName | null;
  image_hash: string | null;
  /** An uploaded image overrides the chain until resetCover. */
  upload_hash: string | null;
  /** Written as JSON text, read back as the array. */
  trace: ColumnType<SourceAttemptRecord[], string | undefined, string>;
  /** The candidate a READY cover is served from (what an upgrade must beat); null for a placeholder or an upload. */
  winner: ColumnType<CoverWinner | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  next_retry_at: Date | null;
  last_error: string | null;
  resolved_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type Cover = Selectable<CoverTable>;

export interface CoverTables {
  covers: CoverTable;
}
