// The interface the billing issue calls when an order is paid: renew a subscription by one term,
// add seats to it, buy a new one (optionally coterminous with another), or switch it to direct
// billing. Small wrappers over the service with `source: 'order'`, in the caller's transaction,
// so that the payment, the subscription change, its audit row and its event commit together.
// The amount is what the order charged (before tax, in the plan's currency's minor units): it is
// what a cancellation refunds from.
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { quoteCoterminous, refuseUnlessSold } from './coterminous.ts';
import { switchToDirectBilling } from './direct-billing.ts';
import { quoteSeatAddition } from './seat-additions.ts';
import { addSeats, createSubscription, renewSubscription, type SubscriptionRow } from './service.ts';
import { lockSubscription, planDetails, requireOrganization, requireSubscription } from './store.ts';

/** Renews by one term (SPEC §4 start rule); refused as SUBSCRIPTION_UNAVAILABLE when it cannot be. */
export async function renewByOrder(
  tx: Tx,
  audit: AuditContext,
  input: { organizationId: string; subscriptionId: string; amountMinor: number },
): Promise<SubscriptionRow> {
  const organization = await requireOrganization(tx, input.organizationId);
  const subscription = await requireSubscription(tx, organization.id, input.subscriptionId);
  // A trial is not a paid term to extend: buying the plan is a purchase.
  if (subscription.is_trial === 1) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NOT_RENEWABLE', subscriptionId: subscription.id });
  const plan = await planDetails(tx, subscription.plan_id);
  return renewSubscription(tx, audit, { organization, plan: plan.rules, subscription }, { source: 'order', amountMinor: input.amountMinor });
}

/**
 * Buys a new subscription starting today, or aligned with `alignWithSubscriptionId` (then its
 * first term is core's coterminous term; price it with quoteCoterminous first).
 */
export async function purchaseByOrder(
  tx: Tx,
  audit: AuditContext,
  input: { organizationId: string; planId: string; seats: number; amountMinor: number; alignWithSubscriptionId?: string | undefined },
): Promise<SubscriptionRow> {
  const organization = await requireOrganization(tx, input.organizationId);
  if (input.alignWithSubscriptionId) {
    const quote = await quoteCoterminous(tx, audit.principal, organization, { planId: input.planId, seats: input.seats, alignWithSubscriptionId: input.alignWithSubscriptionId }, audit.now);
    const { start, end, anchorDay } = quote.term;
    return createSubscription(tx, audit, { organization, plan: quote.plan.rules, seats: input.seats, trial: false, firstTerm: { start, end, anchorDay } }, { source: 'order', amountMinor: input.amountMinor });
  }
  const plan = await planDetails(tx, input.planId);
  refuseUnlessSold(plan, organization);
  return createSubscription(tx, audit, { organization, plan: plan.rules, seats: input.seats, trial: false }, { source: 'order', amountMinor: input.amountMinor });
}

/** A paid order line that changes a subscription: the seats it is for and what it charged before tax. */
interface PaidChange {
  organizationId: string;
  subscriptionId: string;
  seats: number;
  amountMinor: number;
}

/**
 * Adds seats from today to the end date, at the price the order charged (it may have been
 * quoted on an earlier day: the order's price stands). The same refusals as a quote
 * (SEAT_ADDITION_UNAVAILABLE, SEAT_LIMIT_EXCEEDED), checked under the subscription's lock.
 */
export async function addSeatsByOrder(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: PaidChange,
): Promise<SubscriptionRow> {
  const organization = await requireOrganization(tx, input.organizationId);
  const subscription = await lockSubscription(tx, dialect, organization.id, input.subscriptionId);
  const plan = await planDetails(tx, subscription.plan_id);
  quoteSeatAddition({ subscription, plan, organization, seats: input.seats, now: audit.now });
  return addSeats(tx, audit, { organization, plan: plan.rules, subscription, seats: input.seats }, { source: 'order', amountMinor: input.amountMinor });
}

/**
 * Switches to direct billing when the order is paid, returning the new direct subscription. Its
 * start follows the day of payment (quoteDirectBilling's default): paid on or before the end date
 * E, it starts on E+1 and no paid time is lost; paid later, the key term has ended and it starts
 * that day. Refused (DIRECT_BILLING_UNAVAILABLE) when the switch no longer applies: switched
 * already, direct, cancelled, deleted, or the seats changed since the order was priced.
 */
export async function switchToDirectBillingByOrder(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: PaidChange,
): Promise<SubscriptionRow> {
  const organization = await requireOrganization(tx, input.organizationId);
  const { successor } = await switchToDirectBilling(tx, dialect, audit, {
    organization,
    subscriptionId: input.subscriptionId,
    start: undefined,
    paid: { seats: input.seats, amountMinor: input.amountMinor },
  });
  return successor;
}
