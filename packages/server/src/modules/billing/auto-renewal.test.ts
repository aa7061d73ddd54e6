// How an auto-renewal is charged (docs/decisions.md "Billing"): a direct-billed subscription's
// renewal on E+1 is an order of its own, applied at once and paid by its due date; unpaid, the
// renewal is taken back. And "never a renewal reminder for a term already paid": a renewal paid
// before its reminder goes out cancels the reminder; one still unpaid does not.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestSubscription, settleOutbox } from '../notifications/test-fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../notifications/testing.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { at, sweepNow } from '../sweeper/testing.ts';
import { cancelLapsedOrders } from './due-orders.ts';
import { createBillingCustomer, ensureTestIssuer, paidOrder, payByTestCard, placeOrder, type BillingCustomer } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;
let peer: SmtpPeer;
let vendorAdmin: Actor;

before(async () => {
  peer = await startSmtpPeer();
  t = await createTestApp({ smtp: { url: peer.url } });
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
  await ensureTestIssuer(t);
});
after(async () => {
  await t.close();
  await peer.close();
});
beforeEach(async () => {
  await settleOutbox(t);
  peer.received.length = 0;
});

async function signedIn(customer: BillingCustomer): Promise<BillingCustomer> {
  return { ...customer, admin: { ...customer.admin, ...(await signInAs(t, customer.admin.userId)) } };
}

/** A commercial customer (auto-renew on) who bought a 3-seat annual subscription on 2026-11-21 in Tokyo: E = 2027-11-20. */
async function directCustomer() {
  t.clock.set(at('2026-11-21T10:00', TOKYO));
  const customer = await createBillingCustomer(t);
  const order = await paidOrder(t, customer, { priceMinor: 15_000 }, 3);
  // The purchase's own mails are not what these tests are about.
  await settleOutbox(t);
  return { customer, subscriptionId: order.lines[0].applied.subscriptionId as string };
}

