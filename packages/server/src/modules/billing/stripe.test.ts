// The Stripe adapter over real HTTP against recorded exchanges (providers/stripe-replay.ts), and
// Stripe's signed webhooks through the public route: captured at once, authentication then the
// webhook, declines, an unreachable Stripe retried under the same idempotency key, refunds, and
// signatures checked as Stripe documents them (openssl-signed fixture, tampering, ±300 s, rotation).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { signInAs } from '../../../test/support/fixtures.ts';
import { StripeProvider, STRIPE_API_VERSION } from './providers/stripe.ts';
import { readFixture, signedEvent, startStripeReplay, type StripeReplay } from './providers/stripe-replay.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer, placeOrder, payByTestCard, type BillingCustomer } from './testing.ts';

const SECRET_KEY = 'sk_test_51QbH9kLkdIwHu7ixReplayKey';
const WEBHOOK_SECRET = 'whsec_9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const STATIC = readFixture<{ secret: string; timestamp: number; header: string; body: string }>('signed-delivery');

let t: TestApp;
let stripe: StripeReplay;
let customer: BillingCustomer;

before(async () => {
  stripe = await startStripeReplay();
  t = await createTestApp({
    // Two webhook secrets, as during a rotation of the endpoint's secret in Stripe's dashboard.
    billing: { cardProvider: 'stripe', stripe: { apiBase: stripe.url, secretKey: SECRET_KEY, webhookSecrets: [WEBHOOK_SECRET, STATIC.secret] } },
  });
  await ensureTestIssuer(t);
});
after(async () => {
  await t.close();
  await stripe.close();
});
beforeEach(async () => {
  stripe.received.length = 0;
  customer = await createBillingCustomer(t);
});

const nowSeconds = () => Math.floor(t.clock.now().epochMilliseconds / 1000);

async function newOrder() {
  return placeOrder(t, customer, [{ purpose: 'new_subscription', planId: await createBillingPlan(t), seats: 1 }]);
}

function varsOf(order: { id: string; number: string; total: { amountMinor: number } }, paymentIntent: string) {
  return { order_id: order.id, organization_id: customer.organizationId, order_number: order.number, amount: String(order.total.amountMinor), payment_intent: paymentIntent, created: String(nowSeconds()) };
}

/** The id the recorded exchanges give the PaymentIntent of an order (stripe-replay.ts). */
const intentOf = (prefix: string, order: { id: string }) => `${prefix}${order.id.slice(-10)}`;

async function deliver(delivery: { body: string; header: string }) {
  return t.inject({ method: 'POST', url: '/v1/billing/providers/stripe/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': delivery.header }, payload: delivery.body });
}

async function counts(orderId: string) {
  const db = t.ctx.database.db;
  const [payments, invoices, subscriptions, mails] = await Promise.all([
    db.selectFrom('payments').select('id').where('order_id', '=', orderId).execute(),
    db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute(),
    db.selectFrom('subscriptions').select('id').where('organization_id', '=', customer.organizationId).execute(),
    db.selectFrom('outbox_events').select('id').where('organization_id', '=', customer.organizationId).where('type', '=', 'payment.completed').execute(),
  ]);
  return { payments: payments.length, invoices: invoices.length, subscriptions: subscriptions.length, paymentMails: mails.length };
}

