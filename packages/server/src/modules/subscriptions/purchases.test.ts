// Buying through the subscription API (SPEC §4): seats added mid-term at the quoted, prorated
// price; coterminous purchases (each refusal of core's rules, and one accepted with its price
// by months); switching to direct billing with either start. The quotes are the customer's; the
// routes that apply at once, without a payment, are vendor administrators' grants, and a
// customer's admin buys the same through an order paid by card, at the quoted price.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { ensureTestIssuer, payByTestCard, placeOrder } from '../billing/testing.ts';
import type { OrderLineRequest } from '../billing/schemas.ts';
import { addMember } from '../members/service.ts';
import { sweepNow } from '../sweeper/testing.ts';
import { purchaseByOrder } from './orders.ts';
import { assertRefusal, customerWithSubscription, getSubscription, keyFor, redeem, refresh, subscriptionUrl, tokyo, type Customer } from './testing.ts';

let t: TestApp;
let vendorAdmin: Actor;
before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
});
after(() => t.close());
beforeEach(() => t.clock.set(TEST_START));

type Headers = Record<string, string>;
/** A vendor administrator's session made now (the grant routes are theirs). */
const staff = async (): Promise<Headers> => (await refresh(t, vendorAdmin)).writeHeaders;

describe('adding seats', () => {
  const quote = (c: Customer, seats: number, headers: Headers) => t.inject({ method: 'POST', url: subscriptionUrl(c, '/seat-additions/quote'), headers, payload: { seats } });
  const add = (c: Customer, body: object, headers: Headers) => t.inject({ method: 'POST', url: subscriptionUrl(c, '/seat-additions'), headers, payload: { confirm: true, ...body } });

  test('the quote, prorated by days to the end date, is what the grant records; a stale quote is PRICE_CHANGED and adds nothing', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    t.clock.set(tokyo('2027-05-20T10:00'));
    const admin = await refresh(t, customer.admin);
    const quoted = await quote(customer, 3, admin.writeHeaders);
    assert.equal(quoted.statusCode, 200, quoted.body);
    // May 20 – Nov 20, 2027: 185 of 365 days. 15,000 × 3 × 185/365 = 22,808.22.
    assert.deepEqual(quoted.json().price, { amountMinor: 22_808, currency: 'JPY', amount: '22808' });
    assert.deepEqual(quoted.json().terms.map((x: any) => [x.termStart, x.termEnd, x.days, x.termDays]), [['2026-11-21', '2027-11-20', 185, 365]]);
    const stale = await add(customer, { seats: 3, expectedAmountMinor: 22_000 }, await staff());
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'PRICE_CHANGED');
    assert.equal((await getSubscription(t, admin, customer)).seats, 10);
    const bought = await add(customer, { seats: 3, expectedAmountMinor: 22_808 }, await staff());
    assert.equal(bought.statusCode, 201, bought.body);
    assert.deepEqual(bought.json().change.paid, quoted.json().price);
    assert.deepEqual([bought.json().change.kind, bought.json().change.source, bought.json().change.termStart], ['seat_addition', 'order', '2027-05-20']);
    assert.equal(bought.json().subscription.seats, 13);
  });

  test('renewed ahead, the seats are priced term by term: the rest of this one, then the whole next one', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    await redeem(t, customer.admin, customer.organizationId, [await keyFor(t, customer.planId, { kind: 'renewal' })]);
    t.clock.set(tokyo('2027-11-10T10:00'));
    const quoted = await quote(customer, 1, (await refresh(t, customer.admin)).writeHeaders);
    assert.equal(quoted.statusCode, 200, quoted.body);
    const terms = quoted.json().terms.map((x: any) => [x.termStart, x.termEnd, x.days, x.termDays, x.price.amountMinor]);
    // 11 of 365 days (411) + the whole 366-day term (15,000).
    assert.deepEqual(terms, [['2026-11-21', '2027-11-20', 11, 365, 452], ['2027-11-21', '2028-11-20', 366, 366, 15_000]]);
    assert.equal(quoted.json().price.amountMinor, 15_452);
  });

  test('refused for a trial, and once the term has ended (renew first)', async () => {
    const trial = await customerWithSubscription(t, { plan: { category: 'trial', trialDays: 30 }, kind: 'trial' });
    await assertRefusal((h) => quote(trial, 1, h), trial.admin.writeHeaders, { status: 409, code: 'SEAT_ADDITION_UNAVAILABLE', en: /it is a trial/, ja: /試用版/ });
    const customer = await customerWithSubscription(t);
    t.clock.set(tokyo('2027-11-21T09:00'));
    await assertRefusal((h) => add(customer, { seats: 1 }, h), await staff(), {
      status: 409, code: 'SEAT_ADDITION_UNAVAILABLE', en: /it is expired; seats are added to an active term only/, ja: /expired/,
    });
  });
});

