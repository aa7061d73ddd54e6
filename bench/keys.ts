// Benchmark: one batch of 100,000 product keys made through the service (not HTTP): random
// keys, HMACs and ids, then one transaction with the checks, the batch row, the keys in
// multi-row INSERTs, the sealed CSV and the audit row. Beside it, measured in the same run as
// the baseline: the bare insert of 100,000 prepared rows into the same table, through the same
// store function (same SQL, same chunking), with nothing else. Their ratio is what the service
// costs beyond the database's own work.
//
//   npm run bench:keys                     SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:keys   and PostgreSQL (a temporary schema)
//   BENCH_RUNS=5 BENCH_KEYS=100000         runs per measurement (median reported), batch size
//   BENCH_QUICK=1                          10,000 keys (what `npm run bench -- --quick` runs)
//
// Each measurement starts from the same state: the keys it inserted are deleted afterwards
// (untimed), so later runs do not pay for a larger index than earlier ones.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { DEFAULT_LIFECYCLE_POLICY } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../packages/server/src/clock.ts';
import { openDatabase, type Database } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { inTransaction } from '../packages/server/src/db/transaction.ts';
import { newId } from '../packages/server/src/ids.ts';
import { productKeyHmacKey } from '../packages/server/src/modules/keys/material.ts';
import { createKeyBatch, prepareKeyMaterial } from '../packages/server/src/modules/keys/service.ts';
import { insertProductKeys, productKeyChunkSize, type NewProductKey } from '../packages/server/src/modules/keys/store.ts';
import { createOrganization } from '../packages/server/src/modules/organizations/service.ts';
import { secretsFromMaster } from '../packages/server/src/security/secrets.ts';
import { atLeast, commandFor, databaseName, publish, QUICK, table } from './support/report.ts';

const KEYS = Number(process.env.BENCH_KEYS ?? (QUICK ? 10_000 : 100_000));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SYSTEM = { kind: 'anonymous' as const };

