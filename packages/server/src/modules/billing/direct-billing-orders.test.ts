// Switching to direct billing through an order (SPEC §4, §8): priced by the switch's own quote
// (one full term of the plan × its seats), applied once when paid. Paid on or before the end date
// E, the direct subscription starts on E+1 (no paid time lost); paid after E, on the day of
// payment. The old subscription stops auto-renewing. A switch that no longer applies when paid
// (already direct, cancelled, deleted, seats changed) cancels the order and refunds the payment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { buildProblem } from '../../http/problem.ts';
import { switchToDirectBillingByOrder } from '../subscriptions/orders.ts';
import { assertRefusal, customerWithSubscription, getSubscription, refresh, subscriptionUrl, tokyo, type Customer } from '../subscriptions/testing.ts';
import { pdfText } from '../../pdf/testing.ts';
import { ensureTestIssuer, payByTestCard, placeOrder } from './testing.ts';

let t: TestApp;
let vendorAdmin: Actor;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
  await ensureTestIssuer(t);
});
after(() => t.close());

const switchLine = (c: Customer) => ({ purpose: 'direct_billing' as const, subscriptionId: c.subscriptionId });
const ordersUrl = (c: Customer) => `/v1/organizations/${c.organizationId}/orders`;

/** A key-billed subscription of 10 seats at ¥15,000 a seat a year: 2026-11-21 … E = 2027-11-20. */
async function keyCustomer(options: Parameters<typeof customerWithSubscription>[1] = {}): Promise<Customer> {
  t.clock.set(TEST_START);
  return customerWithSubscription(t, { seats: 10, ...options });
}

/** Moves the clock and signs the customer's admin in again (sessions last 12 hours). */
async function at(c: Customer, local: string): Promise<Customer> {
  t.clock.set(tokyo(local));
  return { ...c, admin: await refresh(t, c.admin) };
}

async function subscriptionRow(organizationId: string, id: string) {
  return t.ctx.database.db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirstOrThrow();
}

async function directSubscriptions(organizationId: string) {
  return t.ctx.database.db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).where('billing_mode', '=', 'direct').execute();
}

async function recordTransfer(orderNumber: string, reference: string, receivedOn: string) {
  const staff = await refresh(t, vendorAdmin);
  return t.inject({ method: 'POST', url: `/v1/billing/orders/${orderNumber}/payments`, headers: staff.writeHeaders, payload: { reference, receivedOn } });
}