describe('coterminous purchase', () => {
  const body = (planId: string, alignWithSubscriptionId: string, extra: object = {}) => ({ planId, seats: 3, alignWithSubscriptionId, ...extra });
  const previewIn = (organizationId: string, payload: object, headers: Headers) =>
    t.inject({ method: 'POST', url: `/v1/organizations/${organizationId}/coterminous-purchases/preview`, headers, payload });

  test('accepted (a vendor grant): a new annual plan ends with the existing subscription; the first term is priced by months, a started month counting whole', async () => {
    const target = await customerWithSubscription(t);
    const { planId } = await createTestPlan(t, { termMonths: 12, priceMinor: 12_000 });
    t.clock.set(tokyo('2027-03-10T10:00'));
    const admin = await refresh(t, target.admin);
    const previewed = await previewIn(target.organizationId, body(planId, target.subscriptionId), admin.writeHeaders);
    assert.equal(previewed.statusCode, 200, previewed.body);
    const quote = previewed.json();
    // Mar 10 – Nov 20, 2027: Mar 10–20 is a started month, then 8 whole ones: 9 of 12 months.
    assert.deepEqual([quote.startDate, quote.endDate, quote.nextTermStart, quote.monthsCharged], ['2027-03-10', '2027-11-20', '2027-11-21', 9]);
    assert.deepEqual(quote.price, { amountMinor: 27_000, currency: 'JPY', amount: '27000' }, '12,000 × 3 seats × 9/12');
    const bought = await t.inject({ method: 'POST', url: `/v1/organizations/${target.organizationId}/coterminous-purchases`, headers: await staff(), payload: { ...body(planId, target.subscriptionId), expectedAmountMinor: 27_000, confirm: true } });
    assert.equal(bought.statusCode, 201, bought.body);
    const subscription = bought.json().subscription;
    assert.deepEqual([subscription.startDate, subscription.endDate, subscription.billingMode, subscription.seats], ['2027-03-10', '2027-11-20', 'direct', 3]);
    assert.equal(subscription.changes[0].paid.amountMinor, 27_000);
    const row = await t.ctx.database.db.selectFrom('subscriptions').select('anchor_day').where('id', '=', subscription.id).executeTakeFirstOrThrow();
    assert.equal(row.anchor_day, 21, "later terms follow the target's anchor day");
  });

  test('each refused case of SPEC §4 has its own code, in core\'s order, in both languages', async () => {
    const target = await customerWithSubscription(t);
    const admin = target.admin;
    const annual = (await createTestPlan(t, { termMonths: 12 })).planId;
    const send = (payload: object, organizationId = target.organizationId) => (h: Headers) => previewIn(organizationId, payload, h);

    await assertRefusal(send(body(annual, target.subscriptionId, { purchase: 'seat_addition' })), admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_NOT_FOR_CHANGES', en: /Only a new subscription can be aligned/, ja: /新規サブスクリプションだけ/,
    });
    // A person who administers two organizations names the other's subscription.
    const elsewhere = await customerWithSubscription(t);
    const home = await createOrg(t);
    await inTransaction(t.ctx.database.db, (tx) =>
      addMember(
        { tx, dialect: t.ctx.database.dialect, audit: { principal: { kind: 'anonymous' }, now: t.clock.now() }, organizationId: home.id, grantor: { roles: new Set(), isVendorAdmin: true } },
        { email: elsewhere.admin.email, name: 'Both', roles: ['global_admin'] },
      ),
    );
    await assertRefusal(send(body(annual, elsewhere.subscriptionId), home.id), (await refresh(t, elsewhere.admin)).writeHeaders, {
      status: 422, code: 'COTERMINOUS_TARGET_OTHER_ORGANIZATION', en: /belongs to another organization/, ja: /別の組織/,
    });
    const thirdParty = (await createTestPlan(t, { category: 'third_party' })).planId;
    await assertRefusal(send(body(thirdParty, target.subscriptionId)), admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', en: /the plan to buy is one/, ja: /購入するプラン/,
    });
    const usage = await customerWithSubscription(t, { plan: { category: 'usage' } });
    await assertRefusal(send(body(annual, usage.subscriptionId), usage.organizationId), usage.admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', en: /the subscription to align with is one/, ja: /合わせる先のサブスクリプション/,
    });
    // The catalog sells 1, 12 and 36 months only; an imported 6-month subscription is not alignable.
    const sixMonths = await customerWithSubscription(t);
    await t.ctx.database.db.updateTable('subscriptions').set({ term_months: 6 }).where('id', '=', sixMonths.subscriptionId).execute();
    await assertRefusal(send(body(annual, sixMonths.subscriptionId), sixMonths.organizationId), sixMonths.admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_TERM_NOT_ALLOWED', en: /has a term of 6 months/, ja: /6 か月/,
    });
    const monthly = await customerWithSubscription(t, { plan: { termMonths: 1 } });
    await assertRefusal(send(body(annual, monthly.subscriptionId), monthly.organizationId), monthly.admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_MONTHLY_TARGET', en: /term of 12 months cannot be aligned with a monthly/, ja: /月単位/,
    });
    const cancelled = await customerWithSubscription(t);
    const purchaseId = (await getSubscription(t, cancelled.admin, cancelled)).changes[0].id;
    const undone = await t.inject({ method: 'POST', url: subscriptionUrl(cancelled, `/changes/${purchaseId}/cancel`), headers: cancelled.admin.writeHeaders, payload: { confirm: true } });
    assert.equal(undone.statusCode, 200, undone.body);
    await assertRefusal(send(body(annual, cancelled.subscriptionId), cancelled.organizationId), cancelled.admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_TARGET_NOT_ACTIVE', en: /is cancelled: only an active subscription/, ja: /cancelled/,
    });
    await assertRefusal(send(body(annual, target.subscriptionId, { startDate: '2027-12-01' })), admin.writeHeaders, {
      status: 422, code: 'COTERMINOUS_TARGET_ENDED', en: /ends on 2027-11-20, before the new one would start \(2027-12-01\)/, ja: /2027-11-20/,
    });
    await assertRefusal(send(body(annual, target.subscriptionId, { startDate: '2026-11-20' })), admin.writeHeaders, {
      status: 422, code: 'START_DATE_IN_PAST', en: /today is 2026-11-21 in Asia\/Tokyo/, ja: /過去の日付/,
    });
    // Another tenant's subscription the caller cannot see is simply not found.
    const hidden = await previewIn(target.organizationId, body(annual, usage.subscriptionId), admin.writeHeaders);
    assert.equal(hidden.statusCode, 404);
  });
});

