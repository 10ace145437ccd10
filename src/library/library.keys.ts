/**
 * The grouping key of a name or title: NFKC, lower case, trimmed, inner whitespace folded to one
 * space. Two spellings with the same key are the same artist (or, within an artist, the same album).
 */
export function normaliseKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
}
