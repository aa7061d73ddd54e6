// The catalog commands of `licentia`, run as a subprocess the way an operator runs them, on a
// database this test then reads: ids printed, prices converted to minor units, refusals with
// their codes (exit 1), usage errors (exit 2), and every change audited as the system.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runCli, showRun } from '../../../test/support/server-process.ts';
import { systemClock } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createOrganization } from '../organizations/service.ts';


const licentia = runCli;
const show = showRun;

describe('licentia catalog …', () => {
  let testDb: TestDatabase;
  let vendorId: string;
  let productId: string;

  before(async () => {
    testDb = await createTestDatabase();
    vendorId = (
      await inTransaction(testDb.database.db, (tx) =>
        createOrganization(tx, { principal: { kind: 'anonymous' }, now: systemClock.now() }, { kind: 'vendor', name: 'Vendor', country: 'JP' }),
      )
    ).id;
  });
  after(() => testDb.destroy());

  test('each catalog command answers --help with its usage', async () => {
    const names = ['catalog product create', 'catalog plan create', 'catalog list'];
    const runs = await Promise.all(names.map((name) => licentia([...name.split(' '), '--help'], testDb.env)));
    names.forEach((name, i) => {
      assert.equal(runs[i]!.status, 0, show(runs[i]!));
      assert.match(runs[i]!.stdout, new RegExp(`Usage: licentia ${name}`));
    });
  });

  test('product create prints the new product, audited as the system', async () => {
    const run = await licentia(['catalog', 'product', 'create', '--name-en', 'Office Business', '--name-ja', 'オフィス ビジネス'], testDb.env);
    assert.equal(run.status, 0, show(run));
    const match = /^product (prd_\w+) \(Office Business \/ オフィス ビジネス\)\n$/.exec(run.stdout);
    assert.ok(match, run.stdout);
    productId = match[1]!;
    const audit = await testDb.database.db.selectFrom('audit_events').selectAll().where('target_id', '=', productId).executeTakeFirstOrThrow();
    assert.equal(audit.organization_id, vendorId);
    assert.equal(audit.action, 'product.created');
    assert.equal(audit.actor_type, 'system');
    assert.equal((await licentia(['catalog', 'product', 'create', '--name-en', 'Only English'], testDb.env)).status, 2);
  });

  test('plan create converts the price to minor units and prints the plan', async () => {
    const run = await licentia(
      ['catalog', 'plan', 'create', '--product', productId, '--sku', 'office-home-1m', '--term-months', '1', '--price', '19.99', '--currency', 'USD',
        '--segments', 'personal,commercial', '--countries', 'JP,US', '--devices-per-seat', '5', '--lifecycle', '{"graceDays":0,"renewalWindowDays":730}'],
      testDb.env,
    );
    assert.equal(run.status, 0, show(run));
    const planId = /^plan (pln_\w+) OFFICE-HOME-1M: Office Business \(1 month\), 1 month, USD 19\.99 per seat\n$/.exec(run.stdout)?.[1];
    assert.ok(planId, run.stdout);
    const row = await testDb.database.db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
    assert.equal(row.price_minor, 1999);
    assert.deepEqual(JSON.parse(row.segments), ['personal', 'commercial']);
    assert.deepEqual(JSON.parse(row.countries), ['JP', 'US']);
    assert.equal(row.devices_per_seat, 5);
    assert.equal(JSON.parse(row.lifecycle_policy).graceDays, 0);

    const yen = await licentia(['catalog', 'plan', 'create', '--product', productId, '--sku', 'OFFICE-BIZ-1Y', '--term-months', '12', '--price', '15000', '--currency', 'JPY'], testDb.env);
    assert.equal(yen.status, 0, show(yen));
    assert.match(yen.stdout, /OFFICE-BIZ-1Y: Office Business \(1 year\), 12 months, JPY 15000 per seat/);
  });

  test('refusals exit 1 with their code (in the operator\'s language); usage errors exit 2', async () => {
    const base = ['catalog', 'plan', 'create', '--product', productId, '--term-months', '12', '--price', '100', '--currency', 'JPY'];
    const [duplicate, duplicateJa, currency, trial, country, unknownProduct, term, price, lifecycle, segment] = await Promise.all([
      licentia([...base, '--sku', 'office-biz-1y'], testDb.env),
      licentia([...base, '--sku', 'OFFICE-BIZ-1Y'], { ...testDb.env, LANG: 'ja_JP.UTF-8' }),
      licentia(['catalog', 'plan', 'create', '--product', productId, '--sku', 'A1', '--term-months', '12', '--price', '1', '--currency', 'XYZ'], testDb.env),
      licentia([...base, '--sku', 'A2', '--category', 'trial'], testDb.env),
      licentia([...base, '--sku', 'A3', '--countries', 'ZZ'], testDb.env),
      licentia(['catalog', 'plan', 'create', '--product', 'prd_nope', '--sku', 'A4', '--term-months', '12', '--price', '1', '--currency', 'JPY'], testDb.env),
      licentia([...base.slice(0, 5), '--term-months', '6', '--price', '1', '--currency', 'JPY', '--sku', 'A5'], testDb.env),
      licentia(['catalog', 'plan', 'create', '--product', productId, '--sku', 'A6', '--term-months', '12', '--price', '19.999', '--currency', 'USD'], testDb.env),
      licentia([...base, '--sku', 'A7', '--lifecycle', '{"graceWeeks":2}'], testDb.env),
      licentia([...base, '--sku', 'A8', '--segments', 'military'], testDb.env),
    ]);
    for (const [run, code] of [[duplicate, 'PLAN_SKU_TAKEN'], [currency, 'CURRENCY_NOT_SUPPORTED'], [trial, 'PLAN_TRIAL_DAYS_REQUIRED'], [country, 'COUNTRY_NOT_SUPPORTED'], [unknownProduct, 'NOT_FOUND']] as const) {
      assert.equal(run.status, 1, show(run));
      assert.match(run.stderr, new RegExp(`^${code}: `), show(run));
    }
    assert.match(duplicateJa.stderr, /^PLAN_SKU_TAKEN: SKU "OFFICE-BIZ-1Y" のプランはすでに存在します。/);
    for (const [run, message] of [[term, /--term-months/], [price, /2 decimal digits/], [lifecycle, /unknown graceWeeks/], [segment, /--segments: unknown military/]] as const) {
      assert.equal(run.status, 2, show(run));
      assert.match(run.stderr, message);
    }
    const plans = await testDb.database.db.selectFrom('plans').select('sku').execute();
    assert.deepEqual(plans.map((p) => p.sku).sort(), ['OFFICE-BIZ-1Y', 'OFFICE-HOME-1M']);
  });

  test('list shows each product with its plans; --json gives the API\'s shapes', async () => {
    const run = await licentia(['catalog', 'list'], testDb.env);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stdout, new RegExp(`^${productId}  Office Business / オフィス ビジネス$`, 'm'));
    assert.match(run.stdout, /^ {2}pln_\w+ {2}OFFICE-HOME-1M {2}1m {2}USD 19\.99 {2}standard {2}active$/m);
    assert.match(run.stdout, /^ {2}pln_\w+ {2}OFFICE-BIZ-1Y {2}12m {2}JPY 15000 {2}standard {2}active$/m);

    const json = await licentia(['catalog', 'list', '--product', productId, '--json'], testDb.env);
    assert.equal(json.status, 0, show(json));
    const [product] = JSON.parse(json.stdout).products;
    assert.equal(product.id, productId);
    assert.deepEqual(product.plans.map((p: { sku: string }) => p.sku), ['OFFICE-HOME-1M', 'OFFICE-BIZ-1Y']);
    assert.deepEqual(product.plans[0].price, { amountMinor: 1999, currency: 'USD', amount: '19.99' });

    const missing = await licentia(['catalog', 'list', '--product', 'prd_nope'], testDb.env);
    assert.equal(missing.status, 1, show(missing));
    assert.match(missing.stderr, /^NOT_FOUND: /);
  });
});