describe('switching to direct billing', () => {
  const direct = (c: Customer, payload: object, headers: Headers, previewOnly = false) =>
    t.inject({ method: 'POST', url: subscriptionUrl(c, previewOnly ? '/direct-billing/preview' : '/direct-billing'), headers, payload });

  test('offered to start after the current end (E+1), so no paid time is lost; the current one stops renewing', async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    const previewed = await direct(customer, {}, customer.admin.writeHeaders, true);
    assert.equal(previewed.statusCode, 200, previewed.body);
    assert.deepEqual(previewed.json(), {
      start: 'after_current_end', startDate: '2027-11-21', endDate: '2028-11-20', seats: 10,
      price: { amountMinor: 150_000, currency: 'JPY', amount: '150000' }, daysGivenUp: 0,
    });
    const switched = await direct(customer, { confirm: true }, await staff());
    assert.equal(switched.statusCode, 201, switched.body);
    const { previous, subscription } = switched.json();
    assert.deepEqual([subscription.billingMode, subscription.startDate, subscription.endDate, subscription.seats, subscription.plan.id], ['direct', '2027-11-21', '2028-11-20', 10, customer.planId]);
    assert.deepEqual([previous.autoRenew, previous.endDate, previous.nextEvent], [false, '2027-11-20', { event: 'expires', on: '2027-11-21' }]);
    // Its purchase window counts from the day it starts.
    assert.equal(subscription.changes[0].cancellation.closesAt, '2027-11-27T15:00:00.000Z');
    await assertRefusal((h) => direct({ organizationId: customer.organizationId, subscriptionId: subscription.id } as Customer, { confirm: true }, h), await staff(), {
      status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /billed directly already/, ja: /すでに直接請求/,
    });
    // Switched once: the key subscription names its successor.
    await assertRefusal((h) => direct(customer, { confirm: true }, h), await staff(), {
      status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: new RegExp(`switched already: ${subscription.id} is its direct-billed successor`), ja: /すでに切り替え済み/,
    });
  });

  test('or now: starts today for a whole term, giving up the rest of the current one; after E only now is possible', async () => {
    const customer = await customerWithSubscription(t, { seats: 4 });
    const lapsed = await customerWithSubscription(t);
    t.clock.set(tokyo('2027-05-21T10:00'));
    let admin = await refresh(t, customer.admin);
    const previewed = await direct(customer, { start: 'now' }, admin.writeHeaders, true);
    assert.deepEqual([previewed.json().startDate, previewed.json().endDate, previewed.json().daysGivenUp, previewed.json().price.amountMinor], ['2027-05-21', '2028-05-20', 184, 60_000]);
    const switched = await direct(customer, { start: 'now', confirm: true }, await staff());
    assert.equal(switched.statusCode, 201, switched.body);
    assert.deepEqual([switched.json().subscription.state, switched.json().subscription.startDate, switched.json().previous.autoRenew], ['active', '2027-05-21', false]);

    t.clock.set(tokyo('2027-11-25T10:00'));
    admin = await refresh(t, lapsed.admin);
    for (const [headers, previewOnly] of [[admin.writeHeaders, true], [await staff(), false]] as const) {
      await assertRefusal((h) => direct(lapsed, { start: 'after_current_end', ...(previewOnly ? {} : { confirm: true }) }, h, previewOnly), headers, {
        status: 409, code: 'DIRECT_BILLING_UNAVAILABLE', en: /ended on 2027-11-20/, ja: /2027-11-20 に終了/,
      });
    }
    const now = await direct(lapsed, { confirm: true }, await staff());
    assert.equal(now.statusCode, 201, now.body);
    assert.equal(now.json().switch.start, 'now', 'after E the default is now');
  });

  test('the switched subscription is never renewed again: auto-renew stays off, a renewal order is refused, a renewal key renews the successor, the sweeper lets it expire', async () => {
    await ensureTestIssuer(t);
    const customer = await customerWithSubscription(t, { seats: 3 });
    const switched = await direct(customer, { confirm: true }, await staff());
    assert.equal(switched.statusCode, 201, switched.body);
    const successorId: string = switched.json().subscription.id;
    const continues = new RegExp(`switched to direct billing: ${successorId} continues it`);

    await assertRefusal((h) => t.inject({ method: 'PUT', url: subscriptionUrl(customer, '/auto-renew'), headers: h, payload: { enabled: true } }), customer.admin.writeHeaders, {
      status: 409, code: 'AUTO_RENEW_UNAVAILABLE', en: continues, ja: new RegExp(`直接請求に切り替え済みです。後継のサブスクリプション ${successorId}`),
    });
    const orders = `/v1/organizations/${customer.organizationId}/orders`;
    const renewalLines = { lines: [{ purpose: 'renewal', subscriptionId: customer.subscriptionId }] };
    for (const [url, payload] of [[`${orders}/quote`, renewalLines], [orders, { ...renewalLines, paymentMethod: 'card', confirm: true }]] as const) {
      await assertRefusal((h) => t.inject({ method: 'POST', url, headers: h, payload }), customer.admin.writeHeaders, {
        status: 422, code: 'SUBSCRIPTION_UNAVAILABLE', en: continues, ja: /直接請求に切り替え済みです/,
      });
    }
    const [renewed] = await redeem(t, customer.admin, customer.organizationId, [await keyFor(t, customer.planId, { kind: 'renewal', seats: 3 })]);
    assert.deepEqual([renewed!.effect, renewed!.subscriptionId, renewed!.endDate], ['renewed', successorId, '2029-11-20']);
    const previous = await getSubscription(t, customer.admin, customer);
    assert.deepEqual([previous.autoRenew, previous.endDate], [false, '2027-11-20']);

    // A switched row whose auto-renew was turned back on before this rule existed.
    const db = t.ctx.database.db;
    await db.updateTable('subscriptions').set({ auto_renew: 1 }).where('id', '=', customer.subscriptionId).execute();
    await sweepNow(t.ctx.database, tokyo('2027-11-21T00:05'));
    const swept = await db.selectFrom('subscriptions').select(['end_date', 'state']).where('id', '=', customer.subscriptionId).executeTakeFirstOrThrow();
    assert.deepEqual({ ...swept }, { end_date: '2027-11-20', state: 'expired' });
    const renewals = await db.selectFrom('subscription_changes').select('id').where('subscription_id', '=', customer.subscriptionId).where('kind', '=', 'renewal').execute();
    assert.equal(renewals.length, 0);
  });
});

