// Auto-renew by the sweeper (SPEC §4): on E+1 a subscription with auto-renew on is renewed for
// another term at the plan's price (recorded for the billing issue to charge), never expires,
// and is renewed once however often the sweeper runs; with auto-renew off it expires.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_LIFECYCLE_POLICY } from '@licentia/core/lifecycle';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { at, customerAt, eventsOf, fresh, recordedState, sweepNow, SWEEPER_EVENTS } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
});
after(() => t.close());

async function sweepAt(local: string) {
  return sweepNow(t.ctx.database, at(local, TOKYO));
}

test('on E+1, with auto-renew on: renewed from E+1 at the price of the plan, once', async () => {
  // Commercial: auto-renew on by default. Redeemed 2027-01-10: E = 2028-01-09. 3 seats at ¥15,000.
  const c = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  await sweepAt('2028-01-09T23:59');
  assert.equal((await eventsOf(t.ctx.database.db, c.organizationId, 'subscription.auto_renewed')).length, 0);
  const report = await sweepAt('2028-01-10T00:01');
  assert.equal(report.autoRenewals, 1);
  await sweepAt('2028-01-10T00:02');
  await sweepAt('2028-01-11T00:01');

  const db = t.ctx.database.db;
  const renewals = await eventsOf(db, c.organizationId, 'subscription.auto_renewed');
  assert.deepEqual(renewals.map((e) => e.payload), [
    { subscriptionId: c.subscriptionId, planId: c.planId, previousEndDate: '2028-01-09', endDate: '2029-01-09', seats: 3, amountMinor: 45_000, currency: 'JPY' },
  ]);
  const renewed = await eventsOf(db, c.organizationId, 'subscription.renewed');
  assert.deepEqual(renewed.map((e) => [e.payload.source, e.payload.basis, e.payload.termStart]), [['order', 'continues', '2028-01-10']]);
  const change = await db.selectFrom('subscription_changes').selectAll().where('subscription_id', '=', c.subscriptionId).where('kind', '=', 'renewal').execute();
  assert.deepEqual(change.map((r) => [r.source, r.amount_minor, r.currency, r.term_start, r.term_end]), [['order', 45_000, 'JPY', '2028-01-10', '2029-01-09']]);
  assert.equal(await recordedState(db, c.organizationId, c.subscriptionId), 'active');
  const types = (await eventsOf(db, c.organizationId)).map((e) => e.type);
  assert.ok(!types.includes('subscription.expired'), 'an auto-renewed subscription never expires');
  const audit = await db.selectFrom('audit_events').select(['actor_type']).where('organization_id', '=', c.organizationId).where('action', '=', 'subscription.auto_renewed').execute();
  assert.deepEqual(audit.map((a) => a.actor_type), ['system']);
});

test('with auto-renew off (a government organization by default): it expires on E+1', async () => {
  const c = await customerAt(t, '2027-01-10T10:00', { segment: 'government' });
  const report = await sweepAt('2028-01-10T00:01');
  assert.equal(report.autoRenewals, 0);
  assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'expired');
  // The first sweep after E: no reminder is caught up once the term has ended.
  assert.deepEqual((await eventsOf(t.ctx.database.db, c.organizationId)).filter((e) => SWEEPER_EVENTS.has(e.type)).map((e) => e.type), ['subscription.expired']);
});

test('turned off through the API before the cut-off: no renewal on E+1', async () => {
  const c = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  const admin = await fresh(t, c.admin);
  const off = await t.inject({
    method: 'PUT',
    url: `/v1/organizations/${c.organizationId}/subscriptions/${c.subscriptionId}/auto-renew`,
    headers: admin.writeHeaders,
    payload: { enabled: false },
  });
  assert.equal(off.statusCode, 200, off.body);
  await sweepAt('2028-01-10T00:01');
  assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'expired');
  assert.equal((await eventsOf(t.ctx.database.db, c.organizationId, 'subscription.auto_renewed')).length, 0);
});

