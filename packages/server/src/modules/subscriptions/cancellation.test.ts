// Cancellation with refund through the API (SPEC §4), moving the clock to either side of each
// 168-hour window: a purchase's, a renewal's and a seat addition's. Refunds are pro rata by days
// (the day of cancellation counts as used), exact to the yen, and refund + used = paid. The
// purchases and seat additions are made by a vendor administrator's grant (the routes that apply
// without a payment); the same bought through an order is in billing's tests.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { renewByOrder } from './orders.ts';
import { assertRefusal, customerWithSubscription, getSubscription, keyFor, redeem, refresh, subscriptionUrl, type Customer } from './testing.ts';

let t: TestApp;
let vendorAdmin: Actor;
before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
});
after(() => t.close());
beforeEach(() => t.clock.set(TEST_START));

type Target = { organizationId: string; subscriptionId: string };
const preview = (target: Target, changeId: string, headers: Record<string, string>) =>
  t.inject({ method: 'POST', url: subscriptionUrl(target, `/changes/${changeId}/cancellation-preview`), headers });
const cancel = (target: Target, changeId: string, headers: Record<string, string>) =>
  t.inject({ method: 'POST', url: subscriptionUrl(target, `/changes/${changeId}/cancel`), headers, payload: { confirm: true } });

/** A vendor administrator's session made now (the grant routes are theirs). */
const staff = async () => (await refresh(t, vendorAdmin)).writeHeaders;

/** A direct-billed purchase of 10 seats at ¥15,000 a seat a year, starting today (a vendor's grant). */
async function paidPurchase(): Promise<{ customer: Customer; direct: Target; changeId: string }> {
  const customer = await customerWithSubscription(t, { seats: 10 });
  const switched = await t.inject({ method: 'POST', url: subscriptionUrl(customer, '/direct-billing'), headers: await staff(), payload: { start: 'now', confirm: true } });
  assert.equal(switched.statusCode, 201, switched.body);
  const direct = { organizationId: customer.organizationId, subscriptionId: switched.json().subscription.id };
  return { customer, direct, changeId: switched.json().subscription.changes[0].id };
}

async function events(organizationId: string, type: string) {
  return t.ctx.database.db.selectFrom('outbox_events').selectAll().where('organization_id', '=', organizationId).where('type', '=', type).execute();
}