describe('paid on or before the end date', () => {
  test("the order charges what the switch's preview shows, and paid by card on E the direct subscription starts on E+1; the old one stops renewing", async () => {
    let c = await keyCustomer();
    assert.equal((await subscriptionRow(c.organizationId, c.subscriptionId)).auto_renew, 1, 'a commercial key subscription renews by default');
    c = await at(c, '2027-11-20T23:00');
    const preview = await t.inject({ method: 'POST', url: subscriptionUrl(c, '/direct-billing/preview'), headers: c.admin.writeHeaders, payload: {} });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual([preview.json().start, preview.json().startDate, preview.json().endDate, preview.json().price.amountMinor], ['after_current_end', '2027-11-21', '2028-11-20', 150_000]);
    const quote = await t.inject({ method: 'POST', url: `${ordersUrl(c)}/quote`, headers: c.admin.writeHeaders, payload: { lines: [switchLine(c)] } });
    assert.equal(quote.statusCode, 200, quote.body);
    const [quoted] = quote.json().lines;
    assert.deepEqual(
      [quoted.purpose, quoted.subscriptionId, quoted.seats, quoted.amount, quoted.periodStart, quoted.periodEnd],
      ['direct_billing', c.subscriptionId, 10, preview.json().price, '2027-11-21', '2028-11-20'],
    );
    assert.equal(quoted.description.en, `${quoted.plan.name.en} (switch to direct billing, 10 seats)`);
    assert.equal(quoted.description.ja, `${quoted.plan.name.ja}（直接請求への切替・10ライセンス）`);
    assert.equal(quote.json().total.amountMinor, 165_000, 'plus 10 % tax');
    assert.equal((await directSubscriptions(c.organizationId)).length, 0, 'a quote changes nothing');

    const order = await placeOrder(t, c, [switchLine(c)]);
    assert.equal((await directSubscriptions(c.organizationId)).length, 0, 'nothing is applied before payment');
    c = await at(c, '2027-11-20T23:59');
    const paid = await payByTestCard(t, c, order.id);
    assert.equal(paid.statusCode, 200, paid.body);
    const [line] = paid.json().order.lines;
    const [successor] = await directSubscriptions(c.organizationId);
    assert.equal(line.applied.subscriptionId, successor!.id);
    assert.deepEqual(
      [successor!.plan_id, successor!.seats, successor!.start_date, successor!.end_date, successor!.anchor_day],
      [c.planId, 10, '2027-11-21', '2028-11-20', 21],
    );
    assert.deepEqual([line.periodStart, line.periodEnd], ['2027-11-21', '2028-11-20']);
    const change = await t.ctx.database.db.selectFrom('subscription_changes').selectAll().where('id', '=', line.applied.changeId).executeTakeFirstOrThrow();
    assert.deepEqual([change.subscription_id, change.kind, change.source, change.amount_minor], [successor!.id, 'purchase', 'order', 150_000]);
    const previous = await subscriptionRow(c.organizationId, c.subscriptionId);
    assert.deepEqual(
      [previous.auto_renew, previous.end_date, previous.billing_mode, previous.successor_subscription_id],
      [0, '2027-11-20', 'key', successor!.id],
      'the key term runs to its end, does not renew, and names its successor',
    );
    const view = await getSubscription(t, c.admin, c);
    assert.deepEqual([view.successorSubscriptionId, view.autoRenew], [successor!.id, false], 'the API shows the successor (the portal then offers no second switch)');
    const events = await t.ctx.database.db.selectFrom('outbox_events').select(['type', 'payload']).where('organization_id', '=', c.organizationId).where('type', '=', 'subscription.switched_to_direct_billing').execute();
    assert.equal(events.length, 1);
    assert.equal(JSON.parse(events[0]!.payload).successorSubscriptionId, successor!.id);

    // The invoice says what was bought, in Japanese and in English.
    for (const [lang, words] of [['ja', '直接請求への切替・10ライセンス'], ['en', 'switch to direct billing, 10 seats']] as const) {
      const pdf = await t.inject({ method: 'GET', url: `${ordersUrl(c).replace('/orders', '/invoices')}/${paid.json().order.invoiceId}/pdf?lang=${lang}`, headers: c.admin.writeHeaders });
      assert.equal(pdf.statusCode, 200, pdf.body);
      const compact = (text: string) => text.replace(/\s+/g, '');
      assert.ok(compact(await pdfText(pdf.rawPayload)).includes(compact(words)), `${lang} invoice names the switch`);
    }
  });

  test('cancelled within its own window (from E+1), the direct subscription is refunded through the order, with a return invoice', async () => {
    let c = await keyCustomer();
    c = await at(c, '2027-11-01T10:00');
    const order = await placeOrder(t, c, [switchLine(c)]);
    assert.equal((await payByTestCard(t, c, order.id)).statusCode, 200);
    const [successor] = await directSubscriptions(c.organizationId);
    const direct = { organizationId: c.organizationId, subscriptionId: successor!.id };
    const changeId = (await t.ctx.database.db.selectFrom('order_lines').select('applied_change_id').where('order_id', '=', order.id).executeTakeFirstOrThrow()).applied_change_id!;
    c = await at(c, '2027-11-22T10:00');
    const cancelled = await t.inject({ method: 'POST', url: subscriptionUrl(direct, `/changes/${changeId}/cancel`), headers: c.admin.writeHeaders, payload: { confirm: true } });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    // Nov 21–22 used: 2 of the 366 days of a term holding Feb 29, 2028. 150,000 × 364/366 = 149,180.33.
    assert.equal(cancelled.json().cancellation.refund.amountMinor, 149_180);
    const refunds = await t.ctx.database.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
    assert.deepEqual(refunds.map((r) => [r.reason, r.method, r.amount_minor, r.tax_minor, r.total_minor]), [['cancellation', 'card', 149_180, 14_918, 164_098]]);
    const invoices = await t.ctx.database.db.selectFrom('invoices').select('kind').where('order_id', '=', order.id).orderBy('id').execute();
    assert.deepEqual(invoices.map((i) => i.kind), ['invoice', 'return']);
  });
});

