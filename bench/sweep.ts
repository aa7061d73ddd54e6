// Benchmark: one sweep over N subscriptions (1,000,000 by default) that all need a transition
// (active, ended the day before: each becomes `expired`, with its outbox event, its audit row and
// its next due date), through the sweeper itself (`sweep` in packages/server/src/modules/sweeper).
// Beside it, in the same run, the baseline: one bulk SQL UPDATE of the same rows
// (`UPDATE subscriptions SET state = 'expired' WHERE state = 'active' AND end_date < …`), which
// records the states and nothing else. Their ratio is what the sweeper costs beyond the
// database's own work. The baseline runs first; the rows are then put back to `active`
// (untimed, and on PostgreSQL vacuumed) so the sweep starts from the same table.
//
//   npm run bench:sweep                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:sweep   and PostgreSQL (a temporary schema)
//   BENCH_SUBSCRIPTIONS=100000   fewer rows for a quick run
//   BENCH_QUICK=1                20,000 subscriptions (`npm run bench -- --quick`)
//   BENCH_WORKERS=4              concurrent sweeps (each its own connection pool)
//   BENCH_ONLY=postgres          skip the SQLite measurement
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { localDate } from '@licentia/core/lifecycle';
import { openDatabase, type Database } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { insertSubscriptions, seedOrganizations, seedPlan, type SeedSubscription } from '../packages/server/src/modules/sweeper/seed.ts';
import { sweep, type SweepReport } from '../packages/server/src/modules/sweeper/sweep.ts';
import { atLeast, commandFor, databaseName, publish, QUICK, table } from './support/report.ts';

const COUNT = Number(process.env.BENCH_SUBSCRIPTIONS ?? (QUICK ? 20_000 : 1_000_000));
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ORGANIZATIONS = 1_000;
const ZONES = [
  { country: 'JP', timeZone: 'Asia/Tokyo' },
  { country: 'US', timeZone: 'America/New_York' },
  { country: 'DE', timeZone: 'Europe/Berlin' },
];

