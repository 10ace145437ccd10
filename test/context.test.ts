/** The API token check (src/context.ts): the whole header must match, compared in constant time. */
import { describe, expect, it } from 'vitest';
import { isAuthorized } from '../src/context.js';
import { loadConfig } from '../src/env.js';

describe('isAuthorized', () => {
  const config = loadConfig({ API_TOKEN: 's3cret-token' });

  it('accepts exactly "Bearer <API_TOKEN>"', () => {
    expect(isAuthorized(config, 'Bearer s3cret-token')).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['same length, one character off', 'Bearer s3cret-tokeN'],
    ['a prefix of the token', 'Bearer s3cret'],
    ['the token and more', 'Bearer s3cret-token2'],
    ['no scheme', 's3cret-token'],
    // As many UTF-16 units as the expected header but more bytes: must be refused, not throw.
    ['multi-byte characters of the same length', 'Bearer s3cret-tokén'],
  ])('refuses a header that is %s', (_what, header) => {
    expect(isAuthorized(config, header)).toBe(false);
  });

  it('lets everything through when no token is configured', () => {
    expect(isAuthorized(loadConfig({}), undefined)).toBe(true);
  });
});
