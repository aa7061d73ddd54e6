// A query compiled once runs with each call's values, in the dialect of the database it is
// given (the same process may hold a SQLite and a PostgreSQL database), inside transactions too;
// a placeholder that is not bound exactly once is refused when first compiled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { openDatabase } from './connect.ts';
import { reusableQuery } from './reusable-query.ts';
import { inTransaction } from './transaction.ts';

let t: TestDatabase;
/** The codes a query found (node:sqlite's rows have no prototype, so compare plain values). */
const codes = (result: { rows: Array<{ code: string }> }) => result.rows.map((row) => row.code);

before(async () => {
  t = await createTestDatabase();
  const rows = ['JP', 'US', 'DE', 'FR'].map((bucket, i) => ({ bucket, window_start: 100 + i, hits: 1 }));
  await t.database.db.insertInto('rate_limits').values(rows).execute();
});
after(() => t.destroy());

/** The bucket, if its window starts at or after `from`; never the bucket named ZZ. */
const bucketFrom = reusableQuery(
  (db, bucket: string, from: number) =>
    db.selectFrom('rate_limits').select(['bucket as code']).where('bucket', '=', bucket).where('window_start', '>=', from).where('bucket', '<>', 'ZZ'),
  ['\u0000bucket', -1],
);

test('each call runs with its own values, the statement keeps its constants', async () => {
  const db = t.database.db;
  assert.deepEqual(codes(await db.executeQuery(bucketFrom(db, 'JP', 100))), ['JP']);
  assert.deepEqual(codes(await db.executeQuery(bucketFrom(db, 'US', 100))), ['US']);
  assert.deepEqual(codes(await db.executeQuery(bucketFrom(db, 'JP', 101))), [], 'the second value is bound too');
  assert.equal(bucketFrom(db, 'JP', 100).parameters.length, 3, 'the constant stays a parameter');
  assert.equal(bucketFrom(db, 'JP', 100).parameters.at(-1), 'ZZ');
});

test('inside a transaction, and on another database of another dialect', async () => {
  const db = t.database.db;
  const rows = await inTransaction(db, (tx) => tx.executeQuery(bucketFrom(tx, 'DE', 100)));
  assert.deepEqual(codes(rows), ['DE']);
  // A second, in-memory SQLite database: compiled for its own adapter (on a PostgreSQL pass
  // this compares the two placeholder styles).
  const other = openDatabase({ sqlitePath: ':memory:' });
  try {
    await sql`create table rate_limits (bucket text primary key, window_start integer, hits integer)`.execute(other.db);
    await sql`insert into rate_limits values ('FR', 200, 1)`.execute(other.db);
    assert.match(bucketFrom(other.db, 'FR', 100).sql, /= \?/);
    assert.deepEqual(codes(await other.db.executeQuery(bucketFrom(other.db, 'FR', 100))), ['FR']);
    assert.deepEqual(codes(await db.executeQuery(bucketFrom(db, 'FR', 100))), ['FR'], 'the first database still runs its own compilation');
  } finally {
    await other.close();
  }
});

test('a placeholder bound twice, or not at all, is refused', () => {
  const twice = reusableQuery((db, code: string) => db.selectFrom('rate_limits').select('bucket').where('bucket', '=', code).where('bucket', '<>', code), ['\u0000x']);
  assert.throws(() => twice(t.database.db, 'JP'), /bound exactly once/);
  const never = reusableQuery((db, _code: string) => db.selectFrom('rate_limits').select('bucket'), ['\u0000x']);
  assert.throws(() => never(t.database.db, 'JP'), /bound exactly once/);
});
