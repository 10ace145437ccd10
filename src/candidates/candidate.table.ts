import type { Generated, Selectable } from 'kysely';
import type { EntityType } from '../covers/cover.table.js';
import type { ImageType, MatchKind } from '../covers/sources/candidate.js';
import type { SourceName } from '../covers/sources/catalog.js';

export interface CoverCandidateTable {
  entity_type: EntityType;
  entity_id: number;
  /** `candidateId` of candidate.ts: the same every time a source offers the same picture. */
  candidate_id: string;
  source: SourceName;
  match: MatchKind;
  type: ImageType;
  similarity: number | null;
  /** As the source said before download, else the stored preview's. */
  width: number;
  height: number;
  detail: string;
  /** The preview: the picture itself, stored and served like a cover (what chooseCover pins). */
  image_hash: string;
  found_at: Generated<Date>;
}

export interface CoverCandidateGatherTable {
  entity_type: EntityType;
  entity_id: number;
  state: 'QUEUED' | 'DONE';
  gathered_at: Date | null;
}

export type CoverCandidateRow = Selectable<CoverCandidateTable>;

export interface CandidateTables {
  cover_candidates: CoverCandidateTable;
  cover_candidate_gathers: CoverCandidateGatherTable;
}
