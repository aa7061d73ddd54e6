// When a renewed term starts (SPEC §4 "Renewal"), by key, order or auto-renew.
//
// Renewed on or before E + grace: the new term starts E+1, so nothing paid is lost and an early
// renewal simply adds to the remaining time; the subscription keeps its anchor day. Renewed
// later (disabled, or inside a consumer plan's renewal window): the customer had no service
// for a while, and charging for those days would be unfair, so the new term starts on the
// renewal day, which becomes the new anchor. Deleted (or past the window): not renewable.
import { Temporal } from 'temporal-polyfill';
import type { LifecyclePolicy } from './policy.ts';
import { stateBoundaries } from './state.ts';
import { termEnd } from './terms.ts';

export type RenewalRefusalCode =
  /** Cancelled with a refund: the term was given back, so there is nothing to extend. Buy anew. */
  | 'SUBSCRIPTION_CANCELLED'
  /** Past deletion on a plan without a renewal window: data is gone, only a new purchase. */
  | 'SUBSCRIPTION_DELETED'
  /** Past a consumer plan's renewal window. */
  | 'RENEWAL_WINDOW_PASSED';

export type RenewalStart =
  | Readonly<{
      renewable: true;
      start: Temporal.PlainDate;
      /** `continues`: starts E+1 and keeps the anchor; `restarts`: starts on the renewal day. */
      basis: 'continues' | 'restarts';
    }>
  | Readonly<{ renewable: false; code: RenewalRefusalCode; lastRenewableDay: Temporal.PlainDate | null }>;

/**
 * Last civil day on which the subscription can be renewed: the last disabled day, or the end
 * of a consumer renewal window if that is later (a window never takes away the right to
 * reactivate a disabled subscription).
 */
export function lastRenewableDay(endDate: Temporal.PlainDate, policy: LifecyclePolicy): Temporal.PlainDate {
  const lastDisabledDay = stateBoundaries(endDate, policy).deletedFrom.subtract({ days: 1 });
  if (policy.renewalWindowDays === null) return lastDisabledDay;
  const windowEnd = endDate.add({ days: policy.renewalWindowDays });
  return Temporal.PlainDate.compare(windowEnd, lastDisabledDay) > 0 ? windowEnd : lastDisabledDay;
}

export type RenewalInput = Readonly<{
  endDate: Temporal.PlainDate;
  /** Organization-local civil day the renewal is made (payment confirmed, key redeemed). */
  renewalDay: Temporal.PlainDate;
  cancelledOn?: Temporal.PlainDate | undefined;
  policy: LifecyclePolicy;
}>;

export function renewalStart(input: RenewalInput): RenewalStart {
  const { endDate, renewalDay, cancelledOn, policy } = input;
  if (cancelledOn !== undefined && Temporal.PlainDate.compare(renewalDay, cancelledOn) >= 0) {
    return { renewable: false, code: 'SUBSCRIPTION_CANCELLED', lastRenewableDay: null };
  }
  const { disabledFrom } = stateBoundaries(endDate, policy);
  if (Temporal.PlainDate.compare(renewalDay, disabledFrom) < 0) {
    return { renewable: true, start: endDate.add({ days: 1 }), basis: 'continues' };
  }
  const last = lastRenewableDay(endDate, policy);
  if (Temporal.PlainDate.compare(renewalDay, last) <= 0) {
    return { renewable: true, start: renewalDay, basis: 'restarts' };
  }
  const code = policy.renewalWindowDays === null ? 'SUBSCRIPTION_DELETED' : 'RENEWAL_WINDOW_PASSED';
  return { renewable: false, code, lastRenewableDay: last };
}

export function isRenewable(input: RenewalInput): boolean {
  return renewalStart(input).renewable;
}

export type RenewalTerm =
  | Readonly<{
      renewable: true;
      start: Temporal.PlainDate;
      end: Temporal.PlainDate;
      /** Day of month later terms are anchored on (unchanged when the term continues). */
      anchorDay: number;
      basis: 'continues' | 'restarts';
    }>
  | Extract<RenewalStart, { renewable: false }>;

/**
 * The whole renewed term. `anchorDay` is the subscription's current anchor day; it is needed
 * because E+1 may itself be a clamped date (anchored on the 31st, E+1 = Feb 28), and the term
 * after it must still end the day before Mar 31.
 */
export function renewalTerm(input: RenewalInput & { months: number; anchorDay: number }): RenewalTerm {
  const start = renewalStart(input);
  if (!start.renewable) return start;
  const anchorDay = start.basis === 'continues' ? input.anchorDay : start.start.day;
  return { ...start, end: termEnd(start.start, input.months, anchorDay), anchorDay };
}
