import { describe, expect, it } from 'vitest';
import { replaces, upgradeReason } from '../../src/covers/cover.upgrade.js';
import type { CoverWinner } from '../../src/covers/cover.table.js';

const rules = { wanted: 'front' as const, upgradeBelowPx: 500 };
const w = (over: Partial<CoverWinner>): CoverWinner => ({ id: 'x', source: 'EMBEDDED', match: 'local', type: 'front', width: 300, height: 300, ...over });
const local300 = w({});
const config = { coverSelection: 'best' as const, coverUpgradeBelowPx: 500 };

describe('upgrade rules', () => {
  it('a small local cover gives way to an exact-MBID picture at least twice as large, never to a search hit or a smaller one', () => {
    expect(replaces(w({ source: 'COVER_ART_ARCHIVE', match: 'mbid', width: 1200, height: 1200 }), local300, rules)).toBe(true);
    expect(replaces(w({ source: 'COVER_ART_ARCHIVE', match: 'mbid', width: 500, height: 500 }), local300, rules)).toBe(false);
    expect(replaces(w({ source: 'DEEZER', match: 'search', similarity: 1, width: 1000, height: 1000 }), local300, rules)).toBe(false);
    expect(replaces(w({ source: 'COVER_ART_ARCHIVE', match: 'release-group', width: 1200, height: 1200 }), local300, rules)).toBe(false);
    // At or above COVER_UPGRADE_BELOW_PX the user's art stays.
    expect(replaces(w({ source: 'COVER_ART_ARCHIVE', match: 'mbid', width: 1200, height: 1200 }), w({ width: 500, height: 500 }), rules)).toBe(false);
  });

  it('a search match gives way to an exact match, or to a more alike one; not to an equal one; a placeholder to anything', () => {
    const fuzzy = w({ source: 'DEEZER', match: 'search', similarity: 0.92, width: 1000, height: 1000 });
    expect(replaces(w({ source: 'COVER_ART_ARCHIVE', match: 'mbid', width: 500, height: 500 }), fuzzy, rules)).toBe(true);
    expect(replaces(w({ source: 'LASTFM', match: 'search', similarity: 1, width: 600, height: 600 }), fuzzy, rules)).toBe(true);
    expect(replaces({ ...fuzzy, id: 'y' }, fuzzy, rules)).toBe(false);
    expect(replaces(fuzzy, null, rules)).toBe(true);
  });

  it('what earns a later look: a local picture under the threshold, a search match, a placeholder after transient failures; only with best', () => {
    expect(upgradeReason(config, { status: 'READY', winner: local300 })).toMatch(/local picture of 300x300/);
    expect(upgradeReason(config, { status: 'READY', winner: w({ width: 800, height: 800 }) })).toBeNull();
    expect(upgradeReason(config, { status: 'READY', winner: w({ source: 'DEEZER', match: 'search', similarity: 0.95 }) })).toMatch(/search match/);
    expect(upgradeReason(config, { status: 'READY', winner: w({ source: 'COVER_ART_ARCHIVE', match: 'mbid', width: 250, height: 250 }) })).toBeNull();
    expect(upgradeReason(config, { status: 'FAILED', winner: null })).toMatch(/transient/);
    expect(upgradeReason(config, { status: 'MISSING', winner: null })).toBeNull();
    expect(upgradeReason({ ...config, coverSelection: 'first' }, { status: 'READY', winner: local300 })).toBeNull();
  });
});
