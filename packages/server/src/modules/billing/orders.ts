// Placing an order (SPEC §8): its lines priced now, the tax per rate rounded once for the
// order (the issuer's rounding, which its invoice repeats), an order number, a due date, and
// nothing applied until it is paid. Reading and locking orders for the other billing steps.
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { localDate, startOfLocalDay } from '@licentia/core/lifecycle';
import type { Rounding } from '@licentia/core/money';
import { personOf } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB, OrderLinesTable, OrdersTable, PaymentsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { defaultIssuer } from './issuers.ts';
import { channelOf, nextOrderNumber, type OrderChannel } from './order-numbers.ts';
import { priceOrder, type PricedOrder } from './pricing.ts';
import type { OrderLineRequest, PaymentMethod } from './schemas.ts';

export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
type Db = Kysely<DB> | Tx;

/** A card order (waiting for the cardholder's authentication, say) may be paid until the end of the next day. */
export const CARD_DUE_DAYS = 1;

export interface NewOrder {
  organization: OrganizationRow;
  lines: readonly OrderLineRequest[];
  paymentMethod: PaymentMethod;
  expectedTotalMinor?: number | undefined;
  channel?: OrderChannel | undefined;
}

/** The last day to pay and the instant the order lapses: the start of the next local day. */
function dueOf(organization: OrganizationRow, now: Temporal.Instant, days: number): { dueDate: string; dueAt: string } {
  const dueDate = localDate(now, organization.time_zone).add({ days });
  return { dueDate: dueDate.toString(), dueAt: toStoredInstant(startOfLocalDay(dueDate.add({ days: 1 }), organization.time_zone)) };
}

async function requireIssuerForOrders(db: Db) {
  const issuer = await defaultIssuer(db);
  if (!issuer) throw new DomainError('BILLING_NOT_CONFIGURED');
  return issuer;
}

export async function quoteOrder(db: Db, audit: AuditContext, organization: OrganizationRow, lines: readonly OrderLineRequest[]): Promise<PricedOrder> {
  const issuer = await requireIssuerForOrders(db);
  return priceOrder(db, audit.principal, organization, lines, issuer.tax_rounding as Rounding, audit.now);
}

export async function insertOrder(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; priced: PricedOrder; paymentMethod: PaymentMethod; channel: OrderChannel; issuerId: string; rounding: string; dueDays: number },
): Promise<OrderRow> {
  const { organization, priced } = input;
  const now = toStoredInstant(audit.now);
  const orderedBy = personOf(audit.principal);
  const row: OrderRow = {
    organization_id: organization.id,
    id: newId('ord', audit.now),
    number: await nextOrderNumber(tx, input.channel, audit.now),
    channel: input.channel,
    status: 'pending_payment',
    payment_method: input.paymentMethod,
    currency: priced.currency,
    subtotal_minor: priced.taxes.taxable,
    tax_minor: priced.taxes.tax,
    total_minor: priced.taxes.gross,
    issuer_id: input.issuerId,
    tax_rounding: input.rounding,
    ordered_by_user_id: orderedBy,
    ...(({ dueDate, dueAt }) => ({ due_date: dueDate, due_at: dueAt }))(dueOf(organization, audit.now, input.dueDays)),
    created_at: now,
    updated_at: now,
    paid_at: null,
    applied_at: null,
    cancelled_at: null,
    cancel_reason: null,
    cancel_detail: null,
    card_attempt: 0,
    card_attempt_started_at: null,
    card_reference: null,
  };
  await tx.insertInto('orders').values(row).execute();
  await tx
    .insertInto('order_lines')
    .values(
      priced.lines.map((line) => ({
        organization_id: organization.id,
        order_id: row.id,
        line_no: line.lineNo,
        purpose: line.purpose,
        plan_id: line.plan.catalog.id,
        subscription_id: line.subscriptionId,
        seats: line.seats,
        term_months: line.plan.catalog.termMonths,
        unit_price_minor: line.unitPriceMinor,
        amount_minor: line.amountMinor,
        tax_class: line.taxClass,
        description_ja: line.description.ja,
        description_en: line.description.en,
        period_start: line.periodStart,
        period_end: line.periodEnd,
        applied_subscription_id: null,
        applied_change_id: null,
      })),
    )
    .execute();
  const data = { number: row.number, channel: row.channel, paymentMethod: row.payment_method, totalMinor: row.total_minor, currency: row.currency, dueDate: row.due_date };
  await recordAudit(tx, audit, { organizationId: organization.id, action: 'order.created', target: { type: 'order', id: row.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: organization.id, type: 'order.created', payload: { orderId: row.id, ...data } });
  return row;
}

/** Prices the lines and records the order, pending payment. */
export async function createOrder(tx: Tx, audit: AuditContext, input: NewOrder): Promise<OrderRow> {
  const issuer = await requireIssuerForOrders(tx);
  const priced = await priceOrder(tx, audit.principal, input.organization, input.lines, issuer.tax_rounding as Rounding, audit.now);
  if (input.expectedTotalMinor !== undefined && input.expectedTotalMinor !== priced.taxes.gross) {
    throw new DomainError('PRICE_CHANGED', { expectedAmountMinor: input.expectedTotalMinor, amountMinor: priced.taxes.gross, currency: priced.currency });
  }
  return insertOrder(tx, audit, {
    organization: input.organization,
    priced,
    paymentMethod: input.paymentMethod,
    channel: input.channel ?? channelOf(audit.principal, input.organization.id),
    issuerId: issuer.id,
    rounding: issuer.tax_rounding,
    dueDays: input.paymentMethod === 'card' ? CARD_DUE_DAYS : issuer.bank_transfer_due_days,
  });
}

export async function findOrder(db: Db, organizationId: string, orderId: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('organization_id', '=', organizationId).where('id', '=', orderId).executeTakeFirst();
}

export async function requireOrder(db: Db, organizationId: string, orderId: string): Promise<OrderRow> {
  const row = await findOrder(db, organizationId, orderId);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'order' });
  return row;
}