test('a sweeper that was down catches up through grace (the term still continues from E+1), not later', async () => {
  const inGrace = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  await sweepAt('2027-06-01T12:00');
  await sweepAt('2028-01-20T12:00');
  const renewed = await eventsOf(t.ctx.database.db, inGrace.organizationId, 'subscription.auto_renewed');
  assert.deepEqual(renewed.map((e) => e.payload.endDate), ['2029-01-09']);

  const late = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  await sweepAt('2027-06-01T12:00');
  await sweepAt('2028-02-20T12:00');
  assert.equal((await eventsOf(t.ctx.database.db, late.organizationId, 'subscription.auto_renewed')).length, 0);
  assert.equal(await recordedState(t.ctx.database.db, late.organizationId, late.subscriptionId), 'disabled');
});

test('a plan without grace renews on E+1 (its first disabled day) as an auto-renewal, not a reactivation', async () => {
  const c = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial', plan: { lifecyclePolicy: CONSUMER_LIFECYCLE_POLICY } });
  await sweepAt('2028-01-10T00:01');
  await sweepAt('2028-01-10T00:16');
  const types = (await eventsOf(t.ctx.database.db, c.organizationId)).filter((e) => SWEEPER_EVENTS.has(e.type)).map((e) => e.type);
  assert.deepEqual(types, ['subscription.auto_renewed']);
  assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'active');
});

test('an auto-renewal has its own 168-hour window (the alternative AUTO_RENEW_LOCKED names): cancelled at 167 h 59 min with a refund by days, refused at 168 h 01 min', async () => {
  // Renewed by the sweep at 00:01 on E+1 = 2028-01-10 (Tokyo): the window runs 168 h from that
  // order, since it is later than the term's first midnight.
  const inside = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  const outside = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  assert.equal((await sweepAt('2028-01-10T00:01')).autoRenewals, 2);

  const renewalOf = async (c: typeof inside) => {
    const view = await t.inject({ method: 'GET', url: `/v1/organizations/${c.organizationId}/subscriptions/${c.subscriptionId}`, headers: (await fresh(t, c.admin)).headers });
    const renewal = view.json().changes.find((change: { kind: string }) => change.kind === 'renewal');
    assert.equal(renewal.cancellation.closesAt, '2028-01-16T15:01:00.000Z', '168 h after the order at 2028-01-10T00:01 Tokyo');
    return renewal.id as string;
  };
  const cancel = async (c: typeof inside, changeId: string) =>
    t.inject({
      method: 'POST',
      url: `/v1/organizations/${c.organizationId}/subscriptions/${c.subscriptionId}/changes/${changeId}/cancel`,
      headers: { ...(await fresh(t, c.admin)).writeHeaders, 'accept-language': 'en' },
      payload: { confirm: true },
    });

  const insideRenewal = await renewalOf(inside);
  const outsideRenewal = await renewalOf(outside);
  t.clock.set(at('2028-01-17T00:00', TOKYO));
  const done = await cancel(inside, insideRenewal);
  assert.equal(done.statusCode, 200, done.body);
  // 2028-01-10 … 2029-01-09 is 366 days (2028 is a leap year); Jan 10–17 are used (the day of
  // cancellation counts): 45,000 × 358 / 366 = 44,016.39 → ¥44,016 back, ¥984 kept.
  const { refund, changes } = done.json().cancellation;
  assert.deepEqual([refund.amountMinor, changes[0].used.amountMinor, changes[0].usedDays, changes[0].termDays], [44_016, 984, 8, 366]);
  const after = done.json().subscription;
  assert.deepEqual([after.state, after.endDate, after.cancelledOn], ['cancelled', '2028-01-09', '2028-01-17']);

  t.clock.set(at('2028-01-17T00:02', TOKYO));
  const late = await cancel(outside, outsideRenewal);
  assert.equal(late.statusCode, 409, late.body);
  assert.equal(late.json().code, 'CANCELLATION_WINDOW_PASSED');
  assert.match(late.json().title, /ended at 2028-01-16T15:01:00\.000Z/);
});