interface Result {
  database: string;
  chunkRows: number;
  serviceSeconds: number[];
  materialSeconds: number[];
  transactionSeconds: number[];
  baselineSeconds: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (start: number) => (performance.now() - start) / 1000;

async function setUp(database: Database) {
  await migrateToLatest(database);
  const now = Temporal.Now.instant();
  await inTransaction(database.db, (tx) => createOrganization(tx, { principal: SYSTEM, now }, { kind: 'vendor', name: 'Bench Vendor', country: 'JP' }));
  const stamp = toStoredInstant(now);
  await database.db.insertInto('products').values({ id: 'prd_bench', name_en: 'Bench', name_ja: 'ベンチ', created_at: stamp, updated_at: stamp }).execute();
  await database.db
    .insertInto('plans')
    .values({
      id: 'pln_bench',
      product_id: 'prd_bench',
      sku: 'BENCH-1Y',
      name_en: 'Bench (annual)',
      name_ja: 'ベンチ (年間)',
      term_months: 12,
      price_minor: 15_000,
      currency: 'JPY',
      tax_class: 'standard',
      category: 'standard',
      segments: JSON.stringify(['commercial']),
      countries: JSON.stringify(['JP']),
      devices_per_seat: 5,
      max_seats_per_subscription: 10_000_000,
      trial_days: null,
      lifecycle_policy: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
      active: 1,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
}

async function forget(database: Database, batchId: string) {
  await database.db.deleteFrom('product_keys').where('batch_id', '=', batchId).execute();
  await database.db.deleteFrom('key_batches').where('id', '=', batchId).execute();
}

async function measure(label: string, database: Database): Promise<Result> {
  await setUp(database);
  const secrets = secretsFromMaster(randomBytes(32), 'bench');
  const keySecrets = { hmacKey: productKeyHmacKey(secrets.derive('product-key-hmac')), sealKey: secrets.derive('key-batch-seal') };
  const input = { planId: 'pln_bench', kind: 'subscription' as const, seatsPerKey: 1, redeemBy: '2099-12-31' };

  const serviceBatch = async (quantity: number) => {
    const now = Temporal.Now.instant();
    const start = performance.now();
    const material = prepareKeyMaterial(quantity, keySecrets.hmacKey, now);
    const materialSeconds = seconds(start);
    const transactionStart = performance.now();
    const { row } = await inTransaction(database.db, (tx) =>
      createKeyBatch({ tx, dialect: database.dialect, audit: { principal: SYSTEM, now } }, keySecrets, { ...input, quantity }, material),
    );
    return { batchId: row.id, total: seconds(start), materialSeconds, transactionSeconds: seconds(transactionStart) };
  };

  const baselineBatch = async () => {
    const now = Temporal.Now.instant();
    const batchId = newId('kbt', now);
    await database.db
      .insertInto('key_batches')
      .values({
        id: batchId, plan_id: 'pln_bench', kind: 'subscription', seats_per_key: 1, quantity: KEYS, redeem_by: '2099-12-31',
        redeemable_until: '2099-12-31T15:00:00.000Z', partner_organization_id: null, label: 'baseline', created_by: null,
        created_at: toStoredInstant(now), revoked_at: null, sealed_csv: null, csv_downloaded_at: null,
      })
      .execute();
    // Rows of the same shape as the service's: time-ordered ids, 43-character hashes, last five.
    const rows: NewProductKey[] = Array.from({ length: KEYS }, () => ({
      id: newId('pky', now),
      keyHash: randomBytes(32).toString('base64url'),
      last5: 'BCDFG',
    }));
    const start = performance.now();
    const rejected = await inTransaction(database.db, (tx) => insertProductKeys(tx, database.dialect, batchId, rows));
    const elapsed = seconds(start);
    if (rejected.length > 0) throw new Error('baseline rows collided');
    return { batchId, total: elapsed };
  };

  // Warm-up (JIT, statement caches, connections), not reported.
  await forget(database, (await serviceBatch(2_000)).batchId);

  const result: Result = { database: label, chunkRows: productKeyChunkSize(database.dialect), serviceSeconds: [], materialSeconds: [], transactionSeconds: [], baselineSeconds: [] };
  for (let run = 0; run < RUNS; run++) {
    // Alternate the order so that neither side always runs on a freshly emptied table.
    const order = run % 2 === 0 ? (['service', 'baseline'] as const) : (['baseline', 'service'] as const);
    for (const which of order) {
      if (which === 'service') {
        const measured = await serviceBatch(KEYS);
        result.serviceSeconds.push(measured.total);
        result.materialSeconds.push(measured.materialSeconds);
        result.transactionSeconds.push(measured.transactionSeconds);
        await forget(database, measured.batchId);
      } else {
        const measured = await baselineBatch();
        result.baselineSeconds.push(measured.total);
        await forget(database, measured.batchId);
      }
    }
    console.error(`${label}: run ${run + 1}/${RUNS} service ${result.serviceSeconds.at(-1)!.toFixed(2)} s, baseline ${result.baselineSeconds.at(-1)!.toFixed(2)} s`);
  }
  return result;
}

async function sqliteResult(): Promise<{ result: Result; version: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const database = openDatabase({ sqlitePath: join(dir, 'licentia.db') });
  try {
    const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(database.db);
    return { result: await measure('SQLite (file, WAL)', database), version: `SQLite ${rows[0]!.version}` };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresResult(url: string): Promise<{ result: Result; version: string }> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = openDatabase({ postgresUrl: url, postgresSchema: schema, sqlitePath: ':memory:' });
  try {
    const version = String((await admin.query('show server_version')).rows[0].server_version);
    return { result: await measure('PostgreSQL', database), version: `PostgreSQL ${version}` };
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

const rate = (s: number) => Math.round(KEYS / s);
const TARGET = 'key batch ÷ raw bulk insert of the same store (rows/s)';

const results = [await sqliteResult()];
if (process.env.BENCH_DATABASE_URL) results.push(await postgresResult(process.env.BENCH_DATABASE_URL));
else console.error('PostgreSQL not measured: set BENCH_DATABASE_URL to include it.');

const rows = results.map(({ result }) => {
  const service = median(result.serviceSeconds);
  const baseline = median(result.baselineSeconds);
  return { result, service, baseline, ratio: baseline / service };
});
const body = `One batch of ${KEYS.toLocaleString('en')} keys made through the service (\`prepareKeyMaterial\` + \`createKeyBatch\` in
\`packages/server/src/modules/keys/\`, not HTTP): random keys, their HMAC-SHA256 and row ids
before the transaction; then, in one transaction, the checks, the batch row with its sealed CSV,
${KEYS.toLocaleString('en')} rows in multi-row \`INSERT\`s and the audit row. The **baseline**, measured in the same run,
is the bare insert of ${KEYS.toLocaleString('en')} prepared rows of the same shape (time-ordered ids, 43-character hashes,
last five) into the same table through the same store function (\`insertProductKeys\`: the same
SQL, the same chunking), in one transaction, with nothing else. The ratio is the service's rate ÷
the baseline's: what the service costs beyond the database's own work. Each measurement starts
from the same table size (the rows it inserted are deleted afterwards, untimed); service and
baseline runs alternate; ${RUNS === 1 ? 'one run is reported' : `the median of ${RUNS} runs is reported`}, after an unreported warm-up of 2,000 keys.
(\`BENCH_KEYS\` and \`BENCH_RUNS\` change the batch size and the runs.)

${table(
  ['database', 'rows per INSERT', 'service: keys/s', 'service time', 'of which keys + HMACs + ids', 'of which the transaction', 'baseline bulk insert: rows/s', 'baseline time', 'service ÷ baseline'],
  rows.map(({ result, service, baseline, ratio }) => [
    result.database, result.chunkRows, rate(service), `${service.toFixed(2)} s`, `${median(result.materialSeconds).toFixed(2)} s`,
    `${median(result.transactionSeconds).toFixed(2)} s`, rate(baseline), `${baseline.toFixed(2)} s`, ratio,
  ]),
)}

Versions: ${results.map((r) => r.version).join(', ')}.`;

publish({
  title: `Product keys: batch of ${KEYS.toLocaleString('en')}`,
  command: commandFor('keys'),
  body,
  targets: rows.map(({ result, ratio }) => atLeast(TARGET, databaseName(result.database), ratio, 0.5)),
});