/** The order row, locked until the transaction ends (every payment and cancellation takes it). */
export async function lockOrder(tx: Tx, dialect: DialectName, organizationId: string, orderId: string): Promise<OrderRow> {
  let query = tx.selectFrom('orders').selectAll().where('organization_id', '=', organizationId).where('id', '=', orderId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'order' });
  return row;
}

export async function findOrderByNumber(db: Db, number: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function linesOf(db: Db, organizationId: string, orderId: string): Promise<OrderLineRow[]> {
  return db.selectFrom('order_lines').selectAll().where('organization_id', '=', organizationId).where('order_id', '=', orderId).orderBy('line_no').execute();
}

export async function paymentsOf(db: Db, organizationId: string, orderId: string): Promise<PaymentRow[]> {
  return db.selectFrom('payments').selectAll().where('organization_id', '=', organizationId).where('order_id', '=', orderId).orderBy('id').execute();
}

/** A customer gives up an order awaiting payment; a paid one is undone by cancelling what it bought. */
export async function cancelPendingOrder(tx: Tx, dialect: DialectName, audit: AuditContext, organizationId: string, orderId: string): Promise<OrderRow> {
  const order = await lockOrder(tx, dialect, organizationId, orderId);
  if (order.status !== 'pending_payment' || order.applied_at !== null) {
    throw new DomainError('ORDER_NOT_CANCELLABLE', { orderNumber: order.number, status: order.status });
  }
  return markCancelled(tx, audit, order, 'customer', null);
}

/** Records the cancellation of a pending order (audited, announced). */
export async function markCancelled(tx: Tx, audit: AuditContext, order: OrderRow, reason: 'unpaid' | 'customer' | 'not_applicable', detail: string | null): Promise<OrderRow> {
  const now = toStoredInstant(audit.now);
  await tx
    .updateTable('orders')
    .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, cancel_detail: detail, card_attempt_started_at: null, updated_at: now })
    .where('organization_id', '=', order.organization_id)
    .where('id', '=', order.id)
    .execute();
  const data = { number: order.number, reason, ...(detail ? { detail } : {}), dueDate: order.due_date };
  await recordAudit(tx, audit, { organizationId: order.organization_id, action: 'order.cancelled', target: { type: 'order', id: order.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: order.organization_id, type: 'order.cancelled', payload: { orderId: order.id, ...data } });
  return { ...order, status: 'cancelled', cancelled_at: now, cancel_reason: reason, cancel_detail: detail, card_attempt_started_at: null, updated_at: now };
}
