import { describe, expect, it } from 'vitest';
import { compareCandidates, rankCandidates, similarity, type Candidate } from '../../../src/covers/sources/candidate.js';

const rules = { wanted: 'front' as const, upgradeBelowPx: 500 };
const c = (detail: string, fields: Partial<Candidate> & Pick<Candidate, 'match'>): Candidate => ({ type: 'front', detail, ...fields });
const square = (px: number) => ({ width: px, height: px });
const order = (...list: Candidate[]) => rankCandidates(list, rules).map((x) => x.detail);

describe('the score order of candidates', () => {
  it('ranks match confidence first: an exact MBID beats a release group, which beats a search, whatever their sizes', () => {
    expect(order(c('search', { match: 'search', similarity: 1, ...square(1200) }), c('group', { match: 'release-group', ...square(500) }), c('mbid', { match: 'mbid', ...square(250) }))).toEqual([
      'mbid',
      'group',
      'search',
    ]);
  });

  it('ranks a closer search hit before a farther one', () => {
    expect(order(c('0.91', { match: 'search', similarity: 0.91, ...square(1000) }), c('1.0', { match: 'search', similarity: 1, ...square(500) }))).toEqual(['1.0', '0.91']);
  });

  it('ranks local over remote at the same confidence, then resolution, then squareness', () => {
    expect(order(c('remote 1200', { match: 'mbid', ...square(1200) }), c('local 600', { match: 'local', ...square(600) }))).toEqual(['local 600', 'remote 1200']);
    expect(order(c('500', { match: 'mbid', ...square(500) }), c('1200', { match: 'mbid', ...square(1200) }))).toEqual(['1200', '500']);
    expect(order(c('wide', { match: 'mbid', width: 1400, height: 1000 }), c('square', { match: 'mbid', ...square(1000) }))).toEqual(['square', 'wide']);
  });

  it('counts resolution only up to the largest size served: past it, squareness decides', () => {
    expect(order(c('huge, not square', { match: 'mbid', width: 3000, height: 2000 }), c('1200 square', { match: 'mbid', ...square(1200) }))).toEqual(['1200 square', 'huge, not square']);
  });

  it('ranks an unknown size as the smallest', () => {
    expect(order(c('unknown', { match: 'mbid' }), c('250', { match: 'mbid', ...square(250) }))).toEqual(['250', 'unknown']);
  });

  it('ranks the type wanted first: a back cover never beats a front', () => {
    expect(order(c('back', { match: 'local', type: 'back', ...square(1200) }), c('front', { match: 'search', similarity: 0.9, ...square(250) }))).toEqual(['front', 'back']);
    expect(rankCandidates([c('front', { match: 'mbid' }), c('thumb', { match: 'search', similarity: 0.95, type: 'artist' })], { ...rules, wanted: 'artist' })[0]!.detail).toBe('thumb');
  });

  it("keeps the user's own art unless it is under COVER_UPGRADE_BELOW_PX and an exact-MBID candidate is at least twice as large", () => {
    const local300 = c('local 300', { match: 'local', ...square(300) });
    expect(order(local300, c('mbid 1200', { match: 'mbid', ...square(1200) }))).toEqual(['mbid 1200', 'local 300']);
    expect(order(local300, c('mbid 600', { match: 'mbid', ...square(600) }))[0]).toBe('mbid 600');
    // Not twice as large, not an exact MBID, or the local one is not small: the local one stays.
    expect(order(local300, c('mbid 599', { match: 'mbid', ...square(599) }))[0]).toBe('local 300');
    expect(order(local300, c('group 1200', { match: 'release-group', ...square(1200) }))[0]).toBe('local 300');
    expect(order(local300, c('search 1000', { match: 'search', similarity: 1, ...square(1000) }))[0]).toBe('local 300');
    expect(order(c('local 500', { match: 'local', ...square(500) }), c('mbid 1200', { match: 'mbid', ...square(1200) }))[0]).toBe('local 500');
    expect(rankCandidates([local300, c('mbid 1200', { match: 'mbid', ...square(1200) })], { ...rules, upgradeBelowPx: 300 })[0]!.detail).toBe('local 300');
    // The largest local picture is the one compared: a second, larger local one keeps the user's art.
    expect(order(local300, c('local 700', { match: 'local', ...square(700) }), c('mbid 1200', { match: 'mbid', ...square(1200) }))[0]).toBe('local 700');
  });

  it('keeps the chain order between equal candidates', () => {
    expect(order(c('a', { match: 'local', ...square(300) }), c('b', { match: 'local', ...square(300) }))).toEqual(['a', 'b']);
    expect(compareCandidates(c('a', { match: 'mbid' }), c('b', { match: 'mbid' }), 'front')).toBe(0);
  });
});

describe('similarity', () => {
  it('is 1 for the same name up to case, accents, punctuation and "&"', () => {
    expect(similarity('Sigur Rós', 'sigur ros')).toBe(1);
    expect(similarity('Simon & Garfunkel', 'Simon and Garfunkel')).toBe(1);
    expect(similarity('OK Computer', 'OK Computer!')).toBe(1);
  });

  it('is below MIN_SIMILARITY (0.9) for another title or an edition of it', () => {
    expect(similarity('Moon Safari', 'Moon Safari (Remastered)')).toBeLessThan(0.9);
    expect(similarity('Discovery', 'Homework')).toBeLessThan(0.3);
    expect(similarity('', 'x')).toBe(0);
  });
});