interface Result {
  database: string;
  version: string;
  insertSeconds: number;
  baselineSeconds: number;
  baselineRows: number;
  sweepSeconds: number;
  report: SweepReport;
  idleSweepMs: number;
  idleVacuumedMs: number;
  events: number;
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en');

/**
 * `now` is noon UTC. The subscriptions ended 2 to 29 days before (a backlog of 28 daily cohorts
 * in three zones), so each is past E everywhere and still in grace: each becomes `expired`.
 */
async function seed(database: Database, now: Temporal.Instant): Promise<number> {
  await migrateToLatest(database);
  await seedPlan(database, { id: 'pln_bench', termMonths: 12, priceMinor: 15_000 });
  const organizations = Array.from({ length: ORGANIZATIONS }, (_, i) => ({ id: `org_bench_${String(i).padStart(4, '0')}`, ...ZONES[i % ZONES.length]! }));
  await seedOrganizations(database, organizations);
  const today = localDate(now, 'UTC');
  const started = performance.now();
  const chunk = 50_000;
  for (let from = 0; from < COUNT; from += chunk) {
    const rows: SeedSubscription[] = [];
    for (let i = from; i < Math.min(COUNT, from + chunk); i++) {
      const end = today.subtract({ days: 2 + (i % 28) });
      const start = end.add({ days: 1 }).subtract({ years: 1 });
      rows.push({
        organizationId: organizations[i % ORGANIZATIONS]!.id,
        id: `sub_bench_${String(i).padStart(8, '0')}`,
        planId: 'pln_bench',
        seats: 1 + (i % 10),
        termMonths: 12,
        startDate: start.toString(),
        endDate: end.toString(),
        autoRenew: false,
      });
    }
    await insertSubscriptions(database, rows);
  }
  return seconds(started);
}

async function measure(label: string, version: string, database: Database, reopen: () => Database): Promise<Result> {
  const now = Temporal.Instant.from(`${Temporal.Now.plainDateISO('UTC')}T12:00:00Z`);
  const insertSeconds = await seed(database, now);
  const analyze = async () => {
    if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
    else await sql`analyze`.execute(database.db);
  };
  await analyze();
  console.error(`${label}: inserted ${COUNT.toLocaleString('en')} subscriptions in ${insertSeconds.toFixed(1)} s`);

  const cutoff = localDate(now, 'UTC').toString();
  let started = performance.now();
  const updated = await sql`update subscriptions set state = 'expired', updated_at = ${now.toString()} where state = 'active' and end_date < ${cutoff}`.execute(database.db);
  const baselineSeconds = seconds(started);
  const baselineRows = Number(updated.numAffectedRows ?? 0n);
  console.error(`${label}: bulk UPDATE of ${baselineRows.toLocaleString('en')} rows in ${baselineSeconds.toFixed(2)} s`);
  await sql`update subscriptions set state = 'active'`.execute(database.db);
  await analyze();

  const workers = Array.from({ length: WORKERS }, (_, i) => (i === 0 ? database : reopen()));
  started = performance.now();
  const reports = await Promise.all(workers.map((w) => sweep(w, { time: { now } })));
  const sweepSeconds = seconds(started);
  const report = reports.reduce((total, r) => {
    for (const key of Object.keys(total) as (keyof SweepReport)[]) total[key] += r[key];
    return total;
  });
  console.error(`${label}: sweep (${WORKERS} worker${WORKERS > 1 ? 's' : ''}) of ${report.examined.toLocaleString('en')} rows in ${sweepSeconds.toFixed(1)} s`);

  // The next sweep finds nothing due: what a run costs when the table is large and nothing is
  // due. Right after the sweep, PostgreSQL's index still holds the million rows' old entries
  // (dead until vacuumed); measured again once vacuumed, as autovacuum leaves it.
  const idleSweep = async () => {
    const begun = performance.now();
    const idle = await sweep(database, { time: { now: now.add({ minutes: 15 }) } });
    if (idle.examined !== 0) throw new Error(`the idle sweep examined ${idle.examined} rows`);
    return seconds(begun) * 1000;
  };
  const idleSweepMs = await idleSweep();
  await analyze();
  const idleVacuumedMs = await idleSweep();
  const events = Number((await sql<{ n: number }>`select count(*) as n from outbox_events where type = 'subscription.expired'`.execute(database.db)).rows[0]!.n);
  if (report.transitions !== COUNT || events !== COUNT) throw new Error(`expected ${COUNT} transitions and events, got ${report.transitions} and ${events}`);
  return { database: label, version, insertSeconds, baselineSeconds, baselineRows, sweepSeconds, report, idleSweepMs, idleVacuumedMs, events };
}

async function sqliteResult(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const path = join(dir, 'licentia.db');
  const database = openDatabase({ sqlitePath: path });
  const opened: Database[] = [database];
  try {
    const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(database.db);
    return await measure('SQLite (file, WAL)', `SQLite ${rows[0]!.version}`, database, () => {
      const another = openDatabase({ sqlitePath: path });
      opened.push(another);
      return another;
    });
  } finally {
    for (const db of opened) await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresResult(url: string): Promise<Result> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const open = () => openDatabase({ postgresUrl: url, postgresSchema: schema, sqlitePath: ':memory:' });
  const database = open();
  const opened: Database[] = [database];
  try {
    const version = String((await admin.query('show server_version')).rows[0].server_version);
    return await measure('PostgreSQL', `PostgreSQL ${version}`, database, () => {
      const another = open();
      opened.push(another);
      return another;
    });
  } finally {
    for (const db of opened) await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

const results: Result[] = [];
if (process.env.BENCH_ONLY !== 'postgres') results.push(await sqliteResult());
if (process.env.BENCH_DATABASE_URL) results.push(await postgresResult(process.env.BENCH_DATABASE_URL));
else console.error('PostgreSQL not measured: set BENCH_DATABASE_URL to include it.');

const TARGET = 'sweep ÷ raw bulk UPDATE (rows/s)';
const ratioOf = (r: Result) => r.report.examined / r.sweepSeconds / (r.baselineRows / r.baselineSeconds);
const body = `One sweep through the sweeper itself (\`sweep\` in \`packages/server/src/modules/sweeper/\`, not
HTTP) over ${COUNT.toLocaleString('en')} subscriptions that all need a transition: ${ORGANIZATIONS.toLocaleString('en')} organizations in Tokyo, New
York and Berlin, each subscription ended 2 to 29 days before (28 daily cohorts), so each becomes
\`expired\` with its outbox event, its audit row and its next due date, in batches, one
transaction each; ${WORKERS} worker${WORKERS > 1 ? 's' : ''}. The **baseline**, measured in the same run on the same rows, is one bulk
\`UPDATE subscriptions SET state = 'expired' WHERE state = 'active' AND end_date < <today>\`, which
records the states and nothing else; it runs first, then the rows are put back to \`active\`
(untimed, then \`VACUUM ANALYZE\` on PostgreSQL, \`ANALYZE\` on SQLite) so the sweep starts from the
same table. The run fails unless the sweep made exactly ${COUNT.toLocaleString('en')} transitions and events. Then the next
sweep (15 minutes later, nothing due) is timed: right after the big sweep, and again once
vacuumed. (\`BENCH_SUBSCRIPTIONS\` changes the count, \`BENCH_WORKERS\` runs that many sweeps at
once, each on its own connection pool, \`BENCH_ONLY=postgres\` skips SQLite.)

${table(
  ['database', 'workers', 'sweep: subscriptions/s', 'sweep time', 'bulk UPDATE: rows/s', 'bulk UPDATE time', 'ratio: sweep ÷ bulk UPDATE rate', 'next sweep, nothing due (vacuumed)', 'insert (setup)'],
  results.map((r) => [
    r.database, WORKERS, Math.round(r.report.examined / r.sweepSeconds), `${r.sweepSeconds.toFixed(1)} s`, Math.round(r.baselineRows / r.baselineSeconds),
    `${r.baselineSeconds.toFixed(2)} s`, ratioOf(r), `${r.idleSweepMs.toFixed(1)} ms (${r.idleVacuumedMs.toFixed(1)} ms)`, `${r.insertSeconds.toFixed(0)} s`,
  ]),
)}

Versions: ${results.map((r) => r.version).join(', ')}.`;
publish({
  title: `Sweep of ${COUNT.toLocaleString('en')} subscriptions`,
  command: commandFor('sweep'),
  body,
  targets: results.map((r) => atLeast(TARGET, databaseName(r.database), ratioOf(r), 0.25)),
});
