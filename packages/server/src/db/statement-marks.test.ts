// A statement marked for array rows gets arrays from either driver, in select-list order; the
// same text unmarked gets objects; a marked statement runs again with new values (PostgreSQL:
// the named statement prepared on the first run is reused).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { marksOf, preparedStatement } from './statement-marks.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await t.database.db.insertInto('rate_limits').values([{ bucket: 'a', window_start: 1, hits: 2 }, { bucket: 'b', window_start: 3, hits: 4 }]).execute();
});
after(() => t.destroy());

test('the marks are read back from the text, and only at its start', () => {
  assert.deepEqual(marksOf(`${preparedStatement('a-b-1', { arrayRows: true })}select 1`), { name: 'a-b-1', arrayRows: true });
  assert.deepEqual(marksOf(`${preparedStatement('plain')}select 1`), { name: 'plain', arrayRows: false });
  assert.equal(marksOf(`select 1 ${preparedStatement('late')}`), undefined);
});

test('array rows from a marked statement, objects from an unmarked one', async () => {
  const db = t.database.db;
  const marked = (bucket: string) =>
    sql<unknown[]>`${sql.raw(preparedStatement('statement-marks-test', { arrayRows: true }))}select hits, bucket, window_start from rate_limits where bucket = ${bucket}`.execute(db);
  assert.deepEqual((await marked('a')).rows.map((row) => [...row]), [[2, 'a', 1]]);
  assert.deepEqual((await marked('b')).rows.map((row) => [...row]), [[4, 'b', 3]], 'run again with another value');
  const { rows } = await sql<{ hits: number }>`select hits, bucket, window_start from rate_limits where bucket = ${'a'}`.execute(db);
  assert.equal(Array.isArray(rows[0]), false);
  assert.equal(rows[0]?.hits, 2);
});
