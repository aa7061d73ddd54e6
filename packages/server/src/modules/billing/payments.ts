// Confirming a payment: the one place an order becomes paid (SPEC §8). However often and in
// whatever order the confirmations of one payment arrive (the card request's own answer, the
// provider's webhooks and their retries, a bank statement imported twice), the first applies
// the order and issues its invoice and the rest change nothing:
//   1. the payment's (provider, reference) is unique: a second confirmation finds it recorded;
//   2. the order row is locked, so two different payments of one order take turns;
//   3. `pending_payment` → `paid` is the only way to apply, and `applied_at` guards the effect.
// Money that pays nothing (the order is paid already, was cancelled, came late or in another
// amount) is still recorded, as unapplied, and refunded.
import type { Temporal } from 'temporal-polyfill';
import { localDate } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { Database, DialectName } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { requireOrganization } from '../subscriptions/store.ts';
import { applyOrder } from './apply.ts';
import { revertUnpaidEffects } from './auto-renewal.ts';
import { issueInvoice, type InvoiceRow } from './invoices.ts';
import { linesOf, lockOrder, markCancelled, type OrderRow, type PaymentRow } from './orders.ts';
import { refundUnappliedPayment } from './refunds.ts';
import type { PaymentMethod } from './schemas.ts';

export interface PaymentConfirmation {
  organizationId: string;
  orderId: string;
  method: PaymentMethod;
  /** 'stripe', 'test' (the development card provider), 'bank' (statements and staff records). */
  provider: string;
  reference: string;
  amountMinor: number;
  currency: string;
  /** When the money was received: a bank transfer's day counts, not the day it is imported. */
  receivedAt: Temporal.Instant;
  recordedBy?: string | null | undefined;
}

export type UnappliedReason = 'already_paid' | 'cancelled' | 'late' | 'amount_mismatch' | 'currency_mismatch' | 'not_applicable';

export type ConfirmOutcome =
  | { kind: 'paid'; order: OrderRow; invoice: InvoiceRow }
  | { kind: 'duplicate'; order: OrderRow }
  | { kind: 'unapplied'; order: OrderRow; reason: UnappliedReason };

async function recordedPayment(tx: Tx, confirmation: PaymentConfirmation): Promise<PaymentRow | undefined> {
  return tx.selectFrom('payments').selectAll().where('provider', '=', confirmation.provider).where('reference', '=', confirmation.reference).executeTakeFirst();
}

async function insertPayment(tx: Tx, audit: AuditContext, order: OrderRow, confirmation: PaymentConfirmation, applied: boolean): Promise<PaymentRow> {
  const row: PaymentRow = {
    organization_id: order.organization_id,
    id: newId('pay', audit.now),
    order_id: order.id,
    method: confirmation.method,
    provider: confirmation.provider,
    reference: confirmation.reference,
    amount_minor: confirmation.amountMinor,
    currency: confirmation.currency,
    received_at: toStoredInstant(confirmation.receivedAt),
    applied: applied ? 1 : 0,
    recorded_by: confirmation.recordedBy ?? null,
    created_at: toStoredInstant(audit.now),
  };
  await tx.insertInto('payments').values(row).execute();
  return row;
}

function unappliedReason(order: OrderRow, confirmation: PaymentConfirmation): UnappliedReason | undefined {
  if (order.status === 'paid') return 'already_paid';
  if (order.status === 'cancelled') return 'cancelled';
  if (confirmation.currency !== order.currency) return 'currency_mismatch';
  if (confirmation.amountMinor !== order.total_minor) return 'amount_mismatch';
  if (toStoredInstant(confirmation.receivedAt) >= order.due_at) return 'late';
  return undefined;
}

