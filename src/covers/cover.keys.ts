import type { EntityType } from './cover.table.js';

/** One job key per entity: re-requesting a queued cover updates its job instead of adding one. */
/** The upgrade check's own key: queued beside a resolve job, never replacing it, one per entity. */
export function upgradeJobKey(key: { type: EntityType; id: number }): string {
  return `cover-upgrade:${key.type}:${key.id}`;
}

export function coverJobKey(key: { type: EntityType; id: number }): string {
  return `cover:${key.type}:${key.id}`;
}