describe('paid after the end date', () => {
  test('ordered before E by bank transfer and paid after it: the direct subscription starts on the day of payment', async () => {
    let c = await keyCustomer({ seats: 4 });
    c = await at(c, '2027-11-18T10:00');
    const order = await placeOrder(t, c, [switchLine(c)], 'bank_transfer');
    assert.deepEqual([order.lines[0].periodStart, order.dueDate], ['2027-11-21', '2027-11-25'], 'offered from E+1 when ordered');
    t.clock.set(tokyo('2027-11-23T15:00'));
    const recorded = await recordTransfer(order.number, 'MZ-DIRECT-1', '2027-11-23');
    assert.equal(recorded.statusCode, 200, recorded.body);
    assert.equal(recorded.json().outcome, 'applied');
    const [successor] = await directSubscriptions(c.organizationId);
    assert.deepEqual([successor!.seats, successor!.start_date, successor!.end_date, successor!.anchor_day], [4, '2027-11-23', '2028-11-22', 23]);
    const [line] = recorded.json().order.lines;
    assert.deepEqual([line.periodStart, line.periodEnd, line.amount.amountMinor], ['2027-11-23', '2028-11-22', 60_000], 'the price stands, the dates follow the payment');
    assert.equal((await subscriptionRow(c.organizationId, c.subscriptionId)).auto_renew, 0);
  });

  test('ordered in grace and paid by card the same day: it starts that day', async () => {
    let c = await keyCustomer();
    c = await at(c, '2027-12-05T10:00');
    const order = await placeOrder(t, c, [switchLine(c)]);
    assert.equal(order.lines[0].periodStart, '2027-12-05');
    assert.equal((await payByTestCard(t, c, order.id)).statusCode, 200);
    const [successor] = await directSubscriptions(c.organizationId);
    assert.deepEqual([successor!.start_date, successor!.end_date], ['2027-12-05', '2028-12-04']);
  });
});

