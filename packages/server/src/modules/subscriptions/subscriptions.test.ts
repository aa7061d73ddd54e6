// Reading subscriptions and auto-renew through the API (SPEC §4), moving the clock: the state is
// derived from the dates (no sweeper runs here), the cut-off for turning auto-renew off, and
// who may read or change what.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY } from '@licentia/core/lifecycle';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { assertRefusal, customerWithSubscription, getSubscription, keyFor, redeem, refresh, subscriptionUrl, tokyo } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
});
after(() => t.close());
beforeEach(() => t.clock.set(TEST_START));

describe('reading a subscription', () => {
  test('plan, seats, civil dates in the time zone, state, auto-renew and its cut-off, what happens next, and the purchase with its window', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    const view = await getSubscription(t, customer.admin, customer);
    // 2026-11-21T00:30Z is 09:30 on Nov 21 in Tokyo: a year's term ends Nov 20, 2027.
    assert.equal(view.timeZone, 'Asia/Tokyo');
    assert.deepEqual([view.startDate, view.endDate, view.seats, view.state, view.billingMode, view.trial], ['2026-11-21', '2027-11-20', 10, 'active', 'key', false]);
    assert.equal(view.plan.id, customer.planId);
    assert.match(view.product.name.ja, /オフィス/);
    assert.equal(view.autoRenew, true, 'commercial organizations: on by default');
    assert.equal(view.autoRenewCutoff, '2027-10-21', 'E − 30 days');
    assert.deepEqual(view.next, { state: 'expired', on: '2027-11-21' });
    assert.deepEqual(view.nextEvent, { event: 'renews', on: '2027-11-21' });
    assert.equal(view.changes.length, 1);
    const [purchase] = view.changes;
    assert.deepEqual([purchase.kind, purchase.seats, purchase.source, purchase.paid.amountMinor], ['purchase', 10, 'key', 0]);
    assert.deepEqual(purchase.cancellation, { closesAt: '2026-11-28T00:30:00.000Z', cancellable: true, cancelledAt: null, refund: null });
  });

  test('the state follows the dates across the road, without any sweeper: active → expired (E+1) → disabled (E+31) → deleted (E+121)', async () => {
    const customer = await customerWithSubscription(t);
    let admin = customer.admin;
    const at = async (local: string) => {
      t.clock.set(tokyo(local));
      admin = await refresh(t, admin);
      const view = await getSubscription(t, admin, customer);
      return { state: view.state, next: view.next, nextEvent: view.nextEvent };
    };
    assert.deepEqual(await at('2027-11-20T23:59:59'), { state: 'active', next: { state: 'expired', on: '2027-11-21' }, nextEvent: { event: 'renews', on: '2027-11-21' } });
    // Not renewed (nothing ran auto-renew): grace, then users lose access, then the data goes.
    assert.deepEqual(await at('2027-11-21T00:00:01'), { state: 'expired', next: { state: 'disabled', on: '2027-12-21' }, nextEvent: { event: 'access_ends', on: '2027-12-21' } });
    assert.deepEqual(await at('2027-12-20T23:59'), { state: 'expired', next: { state: 'disabled', on: '2027-12-21' }, nextEvent: { event: 'access_ends', on: '2027-12-21' } });
    assert.deepEqual(await at('2027-12-21T00:01'), { state: 'disabled', next: { state: 'deleted', on: '2028-03-20' }, nextEvent: { event: 'data_deleted', on: '2028-03-20' } });
    assert.deepEqual(await at('2028-03-20T00:01'), { state: 'deleted', next: null, nextEvent: null });
    const stored = await t.ctx.database.db.selectFrom('subscriptions').select('state').where('id', '=', customer.subscriptionId).executeTakeFirstOrThrow();
    assert.equal(stored.state, 'active', 'the stored column is only what a sweeper last recorded');
  });

  test('a consumer-style plan (no grace) goes from active straight to disabled', async () => {
    const customer = await customerWithSubscription(t, { plan: { lifecyclePolicy: CONSUMER_LIFECYCLE_POLICY } });
    t.clock.set(tokyo('2027-11-21T08:00'));
    const view = await getSubscription(t, await refresh(t, customer.admin), customer);
    assert.equal(view.state, 'disabled');
  });

  test('the list is paginated, oldest first, and shows only the organization\'s subscriptions', async () => {
    const customer = await customerWithSubscription(t);
    const second = await customerWithSubscription(t);
    const list = (query: string) => t.inject({ method: 'GET', url: `/v1/organizations/${customer.organizationId}/subscriptions${query}`, headers: customer.admin.headers });
    const only = await list('');
    assert.equal(only.statusCode, 200, only.body);
    assert.deepEqual(only.json().data.map((s: { id: string }) => s.id), [customer.subscriptionId]);
    assert.ok(!only.body.includes(second.subscriptionId));
    // Two more subscriptions of the same organization, then pages of two.
    for (let i = 0; i < 2; i++) await redeem(t, customer.admin, customer.organizationId, [await keyFor(t, customer.planId)]);
    const first = (await list('?limit=2')).json();
    assert.equal(first.data.length, 2);
    assert.ok(first.nextCursor);
    const rest = (await list(`?limit=2&cursor=${first.nextCursor}`)).json();
    assert.equal(rest.data.length, 1);
    assert.equal(rest.nextCursor, null);
    assert.equal(first.data[0].id, customer.subscriptionId);
  });
});

