// `licentia keys batch create` and `licentia keys lookup`, run as subprocesses the way an
// operator runs them, against this test's database and server secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, keyLast5, parseKey } from '@licentia/core/keys';
import { TEST_START } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { runCli, showRun, type CliRun } from '../../../test/support/server-process.ts';
import { ManualClock } from '../../clock.ts';
import { secretsFromMaster } from '../../security/secrets.ts';
import { hashProductKey } from './material.ts';

const master = randomBytes(32);
const secrets = secretsFromMaster(master, 'test');

let testDb: TestDatabase;
let outDir: string;
let planId: string;
let planSku: string;

function licentia(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { ...testDb.env, LICENTIA_SECRET: master.toString('base64'), ...env });
}

const show = showRun;

before(async () => {
  testDb = await createTestDatabase();
  outDir = mkdtempSync(join(tmpdir(), 'licentia-keys-cli-'));
  const fixture = { ctx: { database: testDb.database, secrets }, clock: new ManualClock(TEST_START) };
  await createOrg(fixture, { kind: 'vendor', name: 'Vendor' });
  const plan = await createTestPlan(fixture);
  planId = plan.planId;
  planSku = plan.plan.sku;
});
after(async () => {
  await testDb.destroy();
  rmSync(outDir, { recursive: true, force: true });
});

function batchArgs(extra: string[] = []) {
  return ['keys', 'batch', 'create', '--plan', planId, '--kind', 'subscription', '--quantity', '25', '--seats', '2', '--redeem-by', '2030-12-31', ...extra];
}

describe('keys batch create', () => {
  test('--help prints the usage of both commands', async () => {
    const [create, lookup] = await Promise.all([licentia(['keys', 'batch', 'create', '--help']), licentia(['keys', 'lookup', '--help'])]);
    assert.equal(create.status, 0, show(create));
    assert.match(create.stdout, /Usage: licentia keys batch create --plan <id> --kind/);
    assert.equal(lookup.status, 0, show(lookup));
    assert.match(lookup.stdout, /Usage: licentia keys lookup <key>/);
  });

  test('--out writes the CSV to a new file only its owner can read; that was the one download', async () => {
    const out = join(outDir, 'batch.csv');
    const run = await licentia(batchArgs(['--out', out, '--label', 'CLI batch']));
    assert.equal(run.status, 0, show(run));
    const batchId = /^batch (kbt_\w+): 25 subscription keys/m.exec(run.stdout)?.[1];
    assert.ok(batchId, run.stdout);
    assert.match(run.stdout, new RegExp(`CSV written to ${out}`));
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const lines = readFileSync(out, 'utf8').split('\r\n').slice(0, -1);
    assert.equal(lines[0], 'key,last5,plan_sku,kind,seats,redeem_by');
    assert.equal(lines.length, 26);
    const keys = lines.slice(1).map((line) => line.split(',')[0]!);
    for (const [i, key] of keys.entries()) {
      assert.ok(parseKey(key).ok);
      assert.equal(lines[i + 1], `${key},${keyLast5(key)},${planSku},subscription,2,2030-12-31`);
    }

    const db = testDb.database.db;
    const batch = await db.selectFrom('key_batches').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();
    assert.equal(batch.label, 'CLI batch');
    assert.equal(batch.sealed_csv, null, 'the CLI spent the one download');
    assert.ok(batch.csv_downloaded_at);
    const hashes = (await db.selectFrom('product_keys').select('key_hash').where('batch_id', '=', batchId).execute()).map((r) => r.key_hash);
    const hmacKey = secrets.derive('product-key-hmac');
    assert.deepEqual(hashes.sort(), keys.map((key) => hashProductKey(hmacKey, key)).sort(), 'hashed with the server secret');
    const actions = await db.selectFrom('audit_events').select(['action', 'actor_type']).where('target_id', '=', batchId).orderBy('id').execute();
    assert.deepEqual(actions.map((a) => ({ ...a })), [{ action: 'key_batch.created', actor_type: 'system' }, { action: 'key_batch.csv_downloaded', actor_type: 'system' }]);

    // Never over an existing file: refused before anything is made.
    const before = (await db.selectFrom('key_batches').select('id').execute()).length;
    const again = await licentia(batchArgs(['--out', out]));
    assert.equal(again.status, 2, show(again));
    assert.match(again.stderr, /exists/);
    assert.equal((await db.selectFrom('key_batches').select('id').execute()).length, before);
  });

  test('without --out the CSV goes to stdout and the summary to stderr', async () => {
    const run = await licentia(batchArgs(['--quantity', '3']));
    assert.equal(run.status, 0, show(run));
    const lines = run.stdout.split('\r\n');
    assert.equal(lines[0], 'key,last5,plan_sku,kind,seats,redeem_by');
    assert.equal(lines.length, 5);
    assert.match(run.stderr, /^batch kbt_\w+: 3 subscription keys/);
  });

  test('usage errors exit 2; refusals exit 1 with their code; nothing is made', async () => {
    const db = testDb.database.db;
    const before = (await db.selectFrom('key_batches').select('id').execute()).length;
    const runs = await Promise.all([
      licentia(batchArgs(['--quantity', '0'])),
      licentia(batchArgs(['--quantity', '100001'])),
      licentia(batchArgs(['--kind', 'gift'])),
      licentia(['keys', 'batch', 'create', '--plan', planId]),
      licentia(batchArgs(['--redeem-by', '2020-01-01'])),
      licentia(batchArgs(['--plan', 'pln_nope'])),
      licentia(batchArgs(['--redeem-by', '2020-01-01']), { LANG: 'ja_JP.UTF-8' }),
    ]);
    const [zero, tooMany, kind, missing, past, plan, pastJa] = runs;
    for (const run of [zero!, tooMany!, kind!, missing!]) assert.equal(run.status, 2, show(run));
    assert.match(tooMany!.stderr, /--quantity must be a whole number from 1 to 100,000/);
    assert.match(missing!.stderr, /--kind is required/);
    assert.equal(past!.status, 1, show(past!));
    assert.match(past!.stderr, /^KEY_BATCH_REDEEM_BY_PAST: The redeem-by date 2020-01-01 is in the past/);
    assert.match(pastJa!.stderr, /^KEY_BATCH_REDEEM_BY_PAST: 使用期限 2020-01-01 は過去の日付です/);
    assert.equal(plan!.status, 1, show(plan!));
    assert.match(plan!.stderr, /^KEY_BATCH_PLAN_UNAVAILABLE: /);
    for (const run of runs) assert.equal(run.stdout, '', 'no CSV');
    assert.equal((await db.selectFrom('key_batches').select('id').execute()).length, before);
  });

  test('refuses to run without the server secret, rather than hash keys with a new one', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'licentia-keys-nosecret-'));
    try {
      const run = await licentia(batchArgs(), { LICENTIA_SECRET: '', LICENTIA_DATA_DIR: emptyDir });
      assert.equal(run.status, 2, show(run));
      assert.match(run.stderr, /no server secret/);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});