async function recordUnapplied(tx: Tx, dialect: DialectName, audit: AuditContext, order: OrderRow, confirmation: PaymentConfirmation, reason: UnappliedReason): Promise<ConfirmOutcome> {
  let current = order;
  // Money that arrived after the due date finds the order lapsed, whether or not the due-date
  // worker has been by yet: the rule is the date, not the worker's timing.
  if (reason === 'late' && order.status === 'pending_payment') {
    await revertUnpaidEffects(tx, dialect, audit, order);
    current = await markCancelled(tx, audit, order, 'unpaid', null);
  }
  const payment = await insertPayment(tx, audit, current, confirmation, false);
  await refundUnappliedPayment(tx, audit, current, payment);
  const data = { orderNumber: order.number, paymentId: payment.id, reason, amountMinor: payment.amount_minor, currency: payment.currency, provider: payment.provider };
  await recordAudit(tx, audit, { organizationId: order.organization_id, action: 'payment.unapplied', target: { type: 'order', id: order.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: order.organization_id, type: 'payment.unapplied', payload: { orderId: order.id, ...data } });
  return { kind: 'unapplied', order: current, reason };
}

async function payOrder(tx: Tx, database: Database, audit: AuditContext, order: OrderRow, confirmation: PaymentConfirmation): Promise<ConfirmOutcome> {
  const payment = await insertPayment(tx, audit, order, confirmation, true);
  const now = toStoredInstant(audit.now);
  const paid = await tx
    .updateTable('orders')
    .set({ status: 'paid', paid_at: now, card_attempt_started_at: null, updated_at: now })
    .where('organization_id', '=', order.organization_id)
    .where('id', '=', order.id)
    .where('status', '=', 'pending_payment')
    .executeTakeFirst();
  if (paid.numUpdatedRows !== 1n) throw new Error(`order ${order.id} left pending_payment under its lock`);
  const organization = await requireOrganization(tx, order.organization_id);
  let lines = await linesOf(tx, order.organization_id, order.id);
  // An auto-renewal's order was applied when it was placed; paying it only settles it.
  if (order.applied_at === null) lines = (await applyOrder(tx, database.dialect, audit, order, lines)).map((a) => a.line);
  const paidOrder: OrderRow = { ...order, status: 'paid', paid_at: now, card_attempt_started_at: null, updated_at: now, applied_at: order.applied_at ?? now };
  const invoice = await issueInvoice(tx, audit, organization, paidOrder, lines);
  const data = {
    orderNumber: order.number,
    paymentId: payment.id,
    method: payment.method,
    amountMinor: payment.amount_minor,
    currency: payment.currency,
    paidOn: localDate(audit.now, organization.time_zone).toString(),
    subscriptionIds: [...new Set(lines.map((l) => l.applied_subscription_id).filter((id): id is string => id !== null))],
  };
  await recordAudit(tx, audit, { organizationId: order.organization_id, action: 'order.paid', target: { type: 'order', id: order.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: order.organization_id, type: 'payment.completed', payload: { orderId: order.id, ...data, orderedByUserId: order.ordered_by_user_id } });
  return { kind: 'paid', order: paidOrder, invoice };
}

/** Applies a confirmation exactly once; see the top of this file. */
export async function confirmPayment(database: Database, audit: AuditContext, confirmation: PaymentConfirmation): Promise<ConfirmOutcome> {
  try {
    return await inTransaction(database.db, (tx) => confirmIn(tx, database, audit, confirmation));
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === 'TEMPORARILY_UNAVAILABLE') throw error;
    // The order can no longer do what it was bought for (the subscription was deleted meanwhile,
    // the seats would pass the plan's maximum…): the money is kept nowhere. The order is
    // cancelled with the reason, and the payment recorded as unapplied and refunded.
    return inTransaction(database.db, async (tx) => {
      const order = await lockOrder(tx, database.dialect, confirmation.organizationId, confirmation.orderId);
      if (await recordedPayment(tx, confirmation)) return { kind: 'duplicate', order };
      const cancelled = order.status === 'pending_payment' ? await markCancelled(tx, audit, order, 'not_applicable', error.code) : order;
      return recordUnapplied(tx, database.dialect, audit, cancelled, confirmation, 'not_applicable');
    });
  }
}

/** One confirmation, in its transaction. */
async function confirmIn(tx: Tx, database: Database, audit: AuditContext, confirmation: PaymentConfirmation): Promise<ConfirmOutcome> {
  const order = await lockOrder(tx, database.dialect, confirmation.organizationId, confirmation.orderId);
  // Checked under the order's lock: a concurrent confirmation of the same payment has committed
  // by now, and the unique (provider, reference) backs this check up.
  const recorded = await recordedPayment(tx, confirmation);
  if (recorded) {
    // One provider payment can only ever pay one order; another order naming it is a bug.
    if (recorded.order_id !== order.id) throw new Error(`payment ${confirmation.provider}:${confirmation.reference} belongs to order ${recorded.order_id}, not ${order.id}`);
    return { kind: 'duplicate', order };
  }
  const reason = unappliedReason(order, confirmation);
  if (reason) return recordUnapplied(tx, database.dialect, audit, order, confirmation, reason);
  return payOrder(tx, database, audit, order, confirmation);
}
