import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimestamptz } from '../../src/db/timestamps.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// pg's own timestamptz parser (postgres-date, as pg-types loads it), which parseTimestamptz must always agree with.
const fromPgTypes = createRequire(createRequire(import.meta.url).resolve('pg-types'));
const postgresDate = fromPgTypes('postgres-date') as (s: string) => Date | number;
const noParse = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

describe('parseTimestamptz', () => {
  let t: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestDatabase();
    // A client that hands back the text Postgres wrote, unparsed.
    client = new pg.Client({ connectionString: t.url, types: noParse });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await t?.destroy();
  });

  const VALUES = [
    `now()`,
    `'2026-12-02 03:38:17.123456+00'`,
    `'2026-12-02 03:38:17+00'`,
    `'2026-12-02 03:38:17.1+00'`,
    `'2026-12-02 03:38:17.000999+00'`,
    `'2026-12-02 03:38:17.999999+00'`,
    `'1999-12-31 23:59:59.5-08'`,
    `'2024-02-29 12:00:00+05:30'`,
    `'1000-01-01 00:00:00+00'`,
    `'0099-06-01 10:00:00+00'`,
    `'0001-01-01 00:00:00+00'`,
    `'0044-03-15 12:00:00+00 BC'`,
    `'12345-01-01 00:00:00+00'`,
    `'1850-01-01 00:00:00+00'`,
    `'infinity'`,
    `'-infinity'`,
  ];

  for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam', 'Pacific/Chatham']) {
    it(`reads what Postgres writes in TimeZone ${zone} exactly as pg's parser does`, async () => {
      await client.query(`set timezone = '${zone}'`);
      const { rows } = await client.query<{ v: string }>(`select v::text as v from (values ${VALUES.map((v) => `(${v}::timestamptz)`).join(', ')}) as x(v)`);
      expect(rows).toHaveLength(VALUES.length);
      for (const { v } of rows) {
        const ours = parseTimestamptz(v);
        const theirs = postgresDate(v);
        expect(typeof ours === 'number' ? ours : ours.getTime(), v).toBe(typeof theirs === 'number' ? theirs : theirs.getTime());
      }
    });
  }

  it('is the parser the service reads timestamptz with', async () => {
    expect(pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text')).toBe(parseTimestamptz);
    const { rows } = await t.pool.query<{ v: Date }>(`select '2026-12-02 03:38:17.123456+00'::timestamptz as v`);
    expect(rows[0]!.v).toBeInstanceOf(Date);
    expect(rows[0]!.v.toISOString()).toBe('2026-12-02T03:38:17.123Z');
  });
});