describe('keys lookup', () => {
  let key: string;
  before(async () => {
    const run = await licentia(batchArgs(['--quantity', '1']));
    key = run.stdout.split('\r\n')[1]!.split(',')[0]!;
  });

  test('prints the key as JSON, however it is typed', async () => {
    const run = await licentia(['keys', 'lookup', ...key.toLowerCase().split('-')]);
    assert.equal(run.status, 0, show(run));
    const found = JSON.parse(run.stdout);
    assert.equal(found.last5, keyLast5(key));
    assert.equal(found.state, 'unused');
    assert.equal(found.batch.planId, planId);
    assert.equal(found.batch.seatsPerKey, 2);
    assert.ok(!run.stdout.includes(key), 'the key itself is not printed');
  });

  test('bad input is explained as by keys check; an unknown key is NOT_FOUND', async () => {
    const withO = `${key.slice(0, 7)}O${key.slice(8)}`;
    const [bad, check, missing, none] = await Promise.all([
      licentia(['keys', 'lookup', withO]),
      licentia(['keys', 'check', withO]),
      // A valid key that this server never issued.
      licentia(['keys', 'lookup', generateKey()]),
      licentia(['keys', 'lookup']),
    ]);
    assert.equal(bad.status, 1, show(bad));
    assert.equal(bad.stderr, check.stderr);
    assert.match(bad.stderr, /^BAD_CHARACTERS: .*position\(s\) 7 \(O\)/);
    assert.equal(missing.status, 1, show(missing));
    assert.match(missing.stderr, /^NOT_FOUND: no such product key was issued here/);
    assert.equal(none.status, 2, show(none));
  });
});