describe('customers buy through an order; the routes that apply at once are vendor grants', () => {
  const grantRoutes = (c: Customer, planId: string) => [
    { url: subscriptionUrl(c, '/seat-additions'), payload: { seats: 1, confirm: true } },
    { url: `/v1/organizations/${c.organizationId}/coterminous-purchases`, payload: { planId, seats: 1, alignWithSubscriptionId: c.subscriptionId, confirm: true } },
    { url: subscriptionUrl(c, '/direct-billing'), payload: { confirm: true } },
  ];

  test("the customer's global and billing admins are refused by the three grant routes (403 ROLE_REQUIRED naming vendor_admin); nothing changes", async () => {
    const customer = await customerWithSubscription(t, { seats: 10 });
    const { planId } = await createTestPlan(t);
    const billing = await createActor(t, customer.organizationId, ['billing_admin']);
    for (const actor of [customer.admin, billing]) {
      for (const { url, payload } of grantRoutes(customer, planId)) {
        const problem = await assertRefusal((h) => t.inject({ method: 'POST', url, headers: h, payload }), actor.writeHeaders, {
          status: 403, code: 'ROLE_REQUIRED', en: /requires one of these roles: vendor_admin\./, ja: /役割が必要です: vendor_admin/,
        });
        assert.deepEqual(problem.roles, ['vendor_admin'], url);
      }
    }
    const rows = await t.ctx.database.db.selectFrom('subscriptions').select(['seats', 'auto_renew']).where('organization_id', '=', customer.organizationId).execute();
    assert.deepEqual(rows.map((r) => [r.seats, r.auto_renew]), [[10, 1]]);
  });

  test('the same seat addition, coterminous purchase and switch bought through orders paid by card, each at the price its quote shows', async () => {
    await ensureTestIssuer(t);
    const customer = await customerWithSubscription(t, { seats: 10 });
    const { planId } = await createTestPlan(t, { priceMinor: 12_000 });
    t.clock.set(tokyo('2027-05-20T10:00'));
    const admin = await refresh(t, customer.admin);
    const buyer = { organizationId: customer.organizationId, admin };
    const ask = async (url: string, payload: object) => {
      const response = await t.inject({ method: 'POST', url, headers: admin.writeHeaders, payload });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    /** One line ordered and paid by card (the local test provider): the line as the paid order shows it. */
    const buy = async (line: OrderLineRequest) => {
      const order = await placeOrder(t, buyer, [line]);
      const paid = await payByTestCard(t, buyer, order.id);
      assert.equal(paid.statusCode, 200, paid.body);
      return paid.json().order.lines[0];
    };

    const seatQuote = await ask(subscriptionUrl(customer, '/seat-additions/quote'), { seats: 3 });
    assert.equal(seatQuote.price.amountMinor, 22_808);
    const seats = await buy({ purpose: 'seat_addition', subscriptionId: customer.subscriptionId, seats: 3 });
    assert.deepEqual([seats.amount, seats.periodStart, seats.periodEnd], [seatQuote.price, seatQuote.fromDay, seatQuote.endDate]);
    let view = await getSubscription(t, admin, customer);
    assert.equal(view.seats, 13);
    assert.deepEqual(view.changes.find((c: { id: string }) => c.id === seats.applied.changeId).paid, seatQuote.price);

    const alignment = { planId, seats: 2, alignWithSubscriptionId: customer.subscriptionId };
    const cotermQuote = await ask(`/v1/organizations/${customer.organizationId}/coterminous-purchases/preview`, alignment);
    const aligned = await buy({ purpose: 'coterminous', ...alignment });
    assert.deepEqual([aligned.amount, aligned.periodStart, aligned.periodEnd], [cotermQuote.price, cotermQuote.startDate, cotermQuote.endDate]);
    const alignedView = await getSubscription(t, admin, { organizationId: customer.organizationId, subscriptionId: aligned.applied.subscriptionId });
    assert.deepEqual([alignedView.endDate, alignedView.seats, alignedView.billingMode], ['2027-11-20', 2, 'direct']);

    const switchQuote = await ask(subscriptionUrl(customer, '/direct-billing/preview'), {});
    assert.deepEqual([switchQuote.seats, switchQuote.price.amountMinor, switchQuote.startDate], [13, 195_000, '2027-11-21']);
    const switched = await buy({ purpose: 'direct_billing', subscriptionId: customer.subscriptionId });
    assert.deepEqual([switched.amount, switched.periodStart, switched.periodEnd], [switchQuote.price, switchQuote.startDate, switchQuote.endDate]);
    const successor = await getSubscription(t, admin, { organizationId: customer.organizationId, subscriptionId: switched.applied.subscriptionId });
    assert.deepEqual([successor.billingMode, successor.seats, successor.startDate, successor.changes[0].paid], ['direct', 13, '2027-11-21', switchQuote.price]);
    view = await getSubscription(t, admin, customer);
    assert.deepEqual([view.autoRenew, view.billingMode, view.endDate], [false, 'key', '2027-11-20']);
  });
});

test('purchaseByOrder (the billing interface) buys a plan sold to the organization, and refuses one that is not', async () => {
  const org = await createOrg(t, { segment: 'government' });
  const audit = { principal: { kind: 'anonymous' as const }, now: t.clock.now() };
  const { planId } = await createTestPlan(t, { segments: ['government'] });
  const row = await inTransaction(t.ctx.database.db, (tx) => purchaseByOrder(tx, audit, { organizationId: org.id, planId, seats: 2, amountMinor: 30_000 }));
  assert.deepEqual([row.billing_mode, row.auto_renew, row.start_date, row.end_date], ['direct', 0, '2026-11-21', '2027-11-20']);
  const commercialOnly = (await createTestPlan(t, { segments: ['commercial'] })).planId;
  await assert.rejects(
    inTransaction(t.ctx.database.db, (tx) => purchaseByOrder(tx, audit, { organizationId: org.id, planId: commercialOnly, seats: 2, amountMinor: 30_000 })),
    (error: { code?: string; details?: { reason?: string } }) => error.code === 'SUBSCRIPTION_UNAVAILABLE' && error.details?.reason === 'SEGMENT',
  );
});