describe('charging a card', () => {
  test('captured at once: the request Stripe documents, then the order paid; the webhook that follows changes nothing', async () => {
    const order = await newOrder();
    stripe.expect('payment-intent-succeeded');
    const paid = await payByTestCard(t, customer, order.id);
    assert.equal(paid.statusCode, 200, paid.body);
    assert.equal(paid.json().order.status, 'paid');
    const [sent] = stripe.received;
    assert.equal(sent!.mismatch, undefined);
    assert.equal(sent!.headers.authorization, `Bearer ${SECRET_KEY}`);
    assert.equal(sent!.headers['idempotency-key'], `${order.id}:1`);
    assert.equal(sent!.headers['stripe-version'], STRIPE_API_VERSION);
    assert.equal(sent!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(sent!.form.amount, '16500');
    const payment = await t.ctx.database.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    assert.deepEqual([payment.provider, payment.reference, payment.amount_minor, payment.currency], ['stripe', intentOf('pi_3QbH9kLkdIwHu7ix', order), 16_500, 'JPY']);

    const webhook = await deliver(signedEvent('event-payment-intent-succeeded', varsOf(order, payment.reference), WEBHOOK_SECRET, nowSeconds()));
    assert.equal(webhook.statusCode, 200, webhook.body);
    assert.deepEqual(webhook.json(), { received: true, outcome: 'duplicate' });
    assert.deepEqual(await counts(order.id), { payments: 1, invoices: 1, subscriptions: 1, paymentMails: 1 });
  });

  test('3-D Secure: pending with the client secret; processing is ignored; the success webhook pays, once', async () => {
    const order = await newOrder();
    stripe.expect('payment-intent-requires-action');
    const pending = await payByTestCard(t, customer, order.id, 'pm_card_authenticationRequired');
    assert.equal(pending.statusCode, 200, pending.body);
    const intent = intentOf('pi_3QbHB2LkdIwHu7ix', order);
    assert.deepEqual([pending.json().status, pending.json().clientSecret], ['pending', `${intent}_secret_Qm4TzVb8pLwA`]);
    assert.deepEqual(await counts(order.id), { payments: 0, invoices: 0, subscriptions: 0, paymentMails: 0 });
    const vars = varsOf(order, intent);
    assert.equal((await deliver(signedEvent('event-payment-intent-processing', vars, WEBHOOK_SECRET, nowSeconds()))).json().outcome, 'ignored');
    assert.equal((await deliver(signedEvent('event-payment-intent-succeeded', vars, WEBHOOK_SECRET, nowSeconds()))).json().outcome, 'paid');
    assert.equal((await deliver(signedEvent('event-payment-intent-succeeded', vars, WEBHOOK_SECRET, nowSeconds()))).json().outcome, 'duplicate');
    assert.deepEqual(await counts(order.id), { payments: 1, invoices: 1, subscriptions: 1, paymentMails: 1 });
  });

  test('declined: 402 with the decline code; a payment_failed webhook is recorded on the order', async () => {
    const order = await newOrder();
    stripe.expect('payment-intent-card-declined');
    const declined = await payByTestCard(t, customer, order.id, 'pm_card_visa_chargeDeclinedInsufficientFunds');
    assert.equal(declined.statusCode, 402, declined.body);
    assert.deepEqual([declined.json().code, declined.json().declineCode], ['PAYMENT_DECLINED', 'insufficient_funds']);
    const failed = await deliver(signedEvent('event-payment-intent-payment-failed', varsOf(order, intentOf('pi_3QbHC4LkdIwHu7ix', order)), WEBHOOK_SECRET, nowSeconds()));
    assert.equal(failed.json().outcome, 'recorded');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select(['action', 'data']).where('target_id', '=', order.id).where('action', 'like', 'order.card%').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['order.card_declined', 'order.card_payment_failed']);
    assert.deepEqual(await counts(order.id), { payments: 0, invoices: 0, subscriptions: 0, paymentMails: 0 });
  });

  test('Stripe unreachable (500): 503, and the retry asks under the same idempotency key', async () => {
    const order = await newOrder();
    stripe.expect('server-error');
    const failed = await payByTestCard(t, customer, order.id);
    assert.equal(failed.statusCode, 503, failed.body);
    assert.equal(failed.json().code, 'PAYMENT_PROVIDER_UNAVAILABLE');
    assert.ok(Number(failed.headers['retry-after']) > 0);
    // While the attempt's lease runs, another attempt is refused rather than charged.
    const early = await payByTestCard(t, customer, order.id);
    assert.equal(early.json().code, 'CARD_PAYMENT_IN_PROGRESS');
    t.clock.advance({ seconds: 61 });
    customer.admin = { ...customer.admin, ...(await signInAs(t, customer.admin.userId)) };
    stripe.expect('payment-intent-succeeded');
    const retried = await payByTestCard(t, customer, order.id);
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual(stripe.received.map((r) => r.headers['idempotency-key']), [`${order.id}:1`, `${order.id}:1`]);
    assert.deepEqual(await counts(order.id), { payments: 1, invoices: 1, subscriptions: 1, paymentMails: 1 });
  });
});

test('refunds: POST /v1/refunds against the PaymentIntent, with the refund id as idempotency key', async () => {
  const provider = new StripeProvider({ apiBase: stripe.url, secretKey: SECRET_KEY, webhookSecrets: [] });
  stripe.expect('refund-succeeded');
  const outcome = await provider.refund({ paymentReference: 'pi_3QbH9kLkdIwHu7ix0aA1b2C3', amountMinor: 4_125, currency: 'JPY', idempotencyKey: 'rfd_test_1' });
  assert.deepEqual(outcome, { status: 'succeeded', reference: 're_3QbHD8LkdIwHu7ix0Rf1nD01' });
  assert.equal(stripe.received[0]!.mismatch, undefined);
  assert.equal(stripe.received[0]!.headers['idempotency-key'], 'rfd_test_1');
});

describe('webhook signatures', () => {
  test("a delivery signed outside this code base (openssl) verifies at its time; an event that is not a PaymentIntent of ours is acknowledged and ignored", async () => {
    t.clock.set(Temporal.Instant.fromEpochMilliseconds(STATIC.timestamp * 1000));
    const response = await deliver(STATIC);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { received: true, outcome: 'ignored' });
  });

  test('a changed body, a foreign secret, a stale or future timestamp, or no signature: 400, nothing done', async () => {
    t.clock.set(Temporal.Instant.fromEpochMilliseconds(STATIC.timestamp * 1000));
    const tampered = await deliver({ ...STATIC, body: STATIC.body.replace('someone@example.com', 'mallory@example.com') });
    assert.deepEqual([tampered.statusCode, tampered.json().code, tampered.json().reason], [400, 'WEBHOOK_SIGNATURE_INVALID', 'NO_MATCHING_SIGNATURE']);
    const foreign = await deliver(signedEvent('event-payment-intent-processing', { created: '0' }, 'whsec_someone_else', STATIC.timestamp));
    assert.equal(foreign.json().reason, 'NO_MATCHING_SIGNATURE');
    for (const seconds of [301, -301]) {
      t.clock.set(Temporal.Instant.fromEpochMilliseconds((STATIC.timestamp + seconds) * 1000));
      const off = await deliver(STATIC);
      assert.deepEqual([off.statusCode, off.json().reason], [400, 'TIMESTAMP_OUT_OF_TOLERANCE'], `${seconds} s`);
    }
    t.clock.set(Temporal.Instant.fromEpochMilliseconds((STATIC.timestamp + 300) * 1000));
    assert.equal((await deliver(STATIC)).statusCode, 200, 'exactly 300 s is still accepted');
    const unsigned = await t.inject({ method: 'POST', url: '/v1/billing/providers/stripe/webhook', headers: { 'content-type': 'application/json' }, payload: STATIC.body });
    assert.deepEqual([unsigned.statusCode, unsigned.json().reason], [400, 'MALFORMED_HEADER']);
  });
});
