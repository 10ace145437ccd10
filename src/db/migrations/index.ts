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
import * as m0010 from './2026_12_02_0010_image_phash.js';
import * as m0011 from './2026_12_02_0011_album_images.js';
import * as m0013 from './2026_12_02_0013_cover_winner.js';
import * as m0014 from './2026_12_02_0014_cover_candidates.js';

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
  '2026_12_02_0010_image_phash': m0010,
  '2026_12_02_0011_album_images': m0011,
  '2026_12_02_0013_cover_winner': m0013,
  '2026_12_02_0014_cover_candidates': m0014,
};
