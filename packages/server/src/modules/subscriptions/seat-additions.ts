// Seats added mid-term (SPEC §4): priced pro rata by days from the day they are added to the
// end date, dividing by the whole term's days (core prorateSeatAddition). A subscription
// renewed ahead reaches past its current term: the seats are then priced term by term (the
// rest of this one, then each full term already bought), each term divided by its own days,
// so a seat-day costs the same whether the term has 365 or 366 days.
import { Temporal } from 'temporal-polyfill';
import { localDate, prorateSeatAddition, shiftMonthsKeepingAnchor } from '@licentia/core/lifecycle';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { addSeats, stateOf, type SubscriptionRow, plainDate } from './service.ts';
import { lockSubscription, planDetails, type ChangeRow, type PlanDetails } from './store.ts';

export interface SeatQuote {
  seats: number;
  /** First day the seats count (today, or the subscription's start if it is later). */
  fromDay: string;
  endDate: string;
  amountMinor: number;
  currency: string;
  terms: { termStart: string; termEnd: string; days: number; termDays: number; amountMinor: number }[];
}

const later = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b);

/** The price of `seats` more seats from today to the end date; refusals as DomainError. */
export function quoteSeatAddition(input: { subscription: SubscriptionRow; plan: PlanDetails; organization: OrganizationRow; seats: number; now: Temporal.Instant }): SeatQuote {
  const { subscription, plan, seats } = input;
  const today = localDate(input.now, input.organization.time_zone);
  if (subscription.is_trial === 1) throw new DomainError('SEAT_ADDITION_UNAVAILABLE', { reason: 'TRIAL', subscriptionId: subscription.id });
  const state = stateOf(subscription, plan.rules.policy, today);
  // After E there is no term left to prorate over: renew first (the renewal carries the seats).
  if (state !== 'active') throw new DomainError('SEAT_ADDITION_UNAVAILABLE', { reason: 'NOT_ACTIVE', state, subscriptionId: subscription.id });
  const total = subscription.seats + seats;
  if (total > plan.rules.maxSeatsPerSubscription) throw new DomainError('SEAT_LIMIT_EXCEEDED', { maximum: plan.rules.maxSeatsPerSubscription, requested: total });

  const fromDay = later(today, plainDate(subscription.start_date));
  const end = plainDate(subscription.end_date);
  const nextStart = end.add({ days: 1 });
  const months = subscription.term_months;
  const terms: SeatQuote['terms'] = [];
  // Terms counted back from the end date on the anchor day (never chained): the k-th from the
  // end starts k terms before E+1. A coterminous first term is priced as part of its full term.
  for (let k = 1; ; k++) {
    const termEnd = k === 1 ? end : shiftMonthsKeepingAnchor(nextStart, -(k - 1) * months, subscription.anchor_day).subtract({ days: 1 });
    if (Temporal.PlainDate.compare(termEnd, fromDay) < 0) break;
    const termStart = shiftMonthsKeepingAnchor(nextStart, -k * months, subscription.anchor_day);
    const price = prorateSeatAddition({ pricePerSeatPerTerm: plan.catalog.price.amountMinor, seats, termStart, termEnd, fromDay });
    terms.unshift({ termStart: termStart.toString(), termEnd: termEnd.toString(), days: price.days, termDays: price.termDays, amountMinor: price.amount });
  }
  return {
    seats,
    fromDay: fromDay.toString(),
    endDate: subscription.end_date,
    amountMinor: terms.reduce((sum, t) => sum + t.amountMinor, 0),
    currency: plan.catalog.price.currency,
    terms,
  };
}

/** Buys seats at the quoted price, as an order (SPEC: source `order`, amount = the prorated price). */
export async function purchaseSeats(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: { organization: OrganizationRow; subscriptionId: string; seats: number; expectedAmountMinor?: number | undefined },
): Promise<{ subscription: SubscriptionRow; change: ChangeRow; quote: SeatQuote }> {
  const { organization } = input;
  const subscription = await lockSubscription(tx, dialect, organization.id, input.subscriptionId);
  const plan = await planDetails(tx, subscription.plan_id);
  const quote = quoteSeatAddition({ subscription, plan, organization, seats: input.seats, now: audit.now });
  if (input.expectedAmountMinor !== undefined && input.expectedAmountMinor !== quote.amountMinor) {
    throw new DomainError('PRICE_CHANGED', { expectedAmountMinor: input.expectedAmountMinor, amountMinor: quote.amountMinor, currency: quote.currency });
  }
  const updated = await addSeats(tx, audit, { organization, plan: plan.rules, subscription, seats: input.seats }, { source: 'order', amountMinor: quote.amountMinor });
  const change = await tx
    .selectFrom('subscription_changes')
    .selectAll()
    .where('organization_id', '=', organization.id)
    .where('subscription_id', '=', subscription.id)
    .where('kind', '=', 'seat_addition')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { subscription: updated, change, quote };
}