describe('who may read and change', () => {
  test('every customer role reads; only global and billing admins change; vendor staff read; other organizations find nothing', async () => {
    const customer = await customerWithSubscription(t);
    for (const role of ['member', 'license_admin', 'user_admin', 'billing_admin'] as const) {
      const actor = await createActor(t, customer.organizationId, [role]);
      assert.equal((await getSubscription(t, actor, customer)).id, customer.subscriptionId);
      const change = await t.inject({ method: 'PUT', url: subscriptionUrl(customer, '/auto-renew'), headers: actor.writeHeaders, payload: { enabled: false } });
      if (role === 'billing_admin') {
        assert.equal(change.statusCode, 200, change.body);
      } else {
        assert.equal(change.statusCode, 403, `${role}: ${change.body}`);
        assert.equal(change.json().code, 'ROLE_REQUIRED');
      }
    }
    const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
    const support = await createActor(t, vendor.id, ['support_agent']);
    assert.equal((await getSubscription(t, support, customer)).id, customer.subscriptionId);
    const supportWrite = await t.inject({ method: 'PUT', url: subscriptionUrl(customer, '/auto-renew'), headers: support.writeHeaders, payload: { enabled: true } });
    assert.equal(supportWrite.statusCode, 404);
    const stranger = await createActor(t, (await createOrg(t)).id, ['global_admin']);
    assert.equal((await t.inject({ method: 'GET', url: subscriptionUrl(customer), headers: stranger.headers })).statusCode, 404);
    // A subscription id of another organization under one's own organization: not found either.
    const own = await customerWithSubscription(t);
    const crossed = await t.inject({ method: 'GET', url: subscriptionUrl({ organizationId: own.organizationId, subscriptionId: customer.subscriptionId }), headers: own.admin.headers });
    assert.equal(crossed.statusCode, 404);
  });
});

describe('auto-renew', () => {
  const setAutoRenew = (customer: { organizationId: string; subscriptionId: string }, headers: Record<string, string>, enabled: boolean) =>
    t.inject({ method: 'PUT', url: subscriptionUrl(customer, '/auto-renew'), headers, payload: { enabled } });

  test('off on E−30 takes effect; on is always allowed; off on E−29 is AUTO_RENEW_LOCKED naming the last day and the alternative', async () => {
    const customer = await customerWithSubscription(t);
    t.clock.set(tokyo('2027-10-21T23:59'));
    let admin = await refresh(t, customer.admin);
    const off = await setAutoRenew(customer, admin.writeHeaders, false);
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().autoRenew, false);
    assert.deepEqual(off.json().nextEvent, { event: 'expires', on: '2027-11-21' });
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', customer.organizationId).where('action', '=', 'subscription.auto_renew_changed').execute();
    assert.equal(audit.length, 1);

    t.clock.set(tokyo('2027-10-22T00:00:30'));
    admin = await refresh(t, admin);
    const on = await setAutoRenew(customer, admin.writeHeaders, true);
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().autoRenew, true);
    const locked = await assertRefusal((h) => setAutoRenew(customer, h, false), admin.writeHeaders, {
      status: 409,
      code: 'AUTO_RENEW_LOCKED',
      en: /the last day to do so was 2027-10-21, 30 days before the end date 2027-11-20\. The subscription renews on 2027-11-21/,
      ja: /2027-10-21/,
    });
    assert.equal(locked.lastChangeDay, '2027-10-21');
    assert.equal(locked.alternative, 'CANCEL_WITHIN_WINDOW_AFTER_RENEWAL');
    assert.equal(locked.cancellableUntil, '2027-11-27T15:00:00.000Z', '168 hours from local midnight of E+1');
    assert.equal((await getSubscription(t, admin, customer)).autoRenew, true);
    // Asking for what already holds is no change and no refusal.
    assert.equal((await setAutoRenew(customer, admin.writeHeaders, true)).statusCode, 200);
  });

  test('government and education organizations start with auto-renew off, commercial ones on, and a plan may default it off', async () => {
    for (const [segment, expected] of [['government', false], ['education', false], ['commercial', true], ['personal', true]] as const) {
      const customer = await customerWithSubscription(t, { segment });
      assert.equal((await getSubscription(t, customer.admin, customer)).autoRenew, expected, segment);
    }
    const optIn = await customerWithSubscription(t, { plan: { lifecyclePolicy: { ...DEFAULT_LIFECYCLE_POLICY, autoRenewByDefault: false } } });
    assert.equal((await getSubscription(t, optIn.admin, optIn)).autoRenew, false);
    const government = await customerWithSubscription(t, { segment: 'government' });
    const opted = await setAutoRenew(government, government.admin.writeHeaders, true);
    assert.equal(opted.statusCode, 200, opted.body);
    assert.equal(opted.json().autoRenew, true, 'they may opt in');
  });

  test('a trial never renews: turning auto-renew on is AUTO_RENEW_UNAVAILABLE', async () => {
    const customer = await customerWithSubscription(t, { plan: { category: 'trial', trialDays: 30 }, kind: 'trial' });
    const view = await getSubscription(t, customer.admin, customer);
    assert.deepEqual([view.trial, view.autoRenew, view.autoRenewCutoff, view.endDate], [true, false, null, '2026-12-20']);
    await assertRefusal((h) => setAutoRenew(customer, h, true), customer.admin.writeHeaders, {
      status: 409, code: 'AUTO_RENEW_UNAVAILABLE', en: /a trial never renews/, ja: /試用版は更新されません/,
    });
  });
});
