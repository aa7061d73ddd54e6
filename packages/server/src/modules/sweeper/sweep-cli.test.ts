// `licentia sweep`: what it prints, and how it refuses a date that is not one. (Concurrent runs
// of it are in concurrency.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { CLI_MAIN, cliEnv, REPO_ROOT } from '../../../test/support/server-process.ts';
import { insertSubscriptions, seedOrganizations, seedPlan } from './seed.ts';

let testDatabase: TestDatabase;
before(async () => {
  testDatabase = await createTestDatabase();
  await seedPlan(testDatabase.database, { id: 'pln_cli', termMonths: 12, priceMinor: 1_000 });
  await seedOrganizations(testDatabase.database, [{ id: 'org_cli', country: 'JP', timeZone: 'Asia/Tokyo' }]);
  await insertSubscriptions(testDatabase.database, [
    { organizationId: 'org_cli', id: 'sub_cli', planId: 'pln_cli', seats: 1, termMonths: 12, startDate: '2026-01-10', endDate: '2027-01-09', autoRenew: false },
  ]);
});
after(() => testDatabase.destroy());

function sweep(...args: string[]) {
  return spawnSync(process.execPath, [CLI_MAIN, 'sweep', ...args], { cwd: REPO_ROOT, env: cliEnv(testDatabase.env), encoding: 'utf8' });
}

test('--as-of sweeps as of that day and says what it did', () => {
  const run = sweep('--as-of', '2027-01-10');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /swept as of 2027-01-10 \(each organization at its local midnight\) in [\d.]+ s: 1 subscriptions examined, 1 transitions/);
  const again = sweep('--as-of', '2027-01-10', '--json');
  assert.equal(again.status, 0, again.stderr);
  const report = JSON.parse(again.stdout);
  assert.equal(report.asOf, '2027-01-10');
  assert.equal(report.transitions, 0, 'a second sweep changes nothing');
});

test('a date that is not a day of the calendar is a usage error (exit 2)', () => {
  for (const bad of ['2027-02-30', '10/01/2027', 'tomorrow']) {
    const run = sweep('--as-of', bad);
    assert.equal(run.status, 2, `${bad}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /--as-of/);
  }
  assert.equal(sweep('--help').status, 0);
});
