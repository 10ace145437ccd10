import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/text.js';

describe('cleanText', () => {
  it.each([
    ['image/jpeg\u0000\u0000', 'image/jpeg'],
    ['\u0000Front\u0000', 'Front'],
    ['a\uD800b', 'ab'], // lone high surrogate
    ['a\uDC00b', 'ab'], // lone low surrogate
    ['x\uDE00\uD83D', 'x'], // a pair in the wrong order is two lone halves
    ['\uD83D\uDE00 Björk – 坂本龍一', '\uD83D\uDE00 Björk – 坂本龍一'], // well-formed text is kept as is
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('leaves a string Postgres jsonb accepts', () => {
    const cleaned = cleanText('cover\u0000\uD800.jpg');
    expect(cleaned).toBe('cover.jpg');
    expect(JSON.stringify(cleaned)).not.toMatch(/\\u(0000|d[89a-f])/i);
  });
});
