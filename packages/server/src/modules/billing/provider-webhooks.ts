// What Stripe's webhooks tell billing. Only a captured PaymentIntent changes anything
// (`payment_intent.succeeded`: confirmed like every other confirmation, exactly once); a failed
// attempt is recorded against its order; every other event is acknowledged and ignored.
// Events come at least once and in any order: a duplicate, or a success after the card request
// already confirmed it, finds the payment recorded and changes nothing (payments.ts).
import type { Database } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { instantOfUnixSeconds } from './card-payments.ts';
import { findOrder } from './orders.ts';
import { confirmPayment } from './payments.ts';
import type { StripeEvent } from './providers/stripe.ts';

export type WebhookOutcome = 'paid' | 'duplicate' | 'unapplied' | 'recorded' | 'ignored';

export async function handleStripeEvent(database: Database, audit: AuditContext, event: StripeEvent): Promise<WebhookOutcome> {
  const intent = event.data?.object;
  const organizationId = intent?.metadata?.organization_id;
  const orderId = intent?.metadata?.order_id;
  // Not a PaymentIntent of ours (the Stripe account may serve other systems too).
  if (!intent || intent.object !== 'payment_intent' || !organizationId || !orderId) return 'ignored';
  const order = await findOrder(database.db, organizationId, orderId);
  if (!order) return 'ignored';
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const outcome = await confirmPayment(database, audit, {
        organizationId,
        orderId,
        method: 'card',
        provider: 'stripe',
        reference: intent.id,
        amountMinor: intent.amount_received ?? intent.amount,
        currency: intent.currency.toUpperCase(),
        // Captured when Stripe made the event: a webhook delivered late still pays in time.
        receivedAt: instantOfUnixSeconds(event.created),
      });
      return outcome.kind;
    }
    case 'payment_intent.payment_failed':
      await inTransaction(database.db, (tx) =>
        recordAudit(tx, audit, {
          organizationId,
          action: 'order.card_payment_failed',
          target: { type: 'order', id: orderId },
          data: { orderNumber: order.number, reference: intent.id, eventId: event.id, declineCode: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null },
        }),
      );
      return 'recorded';
    default:
      return 'ignored';
  }
}
