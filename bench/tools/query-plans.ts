// A tool beside the cost-growth benchmark: every distinct SQL statement that a validation, a
// check-in, an activation, a key lookup and a sweep with nothing due run, each with its plan on
// a seeded database (EXPLAIN QUERY PLAN on SQLite; EXPLAIN with the actual parameters on
// PostgreSQL). A line marked `!!` reads a table without an index (SQLite `SCAN`, PostgreSQL
// `Seq Scan`): harmless on a table of a few rows (plans, key batches), a cost that grows with
// the data anywhere else. Statements are captured where they are prepared (SQLite caches its
// prepared statements, so each appears under the first operation that runs it).
//
//   node bench/tools/query-plans.ts                      SQLite, 20,000 rows
//   LICENTIA_TEST_DB=postgres TEST_DATABASE_URL=postgres://… node bench/tools/query-plans.ts
//   BENCH_ROWS=…  FULL=1 (whole plans)
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { CompiledQuery } from 'kysely';
import pg from 'pg';

const seen: string[] = [];
const parameters = new Map<string, unknown[]>();
const prepare = DatabaseSync.prototype.prepare;
DatabaseSync.prototype.prepare = function (this: DatabaseSync, text: string) {
  seen.push(text);
  return prepare.call(this, text);
} as typeof prepare;
type Query = (config: unknown, ...rest: unknown[]) => unknown;
const query = pg.Client.prototype.query as unknown as Query;
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
  const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
  if (text) {
    seen.push(text);
    parameters.set(text, (typeof config === 'string' ? rest[0] : (config as { values?: unknown[] }).values) as unknown[]);
  }
  return query.call(this, config, ...rest);
};

// Imported after the patches, so every statement goes through them.
const { createTestApp } = await import('../../packages/server/test/support/app.ts');
const { analyze, createWorld, deviceCredentials, productKey, seedRows, seedSpareKeys } = await import('../support/seed.ts');
const { sweep } = await import('../../packages/server/src/modules/sweeper/sweep.ts');

const t = await createTestApp({ validationLimitPerMinute: 1_000_000 });
try {
  const world = await createWorld(t.ctx.database, t.ctx.secrets, t.clock.now(), randomBytes(8).toString('hex'));
  await seedRows(world, Number(process.env.BENCH_ROWS ?? 20_000));
  const spare = await seedSpareKeys(world, 1);
  await analyze(t.ctx.database);
  const nonce = () => randomBytes(16).toString('base64url');
  const operations: Record<string, () => Promise<unknown>> = {
    validation: () => t.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { ...deviceCredentials(world, 5), nonce: nonce() } }).then((r) => r.statusCode),
    'check-in': () => t.inject({ method: 'POST', url: '/v1/devices/check-in', payload: { ...deviceCredentials(world, 7), nonce: nonce() } }).then((r) => r.statusCode),
    activation: () => t.inject({ method: 'POST', url: '/v1/activations', payload: { key: spare[0], fingerprint: randomBytes(16).toString('hex') } }).then((r) => r.statusCode),
    'key lookup': () =>
      t.inject({ method: 'POST', url: '/v1/product-keys/lookup', headers: { authorization: `Bearer ${world.staffToken}` }, payload: { key: productKey(world, 9) } }).then((r) => r.statusCode),
    'sweep, nothing due': () => sweep(t.ctx.database, { time: { now: t.clock.now() } }).then((r) => `examined ${r.examined}`),
  };
  const postgres = t.ctx.database.dialect === 'postgres';
  for (const [name, run] of Object.entries(operations)) {
    seen.length = 0;
    const outcome = await run();
    console.log(`\n=== ${name} (${outcome})`);
    for (const text of new Set(seen)) {
      if (!/^\s*(select|update|insert|delete|with)\b/i.test(text)) continue;
      let plan: string;
      if (postgres) {
        const { rows } = await t.ctx.database.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${text}`, parameters.get(text) ?? []));
        plan = rows.map((row) => row['QUERY PLAN'].trim()).join(' | ');
      } else {
        const count = text.match(/\?/g)?.length ?? 0;
        const { rows } = await t.ctx.database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, Array(count).fill(null)));
        plan = rows.map((row) => row.detail).join(' | ');
      }
      const scan = /\bSCAN (?!CONSTANT)|Seq Scan/.test(plan);
      console.log(`${scan ? '!!' : '  '} ${text.length > 200 ? `${text.slice(0, 200)}…` : text}\n     ${process.env.FULL ? plan : plan.slice(0, 300)}`);
    }
  }
} finally {
  await t.close();
}
