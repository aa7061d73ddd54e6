// Bank transfers (SPEC §8): pending with a due date until paid; the vendor records a transfer or
// imports a statement to reconcile; unpaid by the due date, the order is cancelled and changes
// nothing. Money that paid nothing is recorded and owed back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { at } from '../sweeper/testing.ts';
import { cancelLapsedOrders } from './due-orders.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer, placeOrder, type BillingCustomer } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;
let vendorAdmin: Actor;
let planId: string;

before(async () => {
  t = await createTestApp();
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
  await ensureTestIssuer(t);
  planId = await createBillingPlan(t, { priceMinor: 10_000 });
});
after(() => t.close());

async function fresh(actor: Actor): Promise<Actor> {
  return { ...actor, ...(await signInAs(t, actor.userId)) };
}

async function bankOrder(customer: BillingCustomer) {
  return placeOrder(t, customer, [{ purpose: 'new_subscription', planId, seats: 1 }], 'bank_transfer');
}

async function record(orderNumber: string, body: Record<string, unknown>) {
  return t.inject({ method: 'POST', url: `/v1/billing/orders/${orderNumber}/payments`, headers: (await fresh(vendorAdmin)).writeHeaders, payload: body });
}

async function importStatement(csv: string) {
  return t.inject({ method: 'POST', url: '/v1/billing/bank-statements', headers: (await fresh(vendorAdmin)).writeHeaders, payload: { csv } });
}

async function state(customer: BillingCustomer, orderId: string) {
  const db = t.ctx.database.db;
  const order = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const subscriptions = await db.selectFrom('subscriptions').select('id').where('organization_id', '=', customer.organizationId).execute();
  const invoices = await db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute();
  const refunds = await db.selectFrom('refunds').select(['reason', 'method', 'total_minor']).where('order_id', '=', orderId).execute();
  return { status: order.status, cancelReason: order.cancel_reason, subscriptions: subscriptions.length, invoices: invoices.length, refunds: refunds.map((r) => [r.reason, r.method, r.total_minor]) };
}

describe('a bank-transfer order', () => {
  test('is pending with a due date 7 days on (the issuer\'s terms), the account to pay and the order number as reference', async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const customer = await createBillingCustomer(t);
    const order = await bankOrder(customer);
    assert.deepEqual([order.status, order.paymentMethod, order.dueDate], ['pending_payment', 'bank_transfer', '2026-11-28']);
    assert.equal(order.bankTransfer.reference, order.number);
    assert.match(order.bankTransfer.account.ja, /普通 1234567/);
    assert.deepEqual(await state(customer, order.id), { status: 'pending_payment', cancelReason: null, subscriptions: 0, invoices: 0, refunds: [] });
  });

  test('recorded by the vendor: applied and invoiced; the same transfer recorded again changes nothing', async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const customer = await createBillingCustomer(t);
    const order = await bankOrder(customer);
    const first = await record(order.number, { reference: 'MZ-0001', receivedOn: '2026-11-24' });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual([first.json().outcome, first.json().order.status], ['applied', 'paid']);
    const again = await record(order.number, { reference: 'MZ-0001', receivedOn: '2026-11-24' });
    assert.deepEqual([again.json().outcome, again.json().reason], ['already_recorded', null]);
    assert.deepEqual(await state(customer, order.id), { status: 'paid', cancelReason: null, subscriptions: 1, invoices: 1, refunds: [] });
    const wrong = await record((await bankOrder(customer)).number, { reference: 'MZ-0002', receivedOn: '2026-11-24', amountMinor: 1 });
    assert.deepEqual([wrong.statusCode, wrong.json().code], [422, 'PAYMENT_AMOUNT_MISMATCH']);
  });
});

