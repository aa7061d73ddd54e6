// Money given back, and the return invoices (適格返還請求書) that document it.
// - A cancellation with refund (SPEC §4) of a change an order paid for: the refund (before tax,
//   the cancellation's own figure) plus its tax, rounded once per rate, is owed; a return invoice
//   names the refund date, the original sale's date and the refund and tax per rate. Changes no
//   order here paid for (redeemed keys: the seller refunds) give back nothing here.
// - A payment that paid nothing (late, a second payment, the wrong amount) is owed back whole;
//   no sale happened, so there is no return invoice.
// Card refunds go back through the provider (the refund worker, with the refund's id as the
// provider's idempotency key); bank transfers are sent by the vendor, who records them.
import type { Kysely, Selectable } from 'kysely';
import { invoiceTaxes } from '@licentia/core/billing';
import type { Rounding, TaxRate } from '@licentia/core/money';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB, RefundsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import type { CancellationPlan } from '../subscriptions/cancellation.ts';
import { invoiceOfOrder, issueReturnInvoice, type InvoiceLine } from './invoices.ts';
import { markCancelled, type OrderLineRow, type OrderRow, type PaymentRow } from './orders.ts';

export type RefundRow = Selectable<RefundsTable>;

async function insertRefund(
  tx: Tx,
  audit: AuditContext,
  order: OrderRow,
  payment: PaymentRow,
  money: { reason: 'cancellation' | 'unapplied_payment'; amountMinor: number; taxMinor: number; totalMinor: number },
): Promise<RefundRow> {
  const now = toStoredInstant(audit.now);
  const row: RefundRow = {
    organization_id: order.organization_id,
    id: newId('rfd', audit.now),
    order_id: order.id,
    payment_id: payment.id,
    reason: money.reason,
    amount_minor: money.amountMinor,
    tax_minor: money.taxMinor,
    total_minor: money.totalMinor,
    currency: payment.currency,
    method: payment.method === 'card' ? 'card' : 'manual',
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    provider_reference: null,
    last_error: null,
    created_at: now,
    completed_at: null,
  };
  await tx.insertInto('refunds').values(row).execute();
  const data = { orderNumber: order.number, reason: row.reason, method: row.method, totalMinor: row.total_minor, taxMinor: row.tax_minor, currency: row.currency };
  await recordAudit(tx, audit, { organizationId: order.organization_id, action: 'refund.created', target: { type: 'refund', id: row.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: order.organization_id, type: 'refund.created', payload: { refundId: row.id, orderId: order.id, ...data } });
  return row;
}

/** A payment that paid nothing is owed back in full (once: a unique index backs it). */
export async function refundUnappliedPayment(tx: Tx, audit: AuditContext, order: OrderRow, payment: PaymentRow): Promise<RefundRow> {
  return insertRefund(tx, audit, order, payment, { reason: 'unapplied_payment', amountMinor: payment.amount_minor, taxMinor: 0, totalMinor: payment.amount_minor });
}

/**
 * After a cancellation (in its transaction): per order that paid for a cancelled change, the
 * refund with its tax and a return invoice. An order still awaiting payment (an auto-renewal
 * applied ahead) is cancelled instead: what it was for has been given back, so nothing is owed.
 */
export async function recordCancellationRefunds(tx: Tx, audit: AuditContext, organization: OrganizationRow, plan: CancellationPlan): Promise<RefundRow[]> {
  const changeIds = plan.items.filter((i) => i.change.source === 'order').map((i) => i.change.id);
  if (changeIds.length === 0) return [];
  const lines = await tx.selectFrom('order_lines').selectAll().where('organization_id', '=', organization.id).where('applied_change_id', 'in', changeIds).execute();
  const byOrder = new Map<string, OrderLineRow[]>();
  for (const line of lines) byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line]);
  const refunds: RefundRow[] = [];
  for (const [orderId, orderLines] of byOrder) {
    const order = await tx.selectFrom('orders').selectAll().where('organization_id', '=', organization.id).where('id', '=', orderId).executeTakeFirstOrThrow();
    if (order.status === 'pending_payment') {
      await markCancelled(tx, audit, order, 'customer', 'the change it paid for was cancelled');
      continue;
    }
    if (order.status !== 'paid') continue;
    const refundLines: Omit<InvoiceLine, 'mark'>[] = [];
    for (const line of orderLines) {
      const item = plan.items.find((i) => i.change.id === line.applied_change_id)!;
      if (item.refund.refund <= 0) continue;
      refundLines.push({
        description: { ja: line.description_ja, en: line.description_en },
        periodStart: line.period_start,
        periodEnd: line.period_end,
        seats: item.change.seats,
        unitPriceMinor: line.unit_price_minor,
        amountMinor: item.refund.refund,
        rate: line.tax_class as TaxRate,
      });
    }
    if (refundLines.length === 0) continue;
    const taxes = invoiceTaxes(refundLines.map((l) => ({ description: l.description.en, amount: l.amountMinor, rate: l.rate })), order.tax_rounding as Rounding).summary;
    const payment = await tx
      .selectFrom('payments')
      .selectAll()
      .where('organization_id', '=', organization.id)
      .where('order_id', '=', order.id)
      .where('applied', '=', 1)
      .executeTakeFirstOrThrow();
    const refund = await insertRefund(tx, audit, order, payment, { reason: 'cancellation', amountMinor: taxes.taxable, taxMinor: taxes.tax, totalMinor: taxes.gross });
    const original = await invoiceOfOrder(tx, organization.id, order.id);
    if (original) await issueReturnInvoice(tx, audit, { organization, order, original, refundId: refund.id, lines: refundLines });
    refunds.push(refund);
  }
  return refunds;
}