describe("a purchase's window", () => {
  test('at 167 h 59 min: the preview shows the exact refund and what happens; the cancellation refunds it and users lose access at once', async () => {
    const { customer, direct, changeId } = await paidPurchase();
    t.clock.advance({ hours: 167, minutes: 59 });
    const admin = await refresh(t, customer.admin);
    const previewed = await preview(direct, changeId, admin.writeHeaders);
    assert.equal(previewed.statusCode, 200, previewed.body);
    const plan = previewed.json();
    // Cancelled on Nov 28 (Tokyo): Nov 21–28 used (8 days of 365); 150,000 × 357/365 = 146,712.33.
    assert.equal(plan.cancelDay, '2026-11-28');
    assert.deepEqual(plan.refund, { amountMinor: 146_712, currency: 'JPY', amount: '146712' });
    assert.deepEqual(plan.changes.map((c: any) => [c.paid.amountMinor, c.used.amountMinor, c.refund.amountMinor, c.usedDays, c.termDays]), [[150_000, 3288, 146_712, 8, 365]]);
    assert.deepEqual(plan.effect, { usersLoseAccessNow: true, seatsRemoved: 0, seats: 10, endDate: '2027-11-20', state: 'cancelled', dataDeletedOn: '2027-02-27' });
    assert.equal((await getSubscription(t, admin, direct)).state, 'active', 'the preview changed nothing');

    const done = await cancel(direct, changeId, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json().cancellation, plan, 'the cancellation did what the preview showed');
    const after = done.json().subscription;
    assert.deepEqual([after.state, after.cancelledOn, after.nextEvent], ['cancelled', '2026-11-28', { event: 'data_deleted', on: '2027-02-27' }]);
    assert.equal(after.changes[0].cancellation.cancellable, false);
    assert.equal(after.changes[0].cancellation.refund.amountMinor, 146_712);
    const row = await t.ctx.database.db.selectFrom('subscription_changes').selectAll().where('id', '=', changeId).executeTakeFirstOrThrow();
    assert.equal(row.refunded_minor, 146_712);
    assert.ok(row.cancelled_at);
    const [event] = await events(customer.organizationId, 'subscription.cancelled');
    assert.equal(JSON.parse(event!.payload).refundMinor, 146_712);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', customer.organizationId).where('action', '=', 'subscription.cancelled').execute();
    assert.equal(audit.length, 1);
    // Cancelled once: a second cancellation is refused, not refunded twice.
    await assertRefusal((h) => cancel(direct, changeId, h), admin.writeHeaders, {
      status: 409, code: 'CHANGE_NOT_CANCELLABLE', en: /already been cancelled/, ja: /すでにキャンセル/,
    });
  });

  test('at 168 h 01 min: CANCELLATION_WINDOW_PASSED with the instant it closed, in both languages', async () => {
    const { customer, direct, changeId } = await paidPurchase();
    t.clock.advance({ hours: 168, minutes: 1 });
    const admin = await refresh(t, customer.admin);
    for (const send of [preview, cancel]) {
      const problem = await assertRefusal((h) => send(direct, changeId, h), admin.writeHeaders, {
        status: 409, code: 'CANCELLATION_WINDOW_PASSED', en: /ended at 2026-11-28T00:30:00\.000Z/, ja: /2026-11-28T00:30:00\.000Z に終了/,
      });
      assert.equal(problem.alternative, 'TURN_OFF_AUTO_RENEW');
    }
    assert.equal((await getSubscription(t, admin, direct)).state, 'active');
  });

  test('two admins cancelling at once: one refund, the other refused', async () => {
    const { customer, direct, changeId } = await paidPurchase();
    const billing = await createActor(t, customer.organizationId, ['billing_admin']);
    const answers = await Promise.all([cancel(direct, changeId, customer.admin.writeHeaders), cancel(direct, changeId, billing.writeHeaders)]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409], answers.map((a) => a.body).join('\n'));
    assert.equal((await events(customer.organizationId, 'subscription.cancelled')).length, 1);
  });

  test('a billing admin may cancel; a member or license admin may not; a key purchase is cancelled with nothing refunded here (the seller refunds)', async () => {
    const customer = await customerWithSubscription(t);
    const changeId = (await getSubscription(t, customer.admin, customer)).changes[0].id;
    for (const role of ['member', 'license_admin'] as const) {
      const actor = await createActor(t, customer.organizationId, [role]);
      const refused = await cancel(customer, changeId, actor.writeHeaders);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'ROLE_REQUIRED');
    }
    const billing = await createActor(t, customer.organizationId, ['billing_admin']);
    const done = await cancel(customer, changeId, billing.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().cancellation.refund.amountMinor, 0);
    assert.equal(done.json().subscription.state, 'cancelled');
  });
});

