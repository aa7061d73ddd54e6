// Orders through the API (SPEC §8): lines priced by the subscription rules, tax per rate rounded
// once per order, order numbers, nothing applied before payment, a card payment applying the
// order and issuing its invoice, and every refusal changing nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_NUMBER_PATTERN } from '@licentia/core/billing';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, createToken, type Actor } from '../../../test/support/fixtures.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer, paidOrder, payByTestCard, placeOrder, type BillingCustomer } from './testing.ts';

let t: TestApp;
let customer: BillingCustomer;
let vendorAdmin: Actor;

before(async () => {
  t = await createTestApp();
  customer = await createBillingCustomer(t);
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
});
after(() => t.close());

const ordersUrl = (c: BillingCustomer = customer) => `/v1/organizations/${c.organizationId}/orders`;

async function quote(lines: unknown[], c: BillingCustomer = customer) {
  return t.inject({ method: 'POST', url: `${ordersUrl(c)}/quote`, headers: c.admin.writeHeaders, payload: { lines } });
}

async function subscriptionsOf(organizationId: string) {
  return t.ctx.database.db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

async function eventTypes(organizationId: string) {
  const rows = await t.ctx.database.db.selectFrom('outbox_events').select('type').where('organization_id', '=', organizationId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

test('no orders before the vendor has an issuer: BILLING_NOT_CONFIGURED, nothing stored', async () => {
  const planId = await createBillingPlan(t);
  const response = await t.inject({ method: 'POST', url: ordersUrl(), headers: customer.admin.writeHeaders, payload: { lines: [{ purpose: 'new_subscription', planId, seats: 1 }], paymentMethod: 'card', confirm: true } });
  assert.equal(response.statusCode, 409, response.body);
  assert.equal(response.json().code, 'BILLING_NOT_CONFIGURED');
  assert.equal((await t.ctx.database.db.selectFrom('orders').select('id').execute()).length, 0);
  await ensureTestIssuer(t);
});

describe('tax per rate, rounded once per order', () => {
  test('three lines of ¥105 at 10 % are ¥31 of tax, not ¥30', async () => {
    const planId = await createBillingPlan(t, { priceMinor: 105 });
    const response = await quote([1, 2, 3].map(() => ({ purpose: 'new_subscription', planId, seats: 1 })));
    assert.equal(response.statusCode, 200, response.body);
    const q = response.json();
    assert.deepEqual(q.lines.map((l: { amount: { amountMinor: number } }) => l.amount.amountMinor), [105, 105, 105]);
    assert.deepEqual(q.taxes, [{ rate: 'standard', percent: 10, taxable: { amountMinor: 315, currency: 'JPY', amount: '315' }, tax: { amountMinor: 31, currency: 'JPY', amount: '31' } }]);
    assert.equal(q.total.amountMinor, 346);
  });

  test('mixed 10 % and 8 % lines: each rate totalled and taxed on its own, the reduced line marked', async () => {
    const standard = await createBillingPlan(t, { priceMinor: 1005 });
    const reduced = await createBillingPlan(t, { priceMinor: 1005, taxClass: 'reduced' });
    const q = (await quote([{ purpose: 'new_subscription', planId: standard, seats: 2 }, { purpose: 'new_subscription', planId: reduced, seats: 1 }])).json();
    assert.deepEqual(q.lines.map((l: { taxClass: string; reducedRate: boolean }) => [l.taxClass, l.reducedRate]), [['standard', false], ['reduced', true]]);
    // 2010 × 10 % = 201; 1005 × 8 % = 80.4 → 80.
    assert.deepEqual(q.taxes.map((r: { percent: number; taxable: { amountMinor: number }; tax: { amountMinor: number } }) => [r.percent, r.taxable.amountMinor, r.tax.amountMinor]), [[10, 2010, 201], [8, 1005, 80]]);
    assert.equal(q.tax.amountMinor, 281);
    assert.equal(q.total.amountMinor, 3296);
  });

  test("the issuer's rounding applies (floor by default, half up when configured)", async () => {
    const planId = await createBillingPlan(t, { priceMinor: 2005 });
    const lines = [{ purpose: 'new_subscription', planId, seats: 1 }];
    assert.equal((await quote(lines)).json().tax.amountMinor, 200); // 200.5 → 200
    const issuerId = await ensureTestIssuer(t);
    const patched = await t.inject({ method: 'PATCH', url: `/v1/billing/issuers/${issuerId}`, headers: vendorAdmin.writeHeaders, payload: { taxRounding: 'half_up' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal((await quote(lines)).json().tax.amountMinor, 201);
    await t.inject({ method: 'PATCH', url: `/v1/billing/issuers/${issuerId}`, headers: vendorAdmin.writeHeaders, payload: { taxRounding: 'floor' } });
  });

  test('USD: cents, the same rule', async () => {
    const planId = await createBillingPlan(t, { priceMinor: 1999, currency: 'USD' });
    const q = (await quote([{ purpose: 'new_subscription', planId, seats: 3 }])).json();
    assert.deepEqual([q.currency, q.subtotal.amount, q.tax.amount, q.total.amount], ['USD', '59.97', '5.99', '65.96']);
  });
});

describe('placing and paying an order', () => {
  test('placed: numbered in Japan time, pending, nothing applied, no invoice yet', async () => {
    const c = await createBillingCustomer(t);
    const planId = await createBillingPlan(t);
    const order = await placeOrder(t, c, [{ purpose: 'new_subscription', planId, seats: 3 }]);
    assert.match(order.number, ORDER_NUMBER_PATTERN);
    // The test clock is 2026-11-21T00:30:00Z: 09:30:00 in Tokyo; a person in the portal is WB.
    assert.ok(order.number.startsWith('WB-20261121093000-'), order.number);
    assert.equal(order.status, 'pending_payment');
    assert.equal(order.total.amountMinor, 49_500); // 3 × ¥15,000 + 10 %
    assert.deepEqual(order.lines.map((l: { applied: unknown }) => l.applied), [null]);
    assert.equal((await subscriptionsOf(c.organizationId)).length, 0);
    const invoice = await t.inject({ method: 'GET', url: `${ordersUrl(c)}/${order.id}/invoice`, headers: c.admin.headers });
    assert.equal(invoice.statusCode, 409);
    assert.equal(invoice.json().code, 'INVOICE_NOT_AVAILABLE_UNTIL_PAID');
    assert.match(invoice.json().title, /order .* is issued once the order is paid/);
  });

  test('paid by card: captured at once, applied, invoiced; a second payment is refused', async () => {
    const c = await createBillingCustomer(t);
    const planId = await createBillingPlan(t);
    const order = await placeOrder(t, c, [{ purpose: 'new_subscription', planId, seats: 3 }]);
    const paid = await payByTestCard(t, c, order.id);
    assert.equal(paid.statusCode, 200, paid.body);
    const body = paid.json();
    assert.equal(body.status, 'succeeded');
    assert.equal(body.order.status, 'paid');
    const [subscription] = await subscriptionsOf(c.organizationId);
    assert.equal(subscription!.seats, 3);
    assert.equal(subscription!.billing_mode, 'direct');
    assert.deepEqual(body.order.lines[0].applied.subscriptionId, subscription!.id);
    const change = await t.ctx.database.db.selectFrom('subscription_changes').selectAll().where('subscription_id', '=', subscription!.id).executeTakeFirstOrThrow();
    assert.deepEqual([change.source, change.amount_minor], ['order', 45_000]);
    const invoice = (await t.inject({ method: 'GET', url: `${ordersUrl(c)}/${order.id}/invoice`, headers: c.admin.headers })).json();
    assert.equal(invoice.id, body.order.invoiceId);
    assert.match(invoice.number, /^INV-\d{8}$/);
    assert.deepEqual([invoice.subtotal.amountMinor, invoice.tax.amountMinor, invoice.total.amountMinor], [45_000, 4_500, 49_500]);
    assert.deepEqual((await eventTypes(c.organizationId)).filter((e) => !e.startsWith('subscription.')), ['order.created', 'invoice.issued', 'payment.completed']);

    const again = await payByTestCard(t, c, order.id);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ORDER_NOT_PAYABLE');
    assert.equal(again.json().reason, 'PAID');
    assert.equal((await subscriptionsOf(c.organizationId)).length, 1);
  });

  test('a declined card: 402, nothing charged or applied; another card then pays', async () => {
    const c = await createBillingCustomer(t);
    const order = await placeOrder(t, c, [{ purpose: 'new_subscription', planId: await createBillingPlan(t), seats: 1 }]);
    const declined = await payByTestCard(t, c, order.id, 'pm_card_chargeDeclined');
    assert.equal(declined.statusCode, 402, declined.body);
    assert.equal(declined.json().code, 'PAYMENT_DECLINED');
    assert.equal(declined.json().declineCode, 'generic_decline');
    assert.equal((await subscriptionsOf(c.organizationId)).length, 0);
    assert.equal((await payByTestCard(t, c, order.id)).statusCode, 200);
    assert.equal((await subscriptionsOf(c.organizationId)).length, 1);
  });

  test('a card wanting authentication: pending with its client secret, nothing applied', async () => {
    const c = await createBillingCustomer(t);
    const order = await placeOrder(t, c, [{ purpose: 'new_subscription', planId: await createBillingPlan(t), seats: 1 }]);
    const pending = await payByTestCard(t, c, order.id, 'pm_card_authenticationRequired');
    assert.equal(pending.statusCode, 200, pending.body);
    assert.equal(pending.json().status, 'pending');
    assert.match(pending.json().clientSecret, /_secret_/);
    assert.equal(pending.json().order.status, 'pending_payment');
    assert.equal((await subscriptionsOf(c.organizationId)).length, 0);
  });

  test('renewal, seat addition and coterminous purchase: each applied at its line price when paid', async () => {
    const c = await createBillingCustomer(t);
    const first = await paidOrder(t, c, { priceMinor: 12_000 }, 2);
    const subscriptionId = first.lines[0].applied.subscriptionId;
    const [before] = await subscriptionsOf(c.organizationId);
    const otherPlan = await createBillingPlan(t, { priceMinor: 24_000 });
    const order = await placeOrder(t, c, [
      { purpose: 'renewal', subscriptionId },
      { purpose: 'seat_addition', subscriptionId, seats: 3 },
      { purpose: 'coterminous', planId: otherPlan, seats: 1, alignWithSubscriptionId: subscriptionId },
    ]);
    const amounts = order.lines.map((l: { amount: { amountMinor: number } }) => l.amount.amountMinor);
    assert.equal(amounts[0], 24_000); // one more term of 2 seats
    assert.equal((await payByTestCard(t, c, order.id)).statusCode, 200);
    const rows = await subscriptionsOf(c.organizationId);
    const renewed = rows.find((r) => r.id === subscriptionId)!;
    assert.equal(renewed.seats, 5);
    assert.equal(renewed.end_date, '2028-11-20', `renewed a term from ${before!.end_date}`);
    const aligned = rows.find((r) => r.id !== subscriptionId)!;
    assert.equal(aligned.end_date, before!.end_date, 'coterminous with the first term');
    const changes = await t.ctx.database.db.selectFrom('subscription_changes').select(['kind', 'amount_minor', 'subscription_id']).where('organization_id', '=', c.organizationId).orderBy('id').execute();
    assert.deepEqual(changes.slice(1).map((ch) => [ch.kind, ch.amount_minor]), [['renewal', amounts[0]], ['seat_addition', amounts[1]], ['purchase', amounts[2]]]);
  });
});

describe('refusals change nothing', () => {
  test('an incomplete line, mixed currencies, a changed total', async () => {
    const renewal = await t.inject({ method: 'POST', url: ordersUrl(), headers: customer.admin.writeHeaders, payload: { lines: [{ purpose: 'renewal' }], paymentMethod: 'card', confirm: true } });
    assert.equal(renewal.statusCode, 422);
    assert.deepEqual([renewal.json().code, renewal.json().reason, renewal.json().line], ['ORDER_LINE_INVALID', 'SUBSCRIPTION_REQUIRED', 1]);
    const yen = await createBillingPlan(t);
    const dollars = await createBillingPlan(t, { currency: 'USD', priceMinor: 100 });
    const mixed = await quote([{ purpose: 'new_subscription', planId: yen, seats: 1 }, { purpose: 'new_subscription', planId: dollars, seats: 1 }]);
    assert.equal(mixed.json().code, 'ORDER_CURRENCY_MIXED');
    const changed = await t.inject({ method: 'POST', url: ordersUrl(), headers: customer.admin.writeHeaders, payload: { lines: [{ purpose: 'new_subscription', planId: yen, seats: 1 }], paymentMethod: 'card', expectedTotalMinor: 15_000, confirm: true } });
    assert.equal(changed.statusCode, 409);
    assert.deepEqual([changed.json().code, changed.json().amountMinor], ['PRICE_CHANGED', 16_500]);
    const orders = await t.ctx.database.db.selectFrom('orders').select('id').where('organization_id', '=', customer.organizationId).execute();
    assert.equal(orders.length, 0);
  });

  test('members who are not billing or global admins may not order; an API token orders on channel AP', async () => {
    const planId = await createBillingPlan(t);
    const member = await createActor(t, customer.organizationId, ['license_admin']);
    const refused = await t.inject({ method: 'POST', url: ordersUrl(), headers: member.writeHeaders, payload: { lines: [{ purpose: 'new_subscription', planId, seats: 1 }], paymentMethod: 'card', confirm: true } });
    assert.equal(refused.statusCode, 403);
    const token = await createToken(t, customer.organizationId, ['billing_admin']);
    const viaToken = await t.inject({ method: 'POST', url: ordersUrl(), headers: token.headers, payload: { lines: [{ purpose: 'new_subscription', planId, seats: 1 }], paymentMethod: 'bank_transfer', confirm: true } });
    assert.equal(viaToken.statusCode, 201, viaToken.body);
    assert.match(viaToken.json().number, /^AP-/);
  });

  test('a pending order given up cannot be paid afterwards', async () => {
    const c = await createBillingCustomer(t);
    const order = await placeOrder(t, c, [{ purpose: 'new_subscription', planId: await createBillingPlan(t), seats: 1 }]);
    const cancelled = await t.inject({ method: 'POST', url: `${ordersUrl(c)}/${order.id}/cancel`, headers: c.admin.writeHeaders, payload: { confirm: true } });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual([cancelled.json().status, cancelled.json().cancelReason], ['cancelled', 'customer']);
    const pay = await payByTestCard(t, c, order.id);
    assert.deepEqual([pay.statusCode, pay.json().reason], [409, 'CANCELLED']);
    const again = await t.inject({ method: 'POST', url: `${ordersUrl(c)}/${order.id}/cancel`, headers: c.admin.writeHeaders, payload: { confirm: true } });
    assert.equal(again.json().code, 'ORDER_NOT_CANCELLABLE');
  });

  test('paid, but no longer applicable (the seats would pass the maximum): the order is cancelled and the money refunded', async () => {
    const c = await createBillingCustomer(t);
    const first = await paidOrder(t, c, { maxSeatsPerSubscription: 10 }, 5);
    const subscriptionId = first.lines[0].applied.subscriptionId;
    const order = await placeOrder(t, c, [{ purpose: 'seat_addition', subscriptionId, seats: 5 }]);
    // Meanwhile another order takes the subscription to its maximum.
    await paidSeatAddition(c, subscriptionId, 5);
    const pay = await payByTestCard(t, c, order.id);
    assert.equal(pay.statusCode, 409, pay.body);
    assert.equal(pay.json().refunded, true);
    const row = await t.ctx.database.db.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.cancel_reason, row.cancel_detail], ['cancelled', 'not_applicable', 'SEAT_LIMIT_EXCEEDED']);
    const refunds = await t.ctx.database.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
    assert.deepEqual(refunds.map((r) => [r.reason, r.method, r.total_minor]), [['unapplied_payment', 'card', order.total.amountMinor]]);
    assert.equal((await subscriptionsOf(c.organizationId))[0]!.seats, 10);
    assert.equal((await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', order.id).execute()).length, 0);
  });
});

async function paidSeatAddition(c: BillingCustomer, subscriptionId: string, seats: number) {
  const order = await placeOrder(t, c, [{ purpose: 'seat_addition', subscriptionId, seats }]);
  assert.equal((await payByTestCard(t, c, order.id)).statusCode, 200);
}