export async function listRefundRows(db: Kysely<DB> | Tx, organizationId: string): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

/** The vendor sent a bank refund: recorded once, with the transfer's reference. */
export async function completeManualRefund(tx: Tx, dialect: DialectName, audit: AuditContext, organizationId: string, refundId: string, reference: string): Promise<RefundRow> {
  let query = tx.selectFrom('refunds').selectAll().where('organization_id', '=', organizationId).where('id', '=', refundId);
  if (dialect === 'postgres') query = query.forUpdate();
  const refund = await query.executeTakeFirst();
  if (!refund) throw new DomainError('NOT_FOUND', { resource: 'refund' });
  if (refund.method !== 'manual' || refund.state !== 'pending') throw new DomainError('REFUND_NOT_PENDING', { refundId, state: refund.method === 'manual' ? refund.state : `${refund.state} (${refund.method})` });
  return settleRefund(tx, audit, refund, { state: 'succeeded', reference, error: null });
}

export async function settleRefund(tx: Tx, audit: AuditContext, refund: RefundRow, outcome: { state: 'succeeded' | 'failed'; reference: string | null; error: string | null }): Promise<RefundRow> {
  const now = toStoredInstant(audit.now);
  const settled = { state: outcome.state, provider_reference: outcome.reference, last_error: outcome.error, completed_at: now };
  await tx.updateTable('refunds').set(settled).where('organization_id', '=', refund.organization_id).where('id', '=', refund.id).execute();
  const data = { orderId: refund.order_id, totalMinor: refund.total_minor, currency: refund.currency, method: refund.method, ...(outcome.reference ? { reference: outcome.reference } : {}), ...(outcome.error ? { error: outcome.error } : {}) };
  await recordAudit(tx, audit, { organizationId: refund.organization_id, action: `refund.${outcome.state}`, target: { type: 'refund', id: refund.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: refund.organization_id, type: `refund.${outcome.state}`, payload: { refundId: refund.id, ...data } });
  return { ...refund, ...settled };
}

/** Card refunds due for an attempt, oldest first. */
export async function dueCardRefunds(tx: Tx, dialect: DialectName, now: Temporal.Instant, limit: number): Promise<RefundRow[]> {
  let query = tx
    .selectFrom('refunds')
    .selectAll()
    .where('state', '=', 'pending')
    .where('method', '=', 'card')
    .where('next_attempt_at', '<=', toStoredInstant(now))
    .orderBy('next_attempt_at')
    .limit(limit);
  if (dialect === 'postgres') query = query.forUpdate().skipLocked();
  return query.execute();
}