describe("a renewal's own window", () => {
  /** A subscription renewed by a renewal key an hour after it was bought: E+1 … E+1 year. */
  async function renewedByKey() {
    const customer = await customerWithSubscription(t);
    t.clock.advance({ hours: 1 });
    const [renewed] = await redeem(t, customer.admin, customer.organizationId, [await keyFor(t, customer.planId, { kind: 'renewal' })]);
    assert.equal(renewed!.endDate, '2028-11-20');
    const view = await getSubscription(t, customer.admin, customer);
    const renewal = view.changes.find((c: { kind: string }) => c.kind === 'renewal');
    // The renewed term starts on Nov 21, 2027: its window counts 168 h from that local midnight.
    assert.equal(renewal.cancellation.closesAt, '2027-11-27T15:00:00.000Z');
    return { customer, renewalId: renewal.id as string };
  }

  test('bought ahead and cancelled before it starts: the end date goes back and the paid term runs on', async () => {
    const { customer, renewalId } = await renewedByKey();
    const done = await cancel(customer, renewalId, customer.admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json().cancellation.effect, { usersLoseAccessNow: false, seatsRemoved: 0, seats: 10, endDate: '2027-11-20', state: 'active', dataDeletedOn: null });
    assert.deepEqual([done.json().subscription.state, done.json().subscription.endDate], ['active', '2027-11-20']);
    assert.equal((await events(customer.organizationId, 'subscription.renewal_cancelled')).length, 1);
  });

  test('at 167 h 59 min after the renewed term began: cancelled, the end date back to the previous end; at 168 h 01 min: refused', async () => {
    const first = await renewedByKey();
    const second = await renewedByKey();
    t.clock.set('2027-11-27T14:59:00Z');
    const admin = await refresh(t, first.customer.admin);
    const done = await cancel(first.customer, first.renewalId, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    const view = done.json().subscription;
    assert.deepEqual([view.state, view.endDate, view.cancelledOn], ['cancelled', '2027-11-20', '2027-11-27']);
    assert.equal(done.json().cancellation.effect.usersLoseAccessNow, true);

    t.clock.set('2027-11-27T15:01:00Z');
    const late = await refresh(t, second.customer.admin);
    await assertRefusal((h) => cancel(second.customer, second.renewalId, h), late.writeHeaders, {
      status: 409, code: 'CANCELLATION_WINDOW_PASSED', en: /ended at 2027-11-27T15:00:00\.000Z/, ja: /キャンセル期間/,
    });
  });

  test('a renewal bought ahead cannot be given back once seats added since are past their own window (they build on it)', async () => {
    const { customer, renewalId } = await renewedByKey();
    t.clock.advance({ hours: 24 });
    const added = await t.inject({ method: 'POST', url: subscriptionUrl(customer, '/seat-additions'), headers: await staff(), payload: { seats: 1, confirm: true } });
    assert.equal(added.statusCode, 201, added.body);
    t.clock.advance({ hours: 240 });
    const admin = await refresh(t, customer.admin);
    const view = await getSubscription(t, admin, customer);
    assert.deepEqual(view.changes.map((c: any) => [c.kind, c.cancellation.cancellable]), [['purchase', false], ['renewal', false], ['seat_addition', false]]);
    await assertRefusal((h) => cancel(customer, renewalId, h), admin.writeHeaders, {
      status: 409, code: 'CHANGE_NOT_CANCELLABLE', en: /a later change \(chg_\w+, seat_addition\) builds on it/, ja: /後の変更/,
    });
  });

  test('a renewal paid by order (the billing interface) is refunded pro rata: refund + used = paid', async () => {
    const customer = await customerWithSubscription(t);
    const renewed = await inTransaction(t.ctx.database.db, (tx) =>
      renewByOrder(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { organizationId: customer.organizationId, subscriptionId: customer.subscriptionId, amountMinor: 150_000 }),
    );
    assert.equal(renewed.end_date, '2028-11-20');
    t.clock.set('2027-11-27T14:59:00Z');
    const admin = await refresh(t, customer.admin);
    const renewalId = (await getSubscription(t, admin, customer)).changes.find((c: { kind: string }) => c.kind === 'renewal').id;
    const done = await cancel(customer, renewalId, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    // Nov 21–27 used: 7 days of the 366 of a term holding Feb 29, 2028. 150,000 × 359/366 = 147,131.15.
    const [line] = done.json().cancellation.changes;
    assert.deepEqual([line.usedDays, line.termDays, line.refund.amountMinor, line.used.amountMinor], [7, 366, 147_131, 2869]);
    assert.equal(line.refund.amountMinor + line.used.amountMinor, 150_000);
  });
});

describe("a seat addition's own window", () => {
  async function fiveSeatsAdded(target: Target) {
    const added = await t.inject({ method: 'POST', url: subscriptionUrl(target, '/seat-additions'), headers: await staff(), payload: { seats: 5, confirm: true } });
    assert.equal(added.statusCode, 201, added.body);
    // Added on Nov 22 for Nov 22 – Nov 20, 2027: 364 of 365 days. 15,000 × 5 × 364/365 = 74,794.52.
    assert.equal(added.json().change.paid.amountMinor, 74_795);
    return added.json().change.id as string;
  }

  test('at 167 h 59 min: cancelling removes the seats and refunds the unused days; at 168 h 01 min: refused', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    t.clock.advance({ hours: 24 });
    let admin = await refresh(t, customer.admin);
    const early = await fiveSeatsAdded(customer);
    const late = await fiveSeatsAdded(customer);
    assert.equal((await getSubscription(t, admin, customer)).seats, 20);

    t.clock.advance({ hours: 167, minutes: 59 });
    admin = await refresh(t, admin);
    const done = await cancel(customer, early, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    const [line] = done.json().cancellation.changes;
    // Cancelled on Nov 29: Nov 22–29 used (8 of 364 days). 74,795 × 356/364 = 73,151.2.
    assert.deepEqual([line.usedDays, line.termDays, line.refund.amountMinor, line.used.amountMinor], [8, 364, 73_151, 1644]);
    assert.equal(line.refund.amountMinor + line.used.amountMinor, line.paid.amountMinor);
    assert.deepEqual([done.json().subscription.seats, done.json().subscription.state], [15, 'active'], 'the seats went; the subscription stays');
    assert.equal((await events(customer.organizationId, 'subscription.seats_removed')).length, 1);

    t.clock.advance({ minutes: 2 });
    admin = await refresh(t, admin);
    await assertRefusal((h) => cancel(customer, late, h), admin.writeHeaders, {
      status: 409, code: 'CANCELLATION_WINDOW_PASSED', en: /can no longer be cancelled/, ja: /返金を伴うキャンセルはできません/,
    });
    assert.equal((await getSubscription(t, admin, customer)).seats, 15);
  });

  test('seats are reduced only by cancelling an addition inside its window: SEAT_REDUCTION_NOT_ALLOWED names the ones there are', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    t.clock.advance({ hours: 24 });
    const admin = await refresh(t, customer.admin);
    const addition = await fiveSeatsAdded(customer);
    const reduce = (seats: number, headers: Record<string, string>) => t.inject({ method: 'POST', url: subscriptionUrl(customer, '/seat-reductions'), headers, payload: { seats, confirm: true } });
    const problem = await assertRefusal((h) => reduce(3, h), admin.writeHeaders, {
      status: 409, code: 'SEAT_REDUCTION_NOT_ALLOWED', en: /only by cancelling a seat addition within its 168-hour window/, ja: /168 時間/,
    });
    assert.deepEqual(problem.cancellableSeatAdditions.map((a: { changeId: string; seats: number }) => [a.changeId, a.seats]), [[addition, 5]]);
    const done = await reduce(5, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().subscription.seats, 10);
    assert.equal((await reduce(5, admin.writeHeaders)).json().code, 'SEAT_REDUCTION_NOT_ALLOWED', 'nothing left to take back');
  });

  test('cancelling the purchase takes the seats added since with it, each refunded for its own unused days', async () => {
    const { customer, direct, changeId } = await paidPurchase();
    t.clock.advance({ hours: 24 });
    const admin = await refresh(t, customer.admin);
    await fiveSeatsAdded(direct);
    const done = await cancel(direct, changeId, admin.writeHeaders);
    assert.equal(done.statusCode, 200, done.body);
    const plan = done.json().cancellation;
    assert.deepEqual(plan.changes.map((c: { kind: string }) => c.kind), ['purchase', 'seat_addition']);
    assert.equal(plan.refund.amountMinor, plan.changes.reduce((sum: number, c: any) => sum + c.refund.amountMinor, 0));
    assert.deepEqual([plan.effect.seatsRemoved, done.json().subscription.seats, done.json().subscription.state], [5, 10, 'cancelled']);
    assert.ok(done.json().subscription.changes.every((c: any) => c.cancellation.cancelledAt !== null));
  });
});