describe('a bank statement', () => {
  test('each credit naming an order pays it once; what names none, or pays the wrong amount, is reported (and owed back)', async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const a = await createBillingCustomer(t);
    const b = await createBillingCustomer(t);
    const paid = await bankOrder(a);
    const short = await bankOrder(b);
    const csv = [
      '\uFEFFDate,Reference,Amount,Currency,Payer,Transaction_ID',
      `2026/11/23,"ﾃｽﾄｼｮｳｼﾞ ${paid.number}",11000,JPY,ﾃｽﾄｼｮｳｼﾞ(ｶ,MZ-9001`,
      `2026-11-23,"ABC, no order here",5000,JPY,ABC,MZ-9002`,
      '2026-11-23,"WB-20261121093000-999999999",11000,JPY,X,MZ-9003',
      `2026-11-24,"${short.number}","10,000",JPY,ﾃｽﾄ,MZ-9004`,
      '2026-11-24,"bank fee",-220,JPY,,MZ-9005',
    ].join('\r\n');
    const imported = await importStatement(csv);
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json().lines.map((l: { line: number; outcome: string; reason: string | null }) => [l.line, l.outcome, l.reason]), [
      [2, 'applied', null],
      [3, 'no_order_number', null],
      [4, 'unknown_order', null],
      [5, 'unapplied', 'amount_mismatch'],
    ]);
    assert.equal(imported.json().applied, 1);
    assert.deepEqual(await state(a, paid.id), { status: 'paid', cancelReason: null, subscriptions: 1, invoices: 1, refunds: [] });
    // The short payment is owed back by hand; the order still waits for its full amount.
    assert.deepEqual(await state(b, short.id), { status: 'pending_payment', cancelReason: null, subscriptions: 0, invoices: 0, refunds: [['unapplied_payment', 'manual', 10_000]] });

    const again = await importStatement(csv);
    assert.deepEqual(again.json().lines.map((l: { outcome: string }) => l.outcome), ['already_recorded', 'no_order_number', 'unknown_order', 'already_recorded']);
    assert.equal((await t.ctx.database.db.selectFrom('payments').select('id').where('order_id', 'in', [paid.id, short.id]).execute()).length, 2);

    // The vendor sends the short payment back and records it, once.
    const refund = await t.ctx.database.db.selectFrom('refunds').select('id').where('order_id', '=', short.id).executeTakeFirstOrThrow();
    const url = `/v1/organizations/${b.organizationId}/refunds/${refund.id}/complete`;
    const done = await t.inject({ method: 'POST', url, headers: (await fresh(vendorAdmin)).writeHeaders, payload: { reference: 'MZ-OUT-1' } });
    assert.deepEqual([done.statusCode, done.json().state], [200, 'succeeded']);
    const twice = await t.inject({ method: 'POST', url, headers: (await fresh(vendorAdmin)).writeHeaders, payload: { reference: 'MZ-OUT-1' } });
    assert.equal(twice.json().code, 'REFUND_NOT_PENDING');
  });

  test('a statement that cannot be read is refused whole, recording nothing', async () => {
    const customer = await createBillingCustomer(t);
    const order = await bankOrder(customer);
    for (const [csv, problem] of [
      ['when,amount\r\n2026-11-23,100', /no "date" column/],
      [`date,amount,currency,reference\r\n2026-11-23,11000,JPY,${order.number}\r\n2026-13-01,5,JPY,x`, /line 3: "2026-13-01" is not a date/],
      [`date,amount,currency,reference\r\n2026-11-23,110.5,JPY,${order.number}`, /not an amount in JPY/],
      ['date,amount,currency,reference\r\n2026-11-23,1,JPY,"open', /quoted field/],
    ] as const) {
      const response = await importStatement(csv);
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().code, 'BANK_STATEMENT_INVALID');
      assert.match(response.json().problem, problem);
    }
    assert.equal((await state(customer, order.id)).status, 'pending_payment');
  });
});

describe('the due date', () => {
  test('unpaid by the due date (the 28th in Tokyo): cancelled at the start of the next day there, nothing applied', async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const customer = await createBillingCustomer(t);
    const order = await bankOrder(customer);
    assert.equal(await cancelLapsedOrders(t.ctx.database, at('2026-11-28T23:59:59.999', TOKYO)), 0);
    assert.equal((await state(customer, order.id)).status, 'pending_payment');
    // Two workers at once: every lapsed order (this one and earlier tests') is cancelled, and
    // announced, once.
    const lapsed = await t.ctx.database.db.selectFrom('orders').select('id').where('status', '=', 'pending_payment').execute();
    const [one, two] = await Promise.all([cancelLapsedOrders(t.ctx.database, at('2026-11-29T00:00', TOKYO)), cancelLapsedOrders(t.ctx.database, at('2026-11-29T00:00', TOKYO))]);
    assert.equal(one + two, lapsed.length);
    assert.equal(await cancelLapsedOrders(t.ctx.database, at('2026-11-29T00:00', TOKYO)), 0);
    assert.deepEqual(await state(customer, order.id), { status: 'cancelled', cancelReason: 'unpaid', subscriptions: 0, invoices: 0, refunds: [] });
    const audit = await t.ctx.database.db.selectFrom('audit_events').select(['action', 'actor_type']).where('target_id', '=', order.id).where('action', '=', 'order.cancelled').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_type]), [['order.cancelled', 'system']]);
    const events = await t.ctx.database.db.selectFrom('outbox_events').select('type').where('organization_id', '=', customer.organizationId).execute();
    assert.deepEqual(events.map((e) => e.type), ['order.created', 'order.cancelled']);

    // A transfer arriving afterwards pays nothing and is owed back.
    t.clock.set(at('2026-11-30T09:00', TOKYO));
    const late = await record(order.number, { reference: 'MZ-LATE', receivedOn: '2026-11-29' });
    assert.deepEqual([late.json().outcome, late.json().reason], ['unapplied', 'cancelled']);
    assert.deepEqual(await state(customer, order.id), { status: 'cancelled', cancelReason: 'unpaid', subscriptions: 0, invoices: 0, refunds: [['unapplied_payment', 'manual', 11_000]] });
  });

  test("the transfer's own day counts: received on the due date but recorded a day later (before the worker came) pays; received after it does not", async () => {
    t.clock.set(at('2026-11-21T10:00', TOKYO));
    const customer = await createBillingCustomer(t);
    const inTime = await bankOrder(customer);
    const tooLate = await bankOrder(customer);
    t.clock.set(at('2026-11-29T09:00', TOKYO));
    const paid = await importStatement(`date,amount,currency,reference\r\n2026-11-28,11000,JPY,${inTime.number}\r\n2026-11-29,11000,JPY,${tooLate.number}`);
    assert.deepEqual(paid.json().lines.map((l: { outcome: string; reason: string | null }) => [l.outcome, l.reason]), [['applied', null], ['unapplied', 'late']]);
    assert.equal((await state(customer, inTime.id)).status, 'paid');
    assert.deepEqual(await state(customer, tooLate.id), { status: 'cancelled', cancelReason: 'unpaid', subscriptions: 1, invoices: 0, refunds: [['unapplied_payment', 'manual', 11_000]] });
  });
});
