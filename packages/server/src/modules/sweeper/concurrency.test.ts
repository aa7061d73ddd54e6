// The sweeper run twice, as 4 concurrent workers, or as 2 `licentia sweep` processes produces
// exactly the transitions, renewals, reminders and events of one run (ARCHITECTURE practice 6).
// Identical worlds (same ids, same dates) are built in separate databases; each is swept a
// different way as of the same day, and everything the sweeps write is compared.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { CONSUMER_LIFECYCLE_POLICY, shiftMonthsKeepingAnchor } from '@licentia/core/lifecycle';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { CLI_MAIN, cliEnv, REPO_ROOT } from '../../../test/support/server-process.ts';
import type { Database } from '../../db/connect.ts';
import { insertSubscriptions, seedOrganizations, seedPlan, type SeedSubscription } from './seed.ts';
import { sweep } from './sweep.ts';

const AS_OF = Temporal.PlainDate.from('2027-06-15');
const databases: TestDatabase[] = [];

async function world(): Promise<TestDatabase> {
  const testDatabase = await createTestDatabase();
  databases.push(testDatabase);
  const database = testDatabase.database;
  await seedPlan(database, { id: 'pln_annual', termMonths: 12, priceMinor: 1_000 });
  await seedPlan(database, { id: 'pln_monthly', termMonths: 1, priceMinor: 300, policy: CONSUMER_LIFECYCLE_POLICY });
  const organizations = [
    { id: 'org_tokyo', country: 'JP', timeZone: 'Asia/Tokyo' },
    { id: 'org_newyork', country: 'US', timeZone: 'America/New_York' },
    { id: 'org_berlin', country: 'DE', timeZone: 'Europe/Berlin' },
    { id: 'org_government', country: 'JP', timeZone: 'Asia/Tokyo', segment: 'government' as const },
  ];
  await seedOrganizations(database, organizations);
  const subscriptions: SeedSubscription[] = [];
  for (const organization of organizations) {
    // End dates from 140 days before the sweep to 96 after it: every state, every reminder,
    // auto-renewals in and past grace, trials.
    for (let i = 0; i < 60; i++) {
      const monthly = i % 3 === 0;
      const end = AS_OF.add({ days: i * 4 - 140 });
      const next = end.add({ days: 1 });
      const start = shiftMonthsKeepingAnchor(next, monthly ? -1 : -12, next.day);
      subscriptions.push({
        organizationId: organization.id,
        id: `sub_${organization.id}_${String(i).padStart(2, '0')}`,
        planId: monthly ? 'pln_monthly' : 'pln_annual',
        seats: 1 + (i % 5),
        termMonths: monthly ? 1 : 12,
        startDate: start.toString(),
        endDate: end.toString(),
        anchorDay: next.day,
        autoRenew: i % 2 === 0 && i % 7 !== 0,
        isTrial: i % 7 === 0,
      });
    }
  }
  await insertSubscriptions(database, subscriptions);
  return testDatabase;
}

/** Everything a sweep writes, without the random parts (generated ids, real-time stamps). */
async function snapshot(database: Database) {
  const db = database.db;
  const rows = async (query: ReturnType<typeof sql>) => ((await query.execute(db)).rows as object[]).map((r) => JSON.stringify({ ...r })).sort();
  return {
    subscriptions: await rows(sql`select organization_id, id, state, start_date, end_date, anchor_day from subscriptions`),
    sweeps: await rows(sql`select * from subscription_sweeps`),
    reminders: await rows(sql`select * from subscription_reminders`),
    events: await rows(sql`select organization_id, type, occurred_at, payload from outbox_events`),
    audit: await rows(sql`select organization_id, occurred_at, action, actor_type, target_id, data from audit_events`),
    changes: await rows(sql`select organization_id, subscription_id, kind, seats, term_start, term_end, ordered_at, window_closes_at, source, amount_minor, currency from subscription_changes`),
  };
}

function runCli(testDatabase: TestDatabase): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'sweep', '--as-of', AS_OF.toString(), '--json'], { cwd: REPO_ROOT, env: cliEnv(testDatabase.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let once: Awaited<ReturnType<typeof snapshot>>;

before(async () => {
  const reference = await world();
  const report = await sweep(reference.database, { time: { asOf: AS_OF } });
  assert.ok(report.transitions > 50 && report.autoRenewals > 5 && report.reminders > 20 && report.deprovisioned > 5, JSON.stringify(report));
  assert.equal(report.reactivations, 0, 'auto-renewals (some restart the term: plans without grace) are no reactivations');
  once = await snapshot(reference.database);
  assert.ok(once.events.some((e) => e.includes('subscription.deletion_soon')));
  assert.ok(once.events.some((e) => e.includes('subscription.disabled')));
});
after(async () => {
  for (const database of databases) await database.destroy();
});

test('a second run changes nothing', async () => {
  const reference = databases[0]!;
  const again = await sweep(reference.database, { time: { asOf: AS_OF } });
  assert.equal(again.transitions + again.autoRenewals + again.reminders + again.deletionNotices + again.deprovisioned + again.reactivations, 0);
  assert.deepEqual(await snapshot(reference.database), once);
});

test('4 concurrent workers (each its own connection, small batches) do exactly what one run does', async () => {
  const testDatabase = await world();
  const workers = Array.from({ length: 4 }, () => testDatabase.reopen());
  const reports = await Promise.all(workers.map((database) => sweep(database, { time: { asOf: AS_OF }, batchSize: 7 })));
  assert.equal(reports.reduce((sum, r) => sum + r.examined, 0) >= 240, true);
  // On PostgreSQL the workers take disjoint batches side by side (SKIP LOCKED). On SQLite one
  // writer at a time: whoever holds the lock may well take every batch, which is also correct.
  if (testDatabase.database.dialect === 'postgres') {
    assert.ok(reports.filter((r) => r.examined > 0).length >= 2, `the work was shared: ${reports.map((r) => r.examined).join(', ')}`);
  }
  assert.deepEqual(await snapshot(testDatabase.database), once);
});

test('2 `licentia sweep` processes at once do exactly what one run does', async () => {
  const testDatabase = await world();
  const runs = await Promise.all([runCli(testDatabase), runCli(testDatabase)]);
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  const examined = runs.map((run) => JSON.parse(run.stdout).examined as number);
  assert.ok(examined.reduce((a, b) => a + b) >= 240, `every subscription was swept: ${examined.join(', ')}`);
  assert.deepEqual(await snapshot(testDatabase.database), once);
});
