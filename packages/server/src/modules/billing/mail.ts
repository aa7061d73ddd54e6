// The mails of billing, written when they are sent (notifications/messages.ts): the payment
// confirmation, naming every subscription the order changed, and the invoice notice with its
// link. Both go to the person who placed the order and to the organization's global and
// billing admins (event-registry.ts, audience `orderer_and_customer_admins`).
import type { MessageBuilder, MessageSource } from '../notifications/messages.ts';
import { payloadString, subscriptionFacts } from '../notifications/subscription-facts.ts';
import type { SubscriptionChange, SubscriptionChangeKind, SubscriptionSummary } from '../notifications/templates/index.ts';
import { contentOf } from './invoices.ts';
import { linesOf, type OrderLineRow } from './orders.ts';

const CHANGE_OF_PURPOSE: Record<string, SubscriptionChangeKind> = {
  new_subscription: 'subscription',
  coterminous: 'subscription',
  renewal: 'renewal',
  seat_addition: 'add_seats',
  direct_billing: 'subscription',
};

async function summaryOf(source: MessageSource, line: OrderLineRow): Promise<SubscriptionSummary> {
  const facts = await subscriptionFacts(source.db, {
    organizationId: source.event.organizationId,
    subscriptionId: line.applied_subscription_id!,
    timeZone: source.organization.time_zone,
    language: source.language,
    now: source.now,
  });
  return facts.summary;
}

function common(source: MessageSource, portalUrl: string) {
  return { organizationName: source.organization.name, timeZone: source.organization.time_zone, recipientName: source.recipientName, portalUrl };
}

export const buildPaymentCompleted: MessageBuilder = async (source) => {
  const { payload, organizationId } = source.event;
  const orderId = payloadString(payload, 'orderId');
  const lines = (await linesOf(source.db, organizationId, orderId)).filter((l) => l.applied_subscription_id !== null);
  const changes: SubscriptionChange[] = [];
  for (const line of lines) {
    const change = CHANGE_OF_PURPOSE[line.purpose] ?? 'subscription';
    changes.push({
      ...(await summaryOf(source, line)),
      change,
      startDate: line.period_start,
      endDate: line.period_end,
      seatsAdded: change === 'add_seats' ? line.seats : undefined,
    });
  }
  const [first, ...rest] = changes;
  if (!first) return { skip: 'the order changed no subscription' };
  return {
    input: {
      ...common(source, source.links.order(organizationId, orderId)),
      kind: 'payment_completed',
      orderNumber: payloadString(payload, 'orderNumber'),
      paidOn: payloadString(payload, 'paidOn'),
      amountPaid: { amount: Number(payload.amountMinor), currency: payloadString(payload, 'currency') },
      method: payload.method === 'card' ? 'card' : 'bank_transfer',
      changes: [first, ...rest],
    },
  };
};

export const buildInvoiceIssued: MessageBuilder = async (source) => {
  const { payload, organizationId } = source.event;
  const invoiceId = payloadString(payload, 'invoiceId');
  const invoice = await source.db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId).where('id', '=', invoiceId).executeTakeFirst();
  // A notice of an invoice that does not exist would say something false: fail the delivery.
  if (!invoice) throw new Error(`invoice ${invoiceId} of ${organizationId} not found`);
  const content = contentOf(invoice);
  const lines = (await linesOf(source.db, organizationId, invoice.order_id)).filter((l) => l.applied_subscription_id !== null);
  const subscriptions: SubscriptionSummary[] = [];
  for (const line of lines) subscriptions.push(await summaryOf(source, line));
  const [first, ...rest] = subscriptions;
  if (!first) return { skip: 'the invoice names no subscription' };
  const invoiceUrl = source.links.invoice(organizationId, invoice.id);
  return {
    input: {
      ...common(source, invoiceUrl),
      kind: 'invoice_issued',
      invoiceNumber: invoice.number,
      issuedOn: invoice.issue_date,
      orderNumber: content.orderNumber,
      total: { amount: invoice.total_minor, currency: invoice.currency },
      issuerName: content.issuer.name[source.language],
      invoiceUrl,
      subscriptions: [first, ...rest],
    },
  };
};
