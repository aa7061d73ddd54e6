// Benchmark: does an operation cost more when the tables are larger? One database grows from
// 10,000 to 100,000 to 1,000,000 rows each of redeemed keys (with licenses), subscriptions and
// activated devices (bench/support/seed.ts), settled (a checkpoint and `sync`, so no background
// writing of the seed competes with the load); at each size, the same fixed load measures each
// operation alone over HTTP against a real `licentia serve`: validation by device token,
// check-in, activation of a new device (spare keys with free slots), and the support desk's key
// lookup; and in-process, a sweep with nothing due. Devices and keys are drawn at random among
// all rows of the size, so the whole table is in play. The cost per operation is 1 / (best
// requests/s of three rounds), or the median sweep time; "flat" means the 1,000,000-row cost is
// at most 1.25 × the 10,000-row cost: indexes, no scans.
//
//   npm run bench:growth                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:growth   and PostgreSQL (a temporary schema)
//   BENCH_QUICK=1                                          1,000 / 5,000 rows, one short round
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../packages/server/src/clock.ts';
import { openDatabase, type Database } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { sweep } from '../packages/server/src/modules/sweeper/sweep.ts';
import { secretsFromMaster } from '../packages/server/src/security/secrets.ts';
import { atMost, formatNumber, publish, QUICK, table, type TargetResult } from './support/report.ts';
import { analyze, createWorld, deviceCredentials, productKey, seedRows, seedSpareKeys, settle, type BenchWorld } from './support/seed.ts';
import { mixedLoad, startServer, type RequestKind } from './support/server.ts';

const SIZES = QUICK ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
const CONNECTIONS = 10;
const ROUNDS = QUICK ? 1 : 3;
const ROUND_SECONDS = QUICK ? 0.5 : 3;
const SWEEPS = QUICK ? 5 : 15;
const WARM_UP_FIRST_SECONDS = QUICK ? 0.5 : 5;
// A quick run warms up at the first size only: the JIT has compiled the paths by then.
const WARM_UP_LATER_SECONDS = QUICK ? 0 : 1;
const FLAT = 1.25;

type Operation = 'validation' | 'check-in' | 'activation' | 'key lookup' | 'sweep, nothing due';
const OPERATIONS: Operation[] = ['validation', 'check-in', 'activation', 'key lookup', 'sweep, nothing due'];

interface Figure {
  /** µs per operation: 10^6 ÷ requests/s at the fixed load, or the median sweep's duration. */
  cost: number;
  perSecond?: number;
  p50?: number;
}

interface Run {
  label: string;
  seedSeconds: number[];
  /** Seconds the checkpoint and `sync` after each size's seeding took (bench/support/seed.ts settle). */
  settleSeconds: number[];
  figures: Map<number, Map<Operation, Figure>>;
}

const nonce = () => randomBytes(16).toString('base64url');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function requestKinds(world: BenchWorld, size: number, spareKeys: string[]): Map<Operation, RequestKind> {
  const device = () => deviceCredentials(world, Math.floor(Math.random() * size));
  let activations = 0;
  return new Map<Operation, RequestKind>([
    ['validation', { name: 'validation', path: '/v1/licenses/validate', weight: 1, expected: 200, body: () => JSON.stringify({ ...device(), nonce: nonce() }) }],
    ['check-in', { name: 'check-in', path: '/v1/devices/check-in', weight: 1, expected: 200, body: () => JSON.stringify({ ...device(), nonce: nonce() }) }],
    ['activation', {
      name: 'activation', path: '/v1/activations', weight: 1, expected: 201,
      body: () => JSON.stringify({ key: spareKeys[activations++ % spareKeys.length], fingerprint: randomBytes(16).toString('hex'), name: 'New PC' }),
    }],
    ['key lookup', {
      name: 'key lookup', path: '/v1/product-keys/lookup', weight: 1, expected: 200, headers: { authorization: `Bearer ${world.staffToken}` },
      body: () => JSON.stringify({ key: productKey(world, Math.floor(Math.random() * size)) }),
    }],
  ]);
}

