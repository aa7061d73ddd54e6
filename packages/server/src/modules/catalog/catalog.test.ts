// The catalog through the public API: products and plans made, read, changed and deactivated
// by vendor staff; every refusal with its code; what can no longer change once a plan is sold;
// who may see and change it; the audit trail; and getPlan as other modules call it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY } from '@licentia/core/lifecycle';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { getPlan } from './plans.ts';

let t: TestApp;
let vendorId: string;
let admin: Actor;
let agent: Actor;
let customerAdmin: Actor;

before(async () => {
  t = await createTestApp();
  vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id;
  admin = await createActor(t, vendorId, ['vendor_admin']);
  agent = await createActor(t, vendorId, ['support_agent']);
  const customer = await createOrg(t, { name: 'Customer KK' });
  customerAdmin = await createActor(t, customer.id, ['global_admin']);
});
after(() => t.close());

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, code, response.body);
  return body;
}

const get = (actor: Actor | undefined, url: string) => t.inject({ method: 'GET', url, headers: actor?.headers ?? {} });
const send = (actor: Actor, method: 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.inject({ method, url, headers: { ...actor.writeHeaders, ...headers }, ...(payload ? { payload } : {}) });

let skuCounter = 0;
const uniqueSku = (stem = 'PLAN') => `${stem}-${++skuCounter}`;

async function newProduct(name = { en: 'Office Business', ja: 'オフィス ビジネス' }): Promise<{ id: string }> {
  const response = await send(admin, 'POST', '/v1/catalog/products', { name });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

function postPlan(productId: string, body: Record<string, unknown>, actor: Actor = admin, headers: Record<string, string> = {}) {
  return send(actor, 'POST', `/v1/catalog/products/${productId}/plans`, { sku: uniqueSku(), termMonths: 12, price: { amountMinor: 15000, currency: 'JPY' }, ...body }, headers);
}

async function newPlan(productId: string, body: Record<string, unknown> = {}) {
  const response = await postPlan(productId, body);
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function auditRows(action: string, targetId: string) {
  return t.ctx.database.db.selectFrom('audit_events').selectAll()
    .where('organization_id', '=', vendorId).where('action', '=', action).where('target_id', '=', targetId).execute();
}

async function planCount(): Promise<number> {
  const row = await t.ctx.database.db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('products', () => {
  test('create, get, list and rename; each change audited in the vendor organization', async () => {
    const created = await send(admin, 'POST', '/v1/catalog/products', { name: { en: ' Office Business ', ja: 'オフィス ビジネス' } });
    assert.equal(created.statusCode, 201, created.body);
    const product = created.json();
    assert.match(product.id, /^prd_/);
    assert.deepEqual(product.name, { en: 'Office Business', ja: 'オフィス ビジネス' });

    const fetched = await get(admin, `/v1/catalog/products/${product.id}`);
    assert.equal(fetched.statusCode, 200);
    assert.deepEqual(fetched.json(), product);
    const list = await get(agent, '/v1/catalog/products?limit=200');
    assert.ok(list.json().data.some((p: { id: string }) => p.id === product.id));

    const renamed = await send(admin, 'PATCH', `/v1/catalog/products/${product.id}`, { name: { ja: 'オフィス ビジネス プラス' } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(renamed.json().name, { en: 'Office Business', ja: 'オフィス ビジネス プラス' });

    const [createdAudit] = await auditRows('product.created', product.id);
    assert.equal(createdAudit?.actor_id, admin.userId);
    const [updatedAudit] = await auditRows('product.updated', product.id);
    assert.deepEqual(JSON.parse(updatedAudit!.data).after.name, { en: 'Office Business', ja: 'オフィス ビジネス プラス' });
  });

  test('a blank name is refused; an unknown product is 404 NOT_FOUND', async () => {
    assertProblem(await send(admin, 'POST', '/v1/catalog/products', { name: { en: '   ', ja: 'x' } }), 400, 'VALIDATION_FAILED');
    assertProblem(await send(admin, 'POST', '/v1/catalog/products', { name: { en: 'Only English' } }), 400, 'VALIDATION_FAILED');
    assertProblem(await get(admin, '/v1/catalog/products/prd_nope'), 404, 'NOT_FOUND');
    assertProblem(await send(admin, 'PATCH', '/v1/catalog/products/prd_nope', { name: { en: 'X' } }), 404, 'NOT_FOUND');
    assertProblem(await postPlan('prd_nope', {}), 404, 'NOT_FOUND');
  });
});

describe('plans', () => {
  let product: { id: string };
  before(async () => {
    product = await newProduct();
  });

  test('created with only SKU, term and price: the defaults fill the rest, and the lifecycle is the full default policy', async () => {
    // Typed on a Japanese IME: full-width, lower case.
    const response = await postPlan(product.id, { sku: 'ｏｆｆｉｃｅ－ｂｉｚ－１ｙ' });
    assert.equal(response.statusCode, 201, response.body);
    const plan = response.json();
    assert.match(plan.id, /^pln_/);
    assert.equal(plan.productId, product.id);
    assert.equal(plan.sku, 'OFFICE-BIZ-1Y');
    assert.deepEqual(plan.name, { en: 'Office Business (1 year)', ja: 'オフィス ビジネス (1年)' });
    assert.equal(plan.termMonths, 12);
    assert.deepEqual(plan.price, { amountMinor: 15000, currency: 'JPY', amount: '15000' }, 'JPY has no minor unit');
    assert.equal(plan.taxClass, 'standard');
    assert.equal(plan.category, 'standard');
    assert.deepEqual(plan.segments, ['commercial', 'government', 'education', 'personal']);
    assert.deepEqual(plan.countries, ['JP'], "the vendor organization's country");
    assert.equal(plan.devicesPerSeat, 1);
    assert.equal(plan.maxSeatsPerSubscription, 10_000_000);
    assert.equal(plan.trialDays, null);
    assert.deepEqual(plan.lifecycle, DEFAULT_LIFECYCLE_POLICY);
    assert.equal(plan.active, true);

    const [audit] = await auditRows('plan.created', plan.id);
    assert.ok(audit, 'audited');
    assert.equal(audit.actor_id, admin.userId);
    assert.equal(JSON.parse(audit.data).sku, 'OFFICE-BIZ-1Y');
  });

  test('every field given: stored and returned as given; lifecycle parameters merge over the defaults', async () => {
    const plan = await newPlan(product.id, {
      sku: 'office-home-1m',
      name: { en: 'Office Home (monthly)', ja: 'オフィス ホーム (月額)' },
      termMonths: 1,
      price: { amountMinor: 1999, currency: 'usd' },
      taxClass: 'reduced',
      category: 'third_party',
      segments: ['personal'],
      countries: ['us', 'ＪＰ', 'US'],
      devicesPerSeat: 5,
      maxSeatsPerSubscription: 1,
      lifecycle: { graceDays: 0, renewalWindowDays: 730 },
    });
    assert.equal(plan.sku, 'OFFICE-HOME-1M');
    assert.deepEqual(plan.price, { amountMinor: 1999, currency: 'USD', amount: '19.99' }, '1999 minor units of USD are $19.99');
    assert.equal(plan.taxClass, 'reduced');
    assert.equal(plan.category, 'third_party');
    assert.deepEqual(plan.segments, ['personal']);
    assert.deepEqual(plan.countries, ['US', 'JP'], 'normalized and deduplicated');
    assert.equal(plan.devicesPerSeat, 5);
    assert.equal(plan.maxSeatsPerSubscription, 1);
    assert.deepEqual(plan.lifecycle, CONSUMER_LIFECYCLE_POLICY);
    assert.deepEqual((await get(agent, `/v1/catalog/plans/${plan.id}`)).json(), plan);

    const threeDigits = await newPlan(product.id, { price: { amountMinor: 1500, currency: 'KWD' } });
    assert.equal(threeDigits.price.amount, '1.500');
  });

  test('a trial plan carries its trial length', async () => {
    const plan = await newPlan(product.id, { termMonths: 1, category: 'trial', trialDays: 30, price: { amountMinor: 0, currency: 'JPY' } });
    assert.equal(plan.trialDays, 30);
    assert.deepEqual(plan.name, { en: 'Office Business (30-day trial)', ja: 'オフィス ビジネス (30日間試用版)' });
  });

  test('a duplicate SKU (in any case) is 409 PLAN_SKU_TAKEN, in the caller\'s language', async () => {
    await newPlan(product.id, { sku: 'DUP-1Y' });
    const before = await planCount();
    const body = assertProblem(await postPlan(product.id, { sku: 'dup-1y' }), 409, 'PLAN_SKU_TAKEN');
    assert.equal(body.sku, 'DUP-1Y');
    assert.match(body.title, /DUP-1Y/);
    const ja = assertProblem(await postPlan(product.id, { sku: 'DUP-1Y' }, admin, { 'accept-language': 'ja' }), 409, 'PLAN_SKU_TAKEN');
    assert.match(ja.title, /すでに存在します/);
    assert.equal(await planCount(), before);
  });

  test('the same new SKU created concurrently: one plan, every other request 409 PLAN_SKU_TAKEN', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => postPlan(product.id, { sku: 'RACE-1Y' })));
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409], responses.map((r) => r.body).join('\n'));
    for (const r of responses.filter((r) => r.statusCode === 409)) assert.equal(r.json().code, 'PLAN_SKU_TAKEN');
  });

  test('each invalid plan is refused with its code, and nothing is created', async () => {
    const cases: Array<[string, Record<string, unknown>, number, string, RegExp?]> = [
      ['unknown currency', { price: { amountMinor: 100, currency: 'XYZ' } }, 422, 'CURRENCY_NOT_SUPPORTED'],
      ['fractional minor units', { price: { amountMinor: 19.99, currency: 'USD' } }, 400, 'VALIDATION_FAILED', /price\/amountMinor/],
      ['negative price', { price: { amountMinor: -1, currency: 'JPY' } }, 400, 'VALIDATION_FAILED'],
      ['unsupported country', { countries: ['JP', 'ZZ'] }, 422, 'COUNTRY_NOT_SUPPORTED'],
      ['no countries', { countries: [] }, 400, 'VALIDATION_FAILED', /countries/],
      ['empty segments', { segments: [] }, 400, 'VALIDATION_FAILED', /segments/],
      ['unknown segment', { segments: ['military'] }, 400, 'VALIDATION_FAILED', /segments/],
      ['a six-month term', { termMonths: 6 }, 400, 'VALIDATION_FAILED', /termMonths/],
      ['trial without trialDays', { category: 'trial' }, 422, 'PLAN_TRIAL_DAYS_REQUIRED'],
      ['trialDays on a standard plan', { trialDays: 30 }, 422, 'PLAN_TRIAL_DAYS_NOT_ALLOWED'],
      ['a trial of 366 days', { category: 'trial', trialDays: 366 }, 400, 'VALIDATION_FAILED', /trialDays/],
      ['negative grace', { lifecycle: { graceDays: -1 } }, 422, 'PLAN_LIFECYCLE_INVALID', /graceDays/],
      ['zero-hour cancellation window', { lifecycle: { cancellationWindowHours: 0 } }, 422, 'PLAN_LIFECYCLE_INVALID', /cancellationWindowHours/],
      ['repeated reminders', { lifecycle: { reminderDays: [7, 7] } }, 422, 'PLAN_LIFECYCLE_INVALID', /reminderDays/],
      ['unknown lifecycle parameter', { lifecycle: { graceWeeks: 2 } }, 400, 'VALIDATION_FAILED'],
      ['more than 10,000,000 seats', { maxSeatsPerSubscription: 10_000_001 }, 400, 'VALIDATION_FAILED', /maxSeatsPerSubscription/],
      ['zero seats', { maxSeatsPerSubscription: 0 }, 400, 'VALIDATION_FAILED'],
      ['zero devices per seat', { devicesPerSeat: 0 }, 400, 'VALIDATION_FAILED', /devicesPerSeat/],
      ['a SKU with spaces', { sku: 'OFFICE BIZ' }, 422, 'PLAN_SKU_INVALID'],
      ['a SKU with a double dash', { sku: 'OFFICE--BIZ' }, 422, 'PLAN_SKU_INVALID'],
      ['an unknown field', { color: 'blue' }, 400, 'VALIDATION_FAILED'],
    ];
    const before = await planCount();
    for (const [label, body, status, code, mentions] of cases) {
      const problem = assertProblem(await postPlan(product.id, body), status, code);
      if (mentions) assert.match(JSON.stringify(problem), mentions, label);
    }
    assert.equal(await planCount(), before);

    const lifecycle = assertProblem(await postPlan(product.id, { lifecycle: { graceDays: -1, disabledDays: 1e300 } }), 422, 'PLAN_LIFECYCLE_INVALID');
    assert.deepEqual(lifecycle.problems, ['graceDays must be a non-negative integer', 'disabledDays must be a non-negative integer']);
    const ja = assertProblem(await postPlan(product.id, { price: { amountMinor: 1, currency: 'ABC' } }, admin, { 'accept-language': 'ja' }), 422, 'CURRENCY_NOT_SUPPORTED');
    assert.match(ja.title, /通貨 "ABC"/);
  });

  test('list: by product, by active, by SKU, and page by page', async () => {
    const other = await newProduct({ en: 'Security Suite', ja: 'セキュリティ スイート' });
    const plans = [await newPlan(other.id), await newPlan(other.id), await newPlan(other.id)];
    const off = await send(admin, 'POST', `/v1/catalog/plans/${plans[1].id}/deactivate`);
    assert.equal(off.statusCode, 200, off.body);

    const ids = async (query: string) => (await get(agent, `/v1/catalog/plans?${query}`)).json().data.map((p: { id: string }) => p.id);
    assert.deepEqual(await ids(`productId=${other.id}`), plans.map((p) => p.id));
    assert.deepEqual(await ids(`productId=${other.id}&active=true`), [plans[0].id, plans[2].id]);
    assert.deepEqual(await ids(`productId=${other.id}&active=false`), [plans[1].id]);
    assert.deepEqual(await ids(`sku=${plans[2].sku.toLowerCase()}`), [plans[2].id]);
    assert.deepEqual(await ids('sku=not%20a%20sku'), []);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await get(agent, `/v1/catalog/plans?productId=${other.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.statusCode, 200, page.body);
      seen.push(...page.json().data.map((p: { id: string }) => p.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    assert.deepEqual(seen, plans.map((p) => p.id));
  });

  test('update: price, names, segments and countries change; the audit row holds before and after', async () => {
    const plan = await newPlan(product.id);
    const response = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, {
      price: { amountMinor: 18000, currency: 'JPY' },
      name: { en: 'Office Business Annual' },
      segments: ['commercial', 'education'],
      countries: ['JP', 'KR'],
    });
    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json();
    assert.deepEqual(updated.price, { amountMinor: 18000, currency: 'JPY', amount: '18000' });
    assert.deepEqual(updated.name, { en: 'Office Business Annual', ja: plan.name.ja });
    assert.deepEqual(updated.segments, ['commercial', 'education']);
    assert.deepEqual(updated.countries, ['JP', 'KR']);
    assert.equal(updated.sku, plan.sku);
    assert.notEqual(updated.updatedAt, undefined);

    const [audit] = await auditRows('plan.updated', plan.id);
    const data = JSON.parse(audit!.data);
    assert.deepEqual(Object.keys(data.after).sort(), ['countries', 'name', 'price', 'segments']);
    assert.deepEqual(data.before.price, { amountMinor: 15000, currency: 'JPY' });
    assert.deepEqual(data.after.price, { amountMinor: 18000, currency: 'JPY' });

    // A change to nothing changes nothing, and is not audited.
    const same = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { price: { amountMinor: 18000, currency: 'JPY' } });
    assert.equal(same.statusCode, 200);
    assert.deepEqual(same.json(), updated);
    assert.equal((await auditRows('plan.updated', plan.id)).length, 1);

    // The rules hold for the plan as changed: a trial needs its length, in the same request.
    assertProblem(await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { category: 'trial' }), 422, 'PLAN_TRIAL_DAYS_REQUIRED');
    const trial = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { category: 'trial', trialDays: 14 });
    assert.equal(trial.statusCode, 200, trial.body);
    assertProblem(await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { category: 'standard' }), 422, 'PLAN_TRIAL_DAYS_NOT_ALLOWED');
    const back = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { category: 'standard', trialDays: null });
    assert.equal(back.json().trialDays, null);
    assertProblem(await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { sku: 'RENAMED' }), 400, 'VALIDATION_FAILED');
    assertProblem(await send(admin, 'PATCH', '/v1/catalog/plans/pln_nope', {}), 404, 'NOT_FOUND');
  });

  test('the term, lifecycle and other sold terms change freely until the plan is sold, then 409 PLAN_IN_USE', async () => {
    const plan = await newPlan(product.id);
    const unsold = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { termMonths: 36, lifecycle: { graceDays: 45 } });
    assert.equal(unsold.statusCode, 200, unsold.body);
    assert.equal(unsold.json().termMonths, 36);
    assert.deepEqual(unsold.json().lifecycle, { ...DEFAULT_LIFECYCLE_POLICY, graceDays: 45 }, 'merged over the current policy');

    const now = t.clock.now().toString();
    await t.ctx.database.db.insertInto('key_batches').values({
      id: `kbt_${plan.id}`, plan_id: plan.id, kind: 'subscription', seats_per_key: 1, quantity: 1,
      redeem_by: '2027-12-31', redeemable_until: now, partner_organization_id: null, label: null, created_by: null,
      created_at: now, revoked_at: null, sealed_csv: null, csv_downloaded_at: null,
    }).execute();

    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ termMonths: 12 }, ['termMonths']],
      [{ lifecycle: { graceDays: 0 } }, ['lifecycle']],
      [{ price: { amountMinor: 100, currency: 'USD' } }, ['price.currency']],
      [{ category: 'trial', trialDays: 30 }, ['category', 'trialDays']],
    ];
    for (const [body, fields] of cases) {
      const problem = assertProblem(await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, body), 409, 'PLAN_IN_USE');
      assert.deepEqual(problem.fields, fields);
      assert.equal(problem.sku, plan.sku);
    }
    // What only affects future sales still changes.
    const repriced = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { price: { amountMinor: 9000, currency: 'JPY' }, devicesPerSeat: 3, taxClass: 'reduced' });
    assert.equal(repriced.statusCode, 200, repriced.body);
    // Restating a sold term unchanged is not a change.
    const restated = await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { termMonths: 36, lifecycle: { graceDays: 45 } });
    assert.equal(restated.statusCode, 200, restated.body);
  });

  test('a subscription of the plan also freezes its term', async () => {
    const plan = await newPlan(product.id);
    const org = await createOrg(t);
    const now = t.clock.now().toString();
    await t.ctx.database.db.insertInto('subscriptions').values({
      organization_id: org.id, id: `sub_${plan.id}`, plan_id: plan.id, seats: 1, term_months: 12, anchor_day: 21,
      start_date: '2026-11-21', end_date: '2027-11-20', state: 'active', auto_renew: 1, billing_mode: 'direct', is_trial: 0,
      partner_organization_id: null, cancelled_on: null, created_at: now, updated_at: now,
    }).execute();
    assertProblem(await send(admin, 'PATCH', `/v1/catalog/plans/${plan.id}`, { termMonths: 1 }), 409, 'PLAN_IN_USE');
  });

  test('deactivate and activate: never deleted, still readable, each change audited once', async () => {
    const plan = await newPlan(product.id);
    const off = await send(admin, 'POST', `/v1/catalog/plans/${plan.id}/deactivate`);
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().active, false);
    const again = await send(admin, 'POST', `/v1/catalog/plans/${plan.id}/deactivate`);
    assert.equal(again.statusCode, 200);
    assert.equal((await auditRows('plan.deactivated', plan.id)).length, 1, 'a second deactivation changes nothing');
    assert.equal((await get(agent, `/v1/catalog/plans/${plan.id}`)).json().active, false);
    const stored = await getPlan(t.ctx.database.db, plan.id);
    assert.equal(stored?.active, false);

    const on = await send(admin, 'POST', `/v1/catalog/plans/${plan.id}/activate`);
    assert.equal(on.json().active, true);
    assert.equal((await auditRows('plan.activated', plan.id)).length, 1);
    assertProblem(await send(admin, 'POST', '/v1/catalog/plans/pln_nope/deactivate'), 404, 'NOT_FOUND');
  });

  test('an Idempotency-Key makes a retried create a replay, not a second plan', async () => {
    const body = { sku: uniqueSku('IDEM'), termMonths: 12, price: { amountMinor: 15000, currency: 'JPY' } };
    const headers = { ...admin.writeHeaders, 'idempotency-key': `catalog-${body.sku}` };
    const first = await t.inject({ method: 'POST', url: `/v1/catalog/products/${product.id}/plans`, headers, payload: body });
    const second = await t.inject({ method: 'POST', url: `/v1/catalog/products/${product.id}/plans`, headers, payload: body });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.body, first.body);
  });
});

describe('who may use the catalog', () => {
  let planId: string;
  let productId: string;
  before(async () => {
    productId = (await newProduct()).id;
    planId = (await newPlan(productId)).id;
  });

  test('a support agent reads everything but changes nothing (403 ROLE_REQUIRED)', async () => {
    for (const url of ['/v1/catalog/products', `/v1/catalog/products/${productId}`, '/v1/catalog/plans', `/v1/catalog/plans/${planId}`]) {
      assert.equal((await get(agent, url)).statusCode, 200, url);
    }
    const writes: Array<[('POST' | 'PATCH'), string, object | undefined]> = [
      ['POST', '/v1/catalog/products', { name: { en: 'A', ja: 'A' } }],
      ['PATCH', `/v1/catalog/products/${productId}`, { name: { en: 'B' } }],
      ['POST', `/v1/catalog/products/${productId}/plans`, { sku: uniqueSku(), termMonths: 12, price: { amountMinor: 1, currency: 'JPY' } }],
      ['PATCH', `/v1/catalog/plans/${planId}`, { price: { amountMinor: 1, currency: 'JPY' } }],
      ['POST', `/v1/catalog/plans/${planId}/deactivate`, undefined],
      ['POST', `/v1/catalog/plans/${planId}/activate`, undefined],
    ];
    for (const [method, url, payload] of writes) {
      const body = assertProblem(await send(agent, method, url, payload), 403, 'ROLE_REQUIRED');
      assert.deepEqual(body.roles, ['vendor_admin'], url);
    }
    assert.equal((await getPlan(t.ctx.database.db, planId))?.price.amountMinor, 15000);
  });

  test("a customer's administrator finds no catalog (404), and anonymous callers must sign in (401)", async () => {
    assertProblem(await get(customerAdmin, '/v1/catalog/plans'), 404, 'NOT_FOUND');
    assertProblem(await get(customerAdmin, `/v1/catalog/plans/${planId}`), 404, 'NOT_FOUND');
    assertProblem(await send(customerAdmin, 'POST', '/v1/catalog/products', { name: { en: 'A', ja: 'A' } }), 404, 'NOT_FOUND');
    assertProblem(await send(customerAdmin, 'PATCH', `/v1/catalog/plans/${planId}`, {}), 404, 'NOT_FOUND');
    assertProblem(await get(undefined, '/v1/catalog/products'), 401, 'UNAUTHENTICATED');
  });
});

describe('getPlan, as other modules call it', () => {
  test('returns the typed plan with its parsed policy, segments and countries; undefined when unknown', async () => {
    const { id: productId } = await newProduct();
    const created = await newPlan(productId, { segments: ['education'], countries: ['JP', 'US'], lifecycle: { reminderDays: [30, 1] } });
    const plan = await getPlan(t.ctx.database.db, created.id);
    assert.ok(plan);
    assert.deepEqual(plan, created);
    assert.deepEqual(plan.lifecycle.reminderDays, [30, 1]);
    assert.equal(plan.lifecycle.graceDays, DEFAULT_LIFECYCLE_POLICY.graceDays);
    assert.deepEqual(plan.segments, ['education']);
    assert.deepEqual(plan.countries, ['JP', 'US']);
    assert.equal(await getPlan(t.ctx.database.db, 'pln_unknown'), undefined);
  });
});
