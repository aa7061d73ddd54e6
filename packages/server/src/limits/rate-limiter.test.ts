// The database rate limiter: counts per bucket and window, refuses past the limit with the
// seconds left in the window, starts again in the next window; a hit does not wait for the disk
// (on PostgreSQL its table is unlogged: migration 0010).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { createTestDatabase, testDialect, type TestDatabase } from '../../test/support/database.ts';
import { hitRateLimit, type RateLimit } from './rate-limiter.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.destroy());

const rule: RateLimit = { name: 'test:thing', limit: 3, windowSeconds: 60 };

test('counts hits in a window, refuses past the limit, starts again in the next window', async () => {
  const db = t.database.db;
  const at = (iso: string) => Temporal.Instant.from(iso);
  for (let i = 0; i < 3; i++) assert.deepEqual(await hitRateLimit(db, rule, 'a', at('2026-11-21T00:00:10Z')), { allowed: true });
  assert.deepEqual(await hitRateLimit(db, rule, 'a', at('2026-11-21T00:00:15Z')), { allowed: false, retryAfterSeconds: 45 });
  assert.deepEqual(await hitRateLimit(db, rule, 'b', at('2026-11-21T00:00:15Z')), { allowed: true }, 'another subject has its own count');
  assert.deepEqual(await hitRateLimit(db, rule, 'a', at('2026-11-21T00:01:00Z')), { allowed: true }, 'a new window');
});

test('a counter hit does not wait for the disk: an unlogged table on PostgreSQL, synchronous=NORMAL in WAL on SQLite', async () => {
  const db = t.database.db;
  if (testDialect() === 'postgres') {
    const { rows } = await sql<{ relpersistence: string }>`select relpersistence from pg_class where oid = 'rate_limits'::regclass`.execute(db);
    assert.equal(rows[0]?.relpersistence, 'u');
  } else {
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    assert.equal(rows[0]?.synchronous, 1, 'NORMAL');
  }
});
