import type { Migration } from 'kysely';
import * as m0001 from './2026_11_21_0001_library.js';
import * as m0002 from './2026_11_21_0002_covers.js';
import * as m0003 from './2026_11_21_0003_library_indexes.js';
import * as m0004 from './2026_11_21_0004_monitoring.js';
import * as m0005 from './2026_12_01_0005_alert_webhooks.js';
import * as m0006 from './2026_12_01_0006_scan_ignored.js';
import * as m0007 from './2026_12_01_0007_external_ids.js';
import * as m0008 from './2026_12_02_0008_artist_images.js';
import * as m0009 from './2026_12_02_0009_search_trigrams.js';

/** Every migration, by its frozen name; the Migrator runs them in name order. */
export const migrations: Record<string, Migration> = {
  '2026_11_21_0001_library': m0001,
  '2026_11_21_0002_covers': m0002,
  '2026_11_21_0003_library_indexes': m0003,
  '2026_11_21_0004_monitoring': m0004,
  '2026_12_01_0005_alert_webhooks': m0005,
  '2026_12_01_0006_scan_ignored': m0006,
  '2026_12_01_0007_external_ids': m0007,
  '2026_12_02_0008_artist_images': m0008,
  '2026_12_02_0009_search_trigrams': m0009,
};
