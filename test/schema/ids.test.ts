/**
 * Global ids go through the relay plugin's encodeGlobalID/decodeGlobalID, written base64url: the
 * ids clients already hold ("QWxidW06MQ" is Album 1) must keep decoding to the same rows.
 */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../src/schema/builder.js';

/** The format ids had before the relay helpers: base64url of "Type:id", no padding. */
const earlierFormat = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64url');

describe('global ids', () => {
  it('keep the format clients already hold', () => {
    expect(encodeId('Album', 1)).toBe('QWxidW06MQ');
    for (const typename of ['Album', 'Artist', 'Track', 'Scan']) {
      for (const id of [1, 2, 3, 10, 62, 63, 255, 4096, 65_535, 1_000_000, 2_147_483_647]) {
        expect(encodeId(typename, id)).toBe(earlierFormat(typename, id));
        expect(decodeId(earlierFormat(typename, id))).toEqual({ typename, id: String(id) });
      }
    }
  });

  it('also read with base64 padding', () => {
    expect(decodeId('QWxidW06MQ==')).toEqual({ typename: 'Album', id: '1' });
  });

  it.each(['', 'x', 'QWxidW06', 'Album:1', '!!!', earlierFormat('album', 1), Buffer.from('Album:one').toString('base64url'), Buffer.from('Album:1:2').toString('base64url')])(
    'refuses %j as BAD_USER_INPUT',
    (id) => {
      let caught: unknown;
      try {
        decodeId(id);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(GraphQLError);
      expect((caught as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    },
  );
});
