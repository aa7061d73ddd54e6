// Liveness and readiness: what a load balancer asks before it sends traffic to a process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { openDatabase, type Database } from '../../db/connect.ts';
import { buildApp } from '../../http/app.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('/healthz answers while the process runs', async () => {
  const response = await t.inject({ method: 'GET', url: '/healthz' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ok' });
});

test('/readyz answers 200 with the database it reached', async () => {
  const response = await t.inject({ method: 'GET', url: '/readyz' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ready', database: t.ctx.database.dialect });
});

/** The same kind of database, somewhere it cannot be reached: nothing listens there, or no file can be opened. */
function unreachableDatabase(): Database {
  if (t.ctx.database.dialect === 'postgres') return openDatabase({ postgresUrl: 'postgres://postgres@127.0.0.1:1/test', sqlitePath: ':memory:' });
  // A directory where the database file should be: SQLite cannot open it (SQLITE_CANTOPEN).
  return openDatabase({ sqlitePath: tmpdir() });
}

test('/readyz answers 503 TEMPORARILY_UNAVAILABLE with Retry-After, in both languages, when the database cannot be reached', async () => {
  const unreachable = unreachableDatabase();
  const app = await buildApp({ ...t.ctx, database: unreachable }, { logLevel: 'silent' });
  try {
    for (const [language, pattern] of [['en', /^[\x20-\x7e]+$/], ['ja', /[\u3040-\u30ff\u4e00-\u9faf]/]] as const) {
      const response = await app.inject({ method: 'GET', url: '/readyz', headers: { 'accept-language': language } });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(Number(response.headers['retry-after']) >= 1, 'Retry-After names seconds');
      const problem = response.json();
      assert.equal(problem.code, 'TEMPORARILY_UNAVAILABLE');
      assert.match(problem.title, pattern);
    }
  } finally {
    await app.close();
    await unreachable.close();
  }
  // Only that process's view was cut off: this one still reaches its database.
  assert.equal((await t.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
});
