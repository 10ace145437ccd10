import type { EntityType } from './cover.table.js';

/** One job key per entity: re-requesting a queued cover updates its job instead of adding one. */
export function coverJobKey(key: { type: EntityType; id: number }): string {
  return `cover:${key.type}:${key.id}`;
}