async function measure(label: string, database: Database, serverEnv: Record<string, string>, cleanup: () => Promise<void>): Promise<Run> {
  const run: Run = { label, seedSeconds: [], settleSeconds: [], figures: new Map() };
  try {
    const secret = randomBytes(32);
    await migrateToLatest(database);
    const world = await createWorld(database, secretsFromMaster(secret, 'bench'), systemClock.now(), randomBytes(16).toString('hex'));
    const spareKeys = await seedSpareKeys(world, 10);
    // Workers off: the fixed load is all the server does, so sizes compare like with like.
    const server = await startServer({ ...serverEnv, LICENTIA_SECRET: secret.toString('base64'), LICENTIA_WORKERS: 'false' });
    try {
      for (const size of SIZES) {
        const started = performance.now();
        await seedRows(world, size);
        await analyze(database);
        run.seedSeconds.push((performance.now() - started) / 1000);
        const settling = performance.now();
        await settle(database);
        run.settleSeconds.push((performance.now() - settling) / 1000);
        console.error(`${label}: ${size.toLocaleString('en')} rows (seeded in ${run.seedSeconds.at(-1)!.toFixed(0)} s, settled in ${run.settleSeconds.at(-1)!.toFixed(0)} s)`);
        const figures = new Map<Operation, Figure>();
        for (const [operation, kind] of requestKinds(world, size, spareKeys)) {
          // A fresh server is slower until the JIT has compiled its paths: a longer warm-up at the
          // first size, or the baseline would be inflated and every ratio flattered.
          const warmUpSeconds = size === SIZES[0] ? WARM_UP_FIRST_SECONDS : WARM_UP_LATER_SECONDS;
          if (warmUpSeconds > 0) await mixedLoad(server.url, [kind], { connections: CONNECTIONS, seconds: warmUpSeconds });
          let best: { perSecond: number; p50: number } | undefined;
          for (let round = 0; round < ROUNDS; round++) {
            const result = await mixedLoad(server.url, [kind], { connections: CONNECTIONS, seconds: ROUND_SECONDS });
            const answered = result.kinds[0]!;
            if (result.errors || answered.unexpected) throw new Error(`${label} ${operation} at ${size}: ${result.errors} errors, statuses ${JSON.stringify(answered.statuses)}\n${server.stderr()}`);
            if (!best || answered.perSecond > best.perSecond) best = { perSecond: answered.perSecond, p50: answered.p50 };
          }
          figures.set(operation, { cost: 1e6 / best!.perSecond, perSecond: best!.perSecond, p50: best!.p50 });
        }
        const durations: number[] = [];
        for (let i = 0; i < SWEEPS; i++) {
          const begun = performance.now();
          const report = await sweep(database, { time: { now: systemClock.now() } });
          durations.push((performance.now() - begun) * 1000);
          if (report.examined !== 0) throw new Error(`${label}: a sweep with nothing due examined ${report.examined} subscriptions`);
        }
        figures.set('sweep, nothing due', { cost: median(durations) });
        run.figures.set(size, figures);
        // Progress, for a long run: the report itself comes at the end.
        console.error(`${label} at ${size.toLocaleString('en')} rows: ${[...figures].map(([operation, f]) => `${operation} ${formatNumber(f.cost)} µs`).join(', ')}`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
  }
  return run;
}

const runs: Run[] = [];
{
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-growth-'));
  const database = openDatabase({ sqlitePath: join(dir, 'licentia.db') });
  runs.push(await measure('SQLite', database, { LICENTIA_DATA_DIR: dir }, async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }));
}
const postgresUrl = process.env.BENCH_DATABASE_URL;
if (postgresUrl) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-growth-'));
  const withSchema = new URL(postgresUrl);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ postgresUrl, postgresSchema: schema, sqlitePath: ':memory:' });
  runs.push(await measure('PostgreSQL', database, { DATABASE_URL: withSchema.toString(), LICENTIA_DATA_DIR: dir }, async () => {
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }));
}

const [smallest, largest] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1_000 ? `${n / 1_000}k` : String(n));
const ratioLabel = `${sizeLabel(largest)} ÷ ${sizeLabel(smallest)}`;
const targets: TargetResult[] = [];
const sections: string[] = [
  `One database grown to ${SIZES.map((n) => n.toLocaleString('en')).join(', then ')} rows each of redeemed product keys (with licenses), subscriptions and activated devices ` +
    `(${formatNumber(largest / 10)} organizations at the end; bench/support/seed.ts, then ANALYZE, \`VACUUM ANALYZE\` on PostgreSQL), ` +
    `settled before measuring (a checkpoint and \`sync\`: what the seeding wrote is on disk, so no background writing competes with the load). At each size, each operation alone over HTTP against one \`licentia serve\` ` +
    `(workers off, validation and activation limits raised out of the way): autocannon, ${CONNECTIONS} connections, a warm-up (${WARM_UP_FIRST_SECONDS} s at the first size, ${WARM_UP_LATER_SECONDS} s later) and the best of ${ROUNDS} rounds of ${ROUND_SECONDS} s; ` +
    `devices and keys drawn at random among all rows of the size. Cost = 10^6 ÷ requests/s (µs of the server's time per request, HTTP included). ` +
    `The sweep with nothing due runs in-process (median of ${SWEEPS}). Target: cost at ${sizeLabel(largest)} ÷ cost at ${sizeLabel(smallest)} ≤ ${FLAT}. ` +
    `${availableParallelism()} cores (${cpus()[0]?.model}), shared with the load generator; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
];
for (const run of runs) {
  const rows: Array<Array<string | number>> = [];
  for (const operation of OPERATIONS) {
    const at = (size: number) => run.figures.get(size)!.get(operation)!;
    const ratio = at(largest).cost / at(smallest).cost;
    rows.push([
      operation,
      ...SIZES.map((size) => {
        const f = at(size);
        return f.perSecond === undefined ? `${formatNumber(f.cost / 1000)} ms` : `${formatNumber(f.cost)} µs (${formatNumber(f.perSecond)}/s, p50 ${formatNumber(f.p50!)} ms)`;
      }),
      ratio.toFixed(3),
    ]);
    targets.push(atMost(`${operation}: cost at ${sizeLabel(largest)} rows ÷ at ${sizeLabel(smallest)}`, run.label, ratio, FLAT));
  }
  sections.push(
    `### ${run.label}`,
    `Seeding: ${run.seedSeconds.map((s, i) => `to ${sizeLabel(SIZES[i]!)} in ${s.toFixed(0)} s (settled in ${run.settleSeconds[i]!.toFixed(0)} s)`).join(', ')}.`,
    table(['operation', ...SIZES.map((n) => `${sizeLabel(n)} rows`), ratioLabel], rows),
  );
}
if (!postgresUrl) sections.push('PostgreSQL not measured: set BENCH_DATABASE_URL to include it.');
publish({
  title: 'Cost growth from 10k to 1M rows',
  command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:growth`,
  body: sections.join('\n\n'),
  targets,
});
