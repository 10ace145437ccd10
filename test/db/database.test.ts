import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('test database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.destroy());

  it('is migrated: our tables and graphile-worker are there', async () => {
    const tables = await t.db
      .selectFrom('information_schema.tables' as never)
      .select('table_name' as never)
      .where('table_schema' as never, '=', 'public' as never)
      .execute();
    const names = (tables as { table_name: string }[]).map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(['artists', 'albums', 'tracks', 'covers', 'images', 'image_variants']));
    const { rows } = await t.pool.query(`select count(*)::int as n from graphile_worker.migrations`);
    expect(rows[0].n).toBeGreaterThan(10);
  });
});
