// Paying an order by card: the provider is called outside any transaction (a network call must
// not hold a database lock, nor SQLite's only connection), between two short ones:
//   1. claim an attempt under the order's lock: one attempt in flight per order, numbered;
//   2. ask the provider to charge, with the idempotency key "<order id>:<attempt>";
//   3. settle: a capture confirms the payment (payments.ts, exactly once), a decline or a
//      pending authentication closes the attempt.
// If the provider cannot be reached the outcome is unknown: the attempt stays open, and the
// next request (after a short lease) asks again with the same key, which the provider answers
// with the first outcome, so a card is never charged twice for one attempt. A process that dies
// between 2 and 3 is covered the same way, and by the provider's webhook.
import { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { lockOrder, type OrderRow } from './orders.ts';
import { confirmPayment, type ConfirmOutcome } from './payments.ts';
import { ProviderRequestError, ProviderUnavailableError, type CardProvider, type ChargeOutcome } from './providers/card-provider.ts';

/** How long an attempt in flight keeps others out; a request taking longer is taken as lost. */
export const CARD_ATTEMPT_LEASE_SECONDS = 60;

export interface CardAttempt {
  order: OrderRow;
  attempt: number;
}

function refusePayment(order: OrderRow, method: 'card' | 'bank_transfer'): void {
  if (order.status === 'paid') throw new DomainError('ORDER_NOT_PAYABLE', { reason: 'PAID', orderNumber: order.number });
  if (order.status === 'cancelled') throw new DomainError('ORDER_NOT_PAYABLE', { reason: 'CANCELLED', orderNumber: order.number, cancelledAt: order.cancelled_at });
  if (order.payment_method !== method) throw new DomainError('ORDER_NOT_PAYABLE', { reason: method === 'card' ? 'NOT_CARD' : 'NOT_BANK_TRANSFER', orderNumber: order.number });
}

export async function claimCardAttempt(database: Database, audit: AuditContext, organizationId: string, orderId: string): Promise<CardAttempt> {
  return inTransaction(database.db, async (tx) => {
    const order = await lockOrder(tx, database.dialect, organizationId, orderId);
    refusePayment(order, 'card');
    const now = toStoredInstant(audit.now);
    // Past the due date the order has lapsed, whether or not the due-date worker has been by.
    if (now >= order.due_at) throw new DomainError('ORDER_NOT_PAYABLE', { reason: 'CANCELLED', orderNumber: order.number, cancelledAt: order.due_at });
    const open = order.card_attempt_started_at;
    if (open !== null && open > toStoredInstant(audit.now.subtract({ seconds: CARD_ATTEMPT_LEASE_SECONDS }))) {
      throw new DomainError('CARD_PAYMENT_IN_PROGRESS', { orderNumber: order.number, retryAfterSeconds: CARD_ATTEMPT_LEASE_SECONDS });
    }
    // An attempt left open (its outcome never learnt) is asked again under its own key.
    const attempt = open !== null ? order.card_attempt : order.card_attempt + 1;
    await tx.updateTable('orders').set({ card_attempt: attempt, card_attempt_started_at: now, updated_at: now }).where('organization_id', '=', organizationId).where('id', '=', orderId).execute();
    return { order: { ...order, card_attempt: attempt, card_attempt_started_at: now }, attempt };
  });
}

/** Closes the attempt (if it is still this one) and records what the provider said of it. */
async function closeAttempt(database: Database, audit: AuditContext, claim: CardAttempt, reference: string | null, record?: { action: string; data: Record<string, unknown> }): Promise<void> {
  await inTransaction(database.db, async (tx) => {
    const now = toStoredInstant(audit.now);
    await tx
      .updateTable('orders')
      .set({ card_attempt_started_at: null, card_reference: reference ?? claim.order.card_reference, updated_at: now })
      .where('organization_id', '=', claim.order.organization_id)
      .where('id', '=', claim.order.id)
      .where('card_attempt', '=', claim.attempt)
      .execute();
    if (!record) return;
    const data = { orderNumber: claim.order.number, attempt: claim.attempt, ...record.data };
    await recordAudit(tx, audit, { organizationId: claim.order.organization_id, action: record.action, target: { type: 'order', id: claim.order.id }, data });
  });
}

/** What the provider answered, applied: a capture is confirmed like every other confirmation. */
export async function settleCardOutcome(database: Database, audit: AuditContext, claim: CardAttempt, providerName: string, outcome: ChargeOutcome): Promise<ConfirmOutcome | { kind: 'pending'; clientSecret: string | null }> {
  switch (outcome.status) {
    case 'succeeded': {
      const confirmed = await confirmPayment(database, audit, {
        organizationId: claim.order.organization_id,
        orderId: claim.order.id,
        method: 'card',
        provider: providerName,
        reference: outcome.reference,
        amountMinor: outcome.amountMinor,
        currency: outcome.currency,
        receivedAt: audit.now,
      });
      // Paying closed the attempt; a capture that paid nothing (its webhook was first, or the
      // order lapsed meanwhile) closes it here.
      if (confirmed.kind !== 'paid') await closeAttempt(database, audit, claim, outcome.reference);
      return confirmed;
    }
    case 'pending':
      await closeAttempt(database, audit, claim, outcome.reference, { action: 'order.card_payment_pending', data: { reference: outcome.reference } });
      return { kind: 'pending', clientSecret: outcome.clientSecret };
    case 'declined':
      await closeAttempt(database, audit, claim, outcome.reference, { action: 'order.card_declined', data: { declineCode: outcome.declineCode } });
      throw new DomainError('PAYMENT_DECLINED', { declineCode: outcome.declineCode, orderNumber: claim.order.number });
  }
}

/** The whole card payment of one request: claim, charge, settle. */
export async function payByCard(
  database: Database,
  audit: AuditContext,
  provider: CardProvider,
  input: { organizationId: string; orderId: string; paymentMethod: string },
): Promise<ConfirmOutcome | { kind: 'pending'; clientSecret: string | null }> {
  const claim = await claimCardAttempt(database, audit, input.organizationId, input.orderId);
  let outcome: ChargeOutcome;
  try {
    outcome = await provider.charge({
      organizationId: claim.order.organization_id,
      orderId: claim.order.id,
      orderNumber: claim.order.number,
      amountMinor: claim.order.total_minor,
      currency: claim.order.currency,
      paymentMethod: input.paymentMethod,
      idempotencyKey: `${claim.order.id}:${claim.attempt}`,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailableError) throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE', { orderNumber: claim.order.number, retryAfterSeconds: CARD_ATTEMPT_LEASE_SECONDS }, { cause: error });
    if (error instanceof ProviderRequestError) {
      await closeAttempt(database, audit, claim, null, { action: 'order.card_payment_failed', data: { providerStatus: error.status, error: error.message } });
      throw new DomainError('PAYMENT_PROVIDER_ERROR', { providerStatus: error.status, orderNumber: claim.order.number }, { cause: error });
    }
    throw error;
  }
  return settleCardOutcome(database, audit, claim, provider.name, outcome);
}

/** The instant of a provider event (unix seconds), for "received by the due date". */
export function instantOfUnixSeconds(seconds: number): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(seconds * 1000);
}
