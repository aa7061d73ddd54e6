// Switching to direct billing (SPEC §4): a new direct-billed subscription of the same plan and
// seats. It can start on E+1, the default offered, so that no paid time is lost; or now, when
// the customer wants it at once and gives up the rest of the current term. Either way the
// current subscription is not renewed any more (auto-renew off): its successor takes over, and
// it is linked to it (successor_subscription_id), so a subscription is switched once.
import type { Temporal } from 'temporal-polyfill';
import { localDate, termEnd } from '@licentia/core/lifecycle';
import { scaleAmount } from '@licentia/core/money';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { announce, createSubscription, stateOf, type SubscriptionRow, plainDate } from './service.ts';
import { lockSubscription, planDetails, type PlanDetails } from './store.ts';

export const DIRECT_BILLING_STARTS = ['after_current_end', 'now'] as const;
export type DirectBillingStart = (typeof DIRECT_BILLING_STARTS)[number];

export interface DirectBillingQuote {
  start: DirectBillingStart;
  term: { start: Temporal.PlainDate; end: Temporal.PlainDate; anchorDay: number };
  seats: number;
  amountMinor: number;
  currency: string;
  /** Days of the current term given up by starting now (0 when starting after it). */
  daysGivenUp: number;
}

export function quoteDirectBilling(input: {
  subscription: SubscriptionRow;
  plan: PlanDetails;
  organization: OrganizationRow;
  start: DirectBillingStart | undefined;
  now: Temporal.Instant;
}): DirectBillingQuote {
  const { subscription, plan } = input;
  const today = localDate(input.now, input.organization.time_zone);
  const state = stateOf(subscription, plan.rules.policy, today);
  const refuse = (reason: string, extra: Record<string, unknown> = {}) =>
    new DomainError('DIRECT_BILLING_UNAVAILABLE', { reason, subscriptionId: subscription.id, state, ...extra });
  if (subscription.billing_mode === 'direct') throw refuse('ALREADY_DIRECT');
  if (subscription.successor_subscription_id !== null) throw refuse('ALREADY_SWITCHED', { successorSubscriptionId: subscription.successor_subscription_id });
  if (subscription.is_trial === 1) throw refuse('TRIAL');
  // Cancelled (refunded) or deleted: nothing is left to carry on; buy the plan anew.
  if (state === 'cancelled' || state === 'deleted') throw refuse('NOT_SWITCHABLE');
  const end = plainDate(subscription.end_date);
  // Once E has passed, E+1 is behind us: the only start left is now.
  const start = input.start ?? (state === 'active' ? 'after_current_end' : 'now');
  if (start === 'after_current_end' && state !== 'active') throw refuse('ALREADY_ENDED', { endDate: subscription.end_date });
  const term =
    start === 'after_current_end'
      ? { start: end.add({ days: 1 }), end: termEnd(end.add({ days: 1 }), subscription.term_months, subscription.anchor_day), anchorDay: subscription.anchor_day }
      : { start: today, end: termEnd(today, subscription.term_months), anchorDay: today.day };
  const daysGivenUp = start === 'now' && state === 'active' ? today.until(end).days + 1 : 0;
  return {
    start,
    term,
    seats: subscription.seats,
    amountMinor: scaleAmount(plan.catalog.price.amountMinor, subscription.seats, 1),
    currency: plan.catalog.price.currency,
    daysGivenUp,
  };
}

/** What an order charged for a switch: its price stands, for the seats it was priced for. */
interface PaidSwitch {
  seats: number;
  amountMinor: number;
}

/**
 * Makes the successor and stops the current one renewing. `paid` (an order's switch, applied when
 * paid): the successor's purchase records the order's amount, and the switch is refused
 * (SEATS_CHANGED) when the subscription no longer has the seats the order was priced for.
 */
export async function switchToDirectBilling(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: { organization: OrganizationRow; subscriptionId: string; start: DirectBillingStart | undefined; paid?: PaidSwitch | undefined },
): Promise<{ previous: SubscriptionRow; successor: SubscriptionRow; quote: DirectBillingQuote }> {
  const { organization, paid } = input;
  const subscription = await lockSubscription(tx, dialect, organization.id, input.subscriptionId);
  const plan = await planDetails(tx, subscription.plan_id);
  const quote = quoteDirectBilling({ subscription, plan, organization, start: input.start, now: audit.now });
  if (paid && paid.seats !== quote.seats) {
    throw new DomainError('DIRECT_BILLING_UNAVAILABLE', { reason: 'SEATS_CHANGED', subscriptionId: subscription.id, seats: quote.seats, orderedSeats: paid.seats });
  }
  // The plan is sold already: switching how it is billed is not a new sale, so an inactive plan
  // (no longer sold) may still be switched, as it may still be renewed.
  const successor = await createSubscription(
    tx,
    audit,
    { organization, plan: plan.rules, seats: quote.seats, trial: false, firstTerm: quote.term },
    { source: 'order', amountMinor: paid?.amountMinor ?? quote.amountMinor },
  );
  const previous: SubscriptionRow = { ...subscription, auto_renew: 0, successor_subscription_id: successor.id, updated_at: successor.updated_at };
  await tx
    .updateTable('subscriptions')
    .set({ auto_renew: 0, successor_subscription_id: successor.id, updated_at: previous.updated_at })
    .where('organization_id', '=', organization.id)
    .where('id', '=', subscription.id)
    .execute();
  await announce(tx, audit, organization.id, subscription.id, 'subscription.switched_to_direct_billing', {
    successorSubscriptionId: successor.id,
    start: quote.start,
    successorStartDate: successor.start_date,
    autoRenewTurnedOff: subscription.auto_renew === 1,
  });
  return { previous, successor, quote };
}