describe('refused', () => {
  test('when the order is placed: already direct, already switched, a trial, cancelled, no subscription named, other changes to it in the same order, another tenant\'s; nothing is stored', async () => {
    const direct = await keyCustomer();
    const order = await placeOrder(t, direct, [switchLine(direct)]);
    assert.equal((await payByTestCard(t, direct, order.id)).statusCode, 200);
    const successor = { ...direct, subscriptionId: (await directSubscriptions(direct.organizationId))[0]!.id };
    const trial = await keyCustomer({ plan: { category: 'trial', trialDays: 30 }, kind: 'trial' });
    const cancelled = await keyCustomer();
    await cancelPurchase(cancelled);
    const stranger = await keyCustomer();

    const send = (c: Customer, lines: unknown[]) => (headers: Record<string, string>) =>
      t.inject({ method: 'POST', url: ordersUrl(c), headers, payload: { lines, paymentMethod: 'card', confirm: true } });
    await assertRefusal(send(successor, [switchLine(successor)]), successor.admin.writeHeaders, { status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /billed directly already/, ja: /すでに直接請求/ });
    const switched = await assertRefusal(send(direct, [switchLine(direct)]), direct.admin.writeHeaders, {
      status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /switched already: sub_\w+ is its direct-billed successor/, ja: /すでに切り替え済み/,
    });
    assert.equal(switched.successorSubscriptionId, successor.subscriptionId);
    await assertRefusal(send(trial, [switchLine(trial)]), trial.admin.writeHeaders, { status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /it is a trial/, ja: /試用版/ });
    await assertRefusal(send(cancelled, [switchLine(cancelled)]), cancelled.admin.writeHeaders, { status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /it is cancelled; buy the plan anew/, ja: /cancelled/ });
    const unnamed = await send(stranger, [{ purpose: 'direct_billing' }])(stranger.admin.writeHeaders);
    assert.deepEqual([unnamed.statusCode, unnamed.json().code, unnamed.json().reason], [422, 'ORDER_LINE_INVALID', 'SUBSCRIPTION_REQUIRED']);
    // Seats added in the same order would make the switch apply to 12 seats, not the 10 it is priced for.
    const problem = await assertRefusal(send(stranger, [{ purpose: 'seat_addition', subscriptionId: stranger.subscriptionId, seats: 2 }, switchLine(stranger)]), stranger.admin.writeHeaders, {
      status: 422, code: 'ORDER_LINE_INVALID', en: /Line 2 .* no other line may renew it or add seats to it/, ja: /2 行目.*更新や座席の追加はできません/,
    });
    assert.equal(problem.reason, 'SWITCH_NOT_ALONE');
    const twice = await send(stranger, [switchLine(stranger), switchLine(stranger)])(stranger.admin.writeHeaders);
    assert.deepEqual([twice.statusCode, twice.json().reason], [422, 'SWITCH_NOT_ALONE']);
    const foreign = await send(stranger, [switchLine(trial)])(stranger.admin.writeHeaders);
    assert.equal(foreign.statusCode, 404, foreign.body);
    for (const c of [successor, trial, cancelled, stranger]) {
      const orders = await t.ctx.database.db.selectFrom('order_lines').select('order_id').where('organization_id', '=', c.organizationId).where('purpose', '=', 'direct_billing').execute();
      assert.equal(orders.length, c === successor ? 1 : 0);
    }
  });

  test('when paid, if the switch no longer applies (switched meanwhile, cancelled, seats changed, deleted): the order is cancelled and the payment refunded', async () => {
    const cases: { name: string; prepare(): Promise<{ c: Customer; orderId: string; pay(c: Customer): Promise<void> }> }[] = [
      {
        name: 'switched meanwhile by another order (the key subscription names its successor)',
        prepare: async () => {
          const c = await keyCustomer();
          const first = await placeOrder(t, c, [switchLine(c)]);
          const second = await placeOrder(t, c, [switchLine(c)]);
          assert.equal((await payByTestCard(t, c, first.id)).statusCode, 200);
          return { c, orderId: second.id, pay: payRefused(second.id) };
        },
      },
      {
        name: 'the key purchase cancelled in its window',
        prepare: async () => {
          const c = await keyCustomer();
          const order = await placeOrder(t, c, [switchLine(c)]);
          await cancelPurchase(c);
          return { c, orderId: order.id, pay: payRefused(order.id) };
        },
      },
      {
        name: 'seats added meanwhile (the order was priced for 10)',
        prepare: async () => {
          const c = await keyCustomer();
          const order = await placeOrder(t, c, [switchLine(c)]);
          const seats = await placeOrder(t, c, [{ purpose: 'seat_addition', subscriptionId: c.subscriptionId, seats: 2 }]);
          assert.equal((await payByTestCard(t, c, seats.id)).statusCode, 200);
          // What the subscription rules say of it, in both languages.
          const refusal = await inTransaction(t.ctx.database.db, (tx) =>
            switchToDirectBillingByOrder(tx, t.ctx.database.dialect, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { organizationId: c.organizationId, subscriptionId: c.subscriptionId, seats: 10, amountMinor: 150_000 }),
          ).then(() => undefined, (error: unknown) => error);
          assert.ok(refusal instanceof DomainError);
          assert.deepEqual([refusal.code, refusal.details.reason, refusal.details.seats, refusal.details.orderedSeats], ['DIRECT_BILLING_UNAVAILABLE', 'SEATS_CHANGED', 12, 10]);
          assert.match(problemTitle(refusal, 'en'), /it has 12 seats now, not the 10 the order was priced for/);
          assert.match(problemTitle(refusal, 'ja'), /現在の座席数は 12 で、注文時の 10 と異なります/);
          return { c, orderId: order.id, pay: payRefused(order.id) };
        },
      },
      {
        name: 'deleted (E+121) before the transfer was recorded',
        prepare: async () => {
          const c = await at(await keyCustomer(), '2028-03-19T10:00');
          const order = await placeOrder(t, c, [switchLine(c)], 'bank_transfer');
          return {
            c,
            orderId: order.id,
            pay: async () => {
              t.clock.set(tokyo('2028-03-20T10:00'));
              const recorded = await recordTransfer(order.number, `MZ-${order.id}`, '2028-03-20');
              assert.deepEqual([recorded.statusCode, recorded.json().outcome, recorded.json().reason], [200, 'unapplied', 'not_applicable'], recorded.body);
            },
          };
        },
      },
    ];
    for (const { name, prepare } of cases) {
      const { c, orderId, pay } = await prepare();
      const directBefore = (await directSubscriptions(c.organizationId)).length;
      await pay(c);
      const order = await t.ctx.database.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
      assert.deepEqual([order.status, order.cancel_reason, order.cancel_detail], ['cancelled', 'not_applicable', 'DIRECT_BILLING_UNAVAILABLE'], name);
      const refunds = await t.ctx.database.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute();
      assert.deepEqual(refunds.map((r) => [r.reason, r.total_minor]), [['unapplied_payment', order.total_minor]], name);
      assert.equal((await directSubscriptions(c.organizationId)).length, directBefore, `${name}: no direct subscription made`);
      assert.equal((await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).length, 0, name);
      const audit = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', c.organizationId).where('action', '=', 'order.cancelled').execute();
      assert.ok(audit.some((a) => a.data.includes('DIRECT_BILLING_UNAVAILABLE')), name);
    }
  });
});

