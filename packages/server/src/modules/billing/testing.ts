// Test support only: an issuer, a customer with its billing administrator, plans of a given
// price and tax class, and orders placed and paid through the API.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.ts';
import { createTestPlan, type TestPlanOptions } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import type { FixtureContext } from '../../../test/support/app.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireOrganization } from '../subscriptions/store.ts';
import { createIssuer, defaultIssuer } from './issuers.ts';
import { createOrder } from './orders.ts';
import { confirmPayment } from './payments.ts';
import type { CreateIssuerInput, OrderLineRequest } from './schemas.ts';

const SYSTEM = { kind: 'anonymous' as const };

export const ISSUER: CreateIssuerInput = {
  name: { ja: 'サンプルソフトウェア株式会社', en: 'Sample Software K.K.' },
  registrationNumber: 'T7010705000725',
  address: { ja: '東京都千代田区丸の内1-1-1', en: '1-1-1 Marunouchi, Chiyoda-ku, Tokyo' },
  phone: '03-1234-5678',
  email: 'billing@sample.example.jp',
  bankAccount: { ja: 'みずほ銀行 本店 普通 1234567 サンプルソフトウエア（カ', en: 'Mizuho Bank, Head Office, ordinary 1234567' },
};

/** The default issuer, made once per database. */
export async function ensureTestIssuer(t: FixtureContext, input: Partial<CreateIssuerInput> = {}): Promise<string> {
  const db = t.ctx.database.db;
  const existing = await defaultIssuer(db);
  if (existing) return existing.id;
  return (await inTransaction(db, (tx) => createIssuer(tx, { principal: SYSTEM, now: t.clock.now() }, { ...ISSUER, ...input }))).id;
}

/** A plan of a fresh product; `taxClass` reduced for the 8 % rate. */
export async function createBillingPlan(t: FixtureContext, options: TestPlanOptions & { taxClass?: 'standard' | 'reduced' } = {}): Promise<string> {
  const { planId } = await createTestPlan(t, options);
  if (options.taxClass) await t.ctx.database.db.updateTable('plans').set({ tax_class: options.taxClass }).where('id', '=', planId).execute();
  return planId;
}

export interface BillingCustomer {
  organizationId: string;
  admin: Actor;
}

export async function createBillingCustomer(t: FixtureContext, options: { name?: string; segment?: 'commercial' | 'government' } = {}): Promise<BillingCustomer> {
  const organization = await createOrg(t, { name: options.name ?? '株式会社テスト商事', country: 'JP', ...(options.segment ? { segment: options.segment } : {}) });
  const admin = await createActor(t, organization.id, ['global_admin']);
  return { organizationId: organization.id, admin };
}

export async function placeOrder(t: TestApp, customer: BillingCustomer, lines: OrderLineRequest[], paymentMethod: 'card' | 'bank_transfer' = 'card') {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${customer.organizationId}/orders`,
    headers: customer.admin.writeHeaders,
    payload: { lines, paymentMethod, confirm: true },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

export async function payByTestCard(t: TestApp, customer: BillingCustomer, orderId: string, paymentMethod = 'pm_card_visa') {
  return t.inject({
    method: 'POST',
    url: `/v1/organizations/${customer.organizationId}/orders/${orderId}/card-payments`,
    headers: customer.admin.writeHeaders,
    payload: { paymentMethod },
  });
}

/** A new subscription of a fresh plan, bought and paid by card: the order as the API shows it. */
export async function paidOrder(t: TestApp, customer: BillingCustomer, plan: TestPlanOptions & { taxClass?: 'standard' | 'reduced' } = {}, seats = 1) {
  await ensureTestIssuer(t);
  const planId = await createBillingPlan(t, plan);
  const order = await placeOrder(t, customer, [{ purpose: 'new_subscription', planId, seats }]);
  const paid = await payByTestCard(t, customer, order.id);
  assert.equal(paid.statusCode, 200, paid.body);
  return paid.json().order;
}

/** An order placed through the service (no HTTP), by bank transfer or card, optionally paid. */
export async function createTestOrder(t: FixtureContext, organizationId: string, options: { method?: 'card' | 'bank_transfer'; paid?: boolean } = {}) {
  await ensureTestIssuer(t);
  const planId = await createBillingPlan(t);
  const audit = { principal: SYSTEM, now: t.clock.now() };
  const { database } = t.ctx;
  const organization = await requireOrganization(database.db, organizationId);
  const order = await inTransaction(database.db, (tx) =>
    createOrder(tx, audit, { organization, lines: [{ purpose: 'new_subscription', planId, seats: 1 }], paymentMethod: options.method ?? 'card', channel: 'ST' }),
  );
  if (!options.paid) return order;
  const confirmed = await confirmPayment(database, audit, {
    organizationId, orderId: order.id, method: order.payment_method as 'card', provider: 'test', reference: `pi_fixture_${order.id}`, amountMinor: order.total_minor, currency: order.currency, receivedAt: audit.now,
  });
  assert.equal(confirmed.kind, 'paid');
  return confirmed.order;
}

/** A refund the vendor must send by hand: a bank transfer of the wrong amount for an order. */
export async function createTestManualRefund(t: FixtureContext, organizationId: string): Promise<string> {
  const order = await createTestOrder(t, organizationId, { method: 'bank_transfer' });
  const audit = { principal: SYSTEM, now: t.clock.now() };
  await confirmPayment(t.ctx.database, audit, {
    organizationId, orderId: order.id, method: 'bank_transfer', provider: 'bank', reference: `short_${order.id}`, amountMinor: 1, currency: order.currency, receivedAt: audit.now,
  });
  const refund = await t.ctx.database.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).executeTakeFirstOrThrow();
  return refund.id;
}
