// SPEC §8 "applied automatically and exactly once": a card payment is confirmed by the card
// request's own answer and by Stripe's webhooks, which come again and out of order, some at the
// same moment. Whatever the sequence (fast-check), the order has one effect, one invoice, one
// payment mail and one invoice mail, through the real SMTP peer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { settleOutbox } from '../notifications/test-fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../notifications/testing.ts';
import { claimCardAttempt, settleCardOutcome } from './card-payments.ts';
import { signedEvent } from './providers/stripe-replay.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer, placeOrder } from './testing.ts';

const WEBHOOK_SECRET = 'whsec_0a1b2c3d4e5f60718293a4b5c6d7e8f9';

let t: TestApp;
let peer: SmtpPeer;
let planId: string;

before(async () => {
  peer = await startSmtpPeer();
  t = await createTestApp({
    smtp: { url: peer.url },
    // The adapter is never called here: the card answer is given; the webhooks are Stripe's.
    billing: { cardProvider: 'stripe', stripe: { apiBase: 'http://127.0.0.1:9', secretKey: 'sk_test_unused', webhookSecrets: [WEBHOOK_SECRET] } },
  });
  await ensureTestIssuer(t);
  planId = await createBillingPlan(t, { priceMinor: 8_800 });
});
after(async () => {
  await t.close();
  await peer.close();
});

type Confirmation = 'card_answer' | 'webhook_succeeded' | 'webhook_succeeded_retry' | 'webhook_processing' | 'webhook_failed';

const confirmation = fc.constantFrom<Confirmation>('card_answer', 'webhook_succeeded', 'webhook_succeeded_retry', 'webhook_processing', 'webhook_failed');
/** Groups of confirmations: each group's members arrive at the same moment, groups one after another. */
const arrivals = fc
  .array(fc.array(confirmation, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 })
  .filter((groups) => groups.flat().some((c) => c === 'card_answer' || c.startsWith('webhook_succeeded')));

test('confirmations duplicated, reordered and concurrent: one effect, one invoice, one mail of each', async () => {
  await fc.assert(
    fc.asyncProperty(arrivals, async (groups) => {
      await settleOutbox(t);
      peer.received.length = 0;
      const customer = await createBillingCustomer(t);
      const order = await placeOrder(t, customer, [{ purpose: 'new_subscription', planId, seats: 2 }]);
      // The customer's card request, as the route makes it; Stripe has captured the payment, and
      // every confirmation below reports that one capture.
      const audit = { principal: { kind: 'user' as const, userId: customer.admin.userId, roles: new Map([[customer.organizationId, new Set(['global_admin'] as const)]]), vendorOrganizationId: undefined }, now: t.clock.now() };
      const claim = await claimCardAttempt(t.ctx.database, audit, customer.organizationId, order.id);
      const reference = `pi_3QbOnce${order.id.slice(-12)}`;
      const seconds = Math.floor(t.clock.now().epochMilliseconds / 1000);
      const vars = { order_id: order.id, organization_id: customer.organizationId, order_number: order.number, amount: String(order.total.amountMinor), payment_intent: reference, created: String(seconds) };
      const fixtureOf: Record<Exclude<Confirmation, 'card_answer'>, string> = {
        webhook_succeeded: 'event-payment-intent-succeeded',
        webhook_succeeded_retry: 'event-payment-intent-succeeded',
        webhook_processing: 'event-payment-intent-processing',
        webhook_failed: 'event-payment-intent-payment-failed',
      };
      const arrive = async (c: Confirmation) => {
        if (c === 'card_answer') {
          const outcome = await settleCardOutcome(t.ctx.database, audit, claim, 'stripe', {
            status: 'succeeded', reference, amountMinor: order.total.amountMinor, currency: 'JPY',
          });
          assert.ok(outcome.kind === 'paid' || outcome.kind === 'duplicate', outcome.kind);
          return;
        }
        const delivery = signedEvent(fixtureOf[c], vars, WEBHOOK_SECRET, seconds);
        const response = await t.inject({ method: 'POST', url: '/v1/billing/providers/stripe/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': delivery.header }, payload: delivery.body });
        assert.equal(response.statusCode, 200, response.body);
      };
      for (const group of groups) await Promise.all(group.map(arrive));

      const db = t.ctx.database.db;
      const payments = await db.selectFrom('payments').selectAll().where('order_id', '=', order.id).execute();
      assert.deepEqual(payments.map((p) => [p.reference, p.applied]), [[reference, 1]]);
      assert.equal((await db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status, 'paid');
      const subscriptions = await db.selectFrom('subscriptions').select(['id', 'seats']).where('organization_id', '=', customer.organizationId).execute();
      assert.deepEqual(subscriptions.map((s) => s.seats), [2]);
      const changes = await db.selectFrom('subscription_changes').select('id').where('organization_id', '=', customer.organizationId).execute();
      assert.equal(changes.length, 1);
      assert.equal((await db.selectFrom('invoices').select('id').where('order_id', '=', order.id).execute()).length, 1);
      assert.equal((await db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).length, 0);

      await deliverAllDue(t.ctx);
      const mails = peer.received.filter((m) => m.envelope.to.includes(customer.admin.email));
      const paymentMails = mails.filter((m) => m.subject.includes(order.number) && !m.subject.includes('INV-'));
      const invoiceMails = mails.filter((m) => /INV-\d{8}/.test(m.subject));
      assert.equal(paymentMails.length, 1, mails.map((m) => m.subject).join('\n'));
      assert.equal(invoiceMails.length, 1, mails.map((m) => m.subject).join('\n'));
    }),
    { numRuns: 25 },
  );
});