test('two orders for the same switch paid at once: one makes the successor, the other is refunded (the subscription row is locked)', async () => {
  const c = await keyCustomer();
  const orders = [await placeOrder(t, c, [switchLine(c)]), await placeOrder(t, c, [switchLine(c)])];
  const answers = await Promise.all(orders.map((order) => payByTestCard(t, c, order.id)));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409], answers.map((a) => a.body).join('\n'));
  assert.equal((await directSubscriptions(c.organizationId)).length, 1);
  const rows = await t.ctx.database.db.selectFrom('orders').select(['status', 'cancel_reason']).where('organization_id', '=', c.organizationId).orderBy('status').execute();
  assert.deepEqual(rows.map((r) => [r.status, r.cancel_reason]), [['cancelled', 'not_applicable'], ['paid', null]]);
});

/** Pays by card, expecting the capture to be refunded because the order could not apply. */
function payRefused(orderId: string) {
  return async (c: Customer) => {
    const paid = await payByTestCard(t, c, orderId);
    assert.deepEqual([paid.statusCode, paid.json().code, paid.json().refunded], [409, 'ORDER_NOT_PAYABLE', true], paid.body);
  };
}

function problemTitle(error: DomainError, language: 'ja' | 'en'): string {
  return buildProblem(error.code, error.details, language, { requestId: 'req_test', instance: '/' }).title;
}

async function cancelPurchase(c: Customer) {
  const purchase = await t.ctx.database.db.selectFrom('subscription_changes').select('id').where('subscription_id', '=', c.subscriptionId).where('kind', '=', 'purchase').executeTakeFirstOrThrow();
  const done = await t.inject({ method: 'POST', url: subscriptionUrl(c, `/changes/${purchase.id}/cancel`), headers: (await refresh(t, c.admin)).writeHeaders, payload: { confirm: true } });
  assert.equal(done.statusCode, 200, done.body);
}