async function subscription(id: string) {
  return t.ctx.database.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function autoRenewalOrders(organizationId: string) {
  return t.ctx.database.db.selectFrom('orders').selectAll().where('organization_id', '=', organizationId).where('channel', '=', 'AR').execute();
}

describe('an auto-renewal of a direct-billed subscription', () => {
  test('on E+1: renewed at once, and an order AR-… placed, applied, to pay by bank transfer within 14 days', async () => {
    const { customer, subscriptionId } = await directCustomer();
    await sweepNow(t.ctx.database, at('2027-11-21T00:01', TOKYO));
    await sweepNow(t.ctx.database, at('2027-11-21T00:02', TOKYO));
    assert.equal((await subscription(subscriptionId)).end_date, '2028-11-20');
    const [order, ...more] = await autoRenewalOrders(customer.organizationId);
    assert.equal(more.length, 0, 'one order however often the sweeper runs');
    assert.match(order!.number, /^AR-20271121000100-\d{9}$/);
    assert.deepEqual([order!.status, order!.payment_method, order!.due_date, order!.subtotal_minor, order!.tax_minor, order!.total_minor], ['pending_payment', 'bank_transfer', '2027-12-05', 45_000, 4_500, 49_500]);
    assert.notEqual(order!.applied_at, null);
    const line = await t.ctx.database.db.selectFrom('order_lines').selectAll().where('order_id', '=', order!.id).executeTakeFirstOrThrow();
    const renewal = await t.ctx.database.db.selectFrom('subscription_changes').selectAll().where('subscription_id', '=', subscriptionId).where('kind', '=', 'renewal').executeTakeFirstOrThrow();
    assert.deepEqual([line.purpose, line.applied_change_id, line.period_start, line.period_end], ['renewal', renewal.id, '2027-11-21', '2028-11-20']);

    // Paid by transfer: settled and invoiced; nothing applied a second time.
    t.clock.set(at('2027-11-25T10:00', TOKYO));
    const staff = { ...vendorAdmin, ...(await signInAs(t, vendorAdmin.userId)) };
    const paid = await t.inject({ method: 'POST', url: `/v1/billing/orders/${order!.number}/payments`, headers: staff.writeHeaders, payload: { reference: 'MZ-AR-1', receivedOn: '2027-11-25' } });
    assert.deepEqual([paid.statusCode, paid.json().outcome], [200, 'applied']);
    assert.equal((await subscription(subscriptionId)).end_date, '2028-11-20');
    assert.equal((await t.ctx.database.db.selectFrom('subscription_changes').select('id').where('subscription_id', '=', subscriptionId).execute()).length, 2);
    assert.equal((await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', order!.id).execute()).length, 1);
    await deliverAllDue(t.ctx);
    assert.deepEqual(peer.received.filter((m) => m.envelope.to.includes(customer.admin.email)).map((m) => /INV-/.test(m.subject) ? 'invoice' : 'payment'), ['invoice', 'payment']);
  });

  test('unpaid by its due date: the order lapses and the renewal is taken back; auto-renew goes off; a renewal can still be ordered', async () => {
    const { customer, subscriptionId } = await directCustomer();
    await sweepNow(t.ctx.database, at('2027-11-21T00:01', TOKYO));
    const [order] = await autoRenewalOrders(customer.organizationId);
    assert.equal(await cancelLapsedOrders(t.ctx.database, at('2027-12-05T23:59', TOKYO)), 0);
    assert.ok((await cancelLapsedOrders(t.ctx.database, at('2027-12-06T00:00', TOKYO))) >= 1);
    const lapsed = await t.ctx.database.db.selectFrom('orders').selectAll().where('id', '=', order!.id).executeTakeFirstOrThrow();
    assert.deepEqual([lapsed.status, lapsed.cancel_reason], ['cancelled', 'unpaid']);
    const row = await subscription(subscriptionId);
    assert.deepEqual([row.end_date, row.cancelled_on, row.auto_renew], ['2027-11-20', null, 0]);
    const renewal = await t.ctx.database.db.selectFrom('subscription_changes').selectAll().where('subscription_id', '=', subscriptionId).where('kind', '=', 'renewal').executeTakeFirstOrThrow();
    assert.notEqual(renewal.cancelled_at, null);
    assert.equal(renewal.refunded_minor, 0);
    assert.equal((await t.ctx.database.db.selectFrom('refunds').select('id').where('order_id', '=', order!.id).execute()).length, 0);
    assert.equal((await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', order!.id).execute()).length, 0);

    // In grace now (E+16): the sweeper does not renew it again; the customer may order a renewal,
    // which still continues from E+1 (nothing paid is lost).
    t.clock.set(at('2027-12-06T10:00', TOKYO));
    await sweepNow(t.ctx.database, t.clock.now());
    assert.equal((await autoRenewalOrders(customer.organizationId)).length, 1);
    const view = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.organizationId}/subscriptions/${subscriptionId}`, headers: (await signedIn(customer)).admin.headers });
    assert.equal(view.json().state, 'expired');
    const again = await placeOrder(t, await signedIn(customer), [{ purpose: 'renewal', subscriptionId }]);
    assert.deepEqual([again.lines[0].periodStart, again.lines[0].periodEnd], ['2027-11-21', '2028-11-20']);
  });

  test('the renewal given back in its window before it was paid: its order is cancelled, nothing owed either way', async () => {
    const { customer, subscriptionId } = await directCustomer();
    await sweepNow(t.ctx.database, at('2027-11-21T00:01', TOKYO));
    const [order] = await autoRenewalOrders(customer.organizationId);
    const renewal = await t.ctx.database.db.selectFrom('subscription_changes').select('id').where('subscription_id', '=', subscriptionId).where('kind', '=', 'renewal').executeTakeFirstOrThrow();
    t.clock.set(at('2027-11-22T10:00', TOKYO));
    const cancelled = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${customer.organizationId}/subscriptions/${subscriptionId}/changes/${renewal.id}/cancel`,
      headers: (await signedIn(customer)).admin.writeHeaders,
      payload: { confirm: true },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const after = await t.ctx.database.db.selectFrom('orders').selectAll().where('id', '=', order!.id).executeTakeFirstOrThrow();
    assert.deepEqual([after.status, after.cancel_reason], ['cancelled', 'customer']);
    assert.equal((await t.ctx.database.db.selectFrom('refunds').select('id').where('order_id', '=', order!.id).execute()).length, 0);
    assert.equal((await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', order!.id).execute()).length, 0);
  });

  test('a key-billed subscription is the seller\'s to bill: renewed, no order here', async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const customer = await createBillingCustomer(t);
    const { subscriptionId } = await createTestSubscription(t, customer.organizationId, { seats: 2 });
    const row = await subscription(subscriptionId);
    await sweepNow(t.ctx.database, at(`${row.end_date}T23:59`, TOKYO).add({ minutes: 2 }));
    assert.notEqual((await subscription(subscriptionId)).end_date, row.end_date);
    assert.equal((await autoRenewalOrders(customer.organizationId)).length, 0);
  });
});

describe('renewal reminders and paid terms', () => {
  test('a renewal paid before its reminder went out: the reminder is not sent, and none follow for that term', async () => {
    const { customer, subscriptionId } = await directCustomer();
    // E − 60: the sweeper announces the reminder; before the mail worker comes, the renewal is paid.
    await sweepNow(t.ctx.database, at('2027-09-21T00:01', TOKYO));
    t.clock.set(at('2027-09-21T08:00', TOKYO));
    const paying = await signedIn(customer);
    const order = await placeOrder(t, paying, [{ purpose: 'renewal', subscriptionId }]);
    assert.equal((await payByTestCard(t, paying, order.id)).statusCode, 200);
    await deliverAllDue(t.ctx);
    for (const day of ['2027-10-21', '2027-11-13', '2027-11-19']) {
      await sweepNow(t.ctx.database, at(`${day}T00:01`, TOKYO));
      t.clock.set(at(`${day}T00:02`, TOKYO));
      await deliverAllDue(t.ctx);
    }
    const subjects = peer.received.filter((m) => m.envelope.to.includes(customer.admin.email)).map((m) => m.subject);
    assert.equal(subjects.length, 2, subjects.join('\n'));
    assert.ok(subjects.every((s) => s.includes(order.number) || /INV-/.test(s)), subjects.join('\n'));
    const reminder = await t.ctx.database.db.selectFrom('deliveries').select(['state', 'last_error']).where('event_type', '=', 'subscription.renewal_reminder').where('organization_id', '=', customer.organizationId).execute();
    assert.deepEqual(reminder.map((d) => d.state), ['cancelled']);
    assert.match(reminder[0]!.last_error ?? '', /renewed/);
  });

  test('a renewal ordered but not yet paid does not silence the reminders', async () => {
    const { customer, subscriptionId } = await directCustomer();
    t.clock.set(at('2027-09-20T10:00', TOKYO));
    await placeOrder(t, await signedIn(customer), [{ purpose: 'renewal', subscriptionId }], 'bank_transfer');
    await sweepNow(t.ctx.database, at('2027-09-21T00:01', TOKYO));
    t.clock.set(at('2027-09-21T00:02', TOKYO));
    await deliverAllDue(t.ctx);
    const subjects = peer.received.filter((m) => m.envelope.to.includes(customer.admin.email)).map((m) => m.subject);
    assert.equal(subjects.length, 1, subjects.join('\n'));
    assert.match(subjects[0]!, /更新/);
  });
});
