// Coterminous purchase (SPEC §4): a new subscription whose first term is shortened so that it
// ends together with an existing subscription of the same organization, and renews in step
// with it afterwards: one renewal date, one invoice cycle.
//
// Alignment: let A be the target's next term start (its end date + 1). The new subscription's
// next term starts on the first date after its own start of the form "A minus a whole number
// of NEW terms" (each computed from A on the target's anchor day, never chained). So:
//   - new annual/3-year aligned to an annual: ends on the target's end date;
//   - new annual aligned to a 3-year target: ends on the target's next anniversary (a first
//     term of up to 12 months, not up to 36);
//   - new monthly aligned to anything: ends on the target's next monthly anniversary.
// The first term is therefore never longer than one full term of the new plan.
//
// Price of the first term: pro rata by months, a started month counting whole, the months
// being those of the target's cycle (counted back from A on the anchor day) so the count
// never exceeds the term length even around clamped month ends.
//
// Eligibility is checked in this fixed order, the first failure being reported:
//   1. COTERMINOUS_NOT_FOR_CHANGES        only a new subscription; not seat additions,
//                                         renewals or mid-term changes (those follow the
//                                         existing term already)
//   2. COTERMINOUS_TARGET_OTHER_ORGANIZATION  target must belong to the same organization
//   3. COTERMINOUS_CATEGORY_NOT_ALLOWED   neither side may be third_party, usage or trial:
//                                         their terms are set by someone else, by
//                                         consumption, or are not paid terms at all
//   4. COTERMINOUS_TERM_NOT_ALLOWED       both terms must be 1, 12 or 36 months
//   5. COTERMINOUS_MONTHLY_TARGET         a new annual or 3-year may not be aligned to a
//                                         monthly (its first term would be a sliver of a
//                                         month, billed for a whole one)
//   6. COTERMINOUS_TARGET_NOT_ACTIVE      target must be active (in grace, disabled,
//                                         cancelled or deleted its end date is behind us or
//                                         meaningless)
//   7. COTERMINOUS_TARGET_ENDED           target must end on or after the new start
import { Temporal } from 'temporal-polyfill';
import { assertMinorUnits, scaleAmount } from '../money/rounding.ts';
import type { SubscriptionState } from './state.ts';
import { isTermMonths, shiftMonthsKeepingAnchor } from './terms.ts';

export const PLAN_CATEGORIES = ['standard', 'third_party', 'usage', 'trial'] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

const NOT_ALIGNABLE: readonly PlanCategory[] = ['third_party', 'usage', 'trial'];

export type PurchaseKind = 'new_subscription' | 'seat_addition' | 'renewal' | 'mid_term_change';

export type CoterminousRefusalCode =
  | 'COTERMINOUS_NOT_FOR_CHANGES'
  | 'COTERMINOUS_TARGET_OTHER_ORGANIZATION'
  | 'COTERMINOUS_CATEGORY_NOT_ALLOWED'
  | 'COTERMINOUS_TERM_NOT_ALLOWED'
  | 'COTERMINOUS_MONTHLY_TARGET'
  | 'COTERMINOUS_TARGET_NOT_ACTIVE'
  | 'COTERMINOUS_TARGET_ENDED';

export type CoterminousTarget = Readonly<{
  organizationId: string;
  category: PlanCategory;
  termMonths: number;
  state: SubscriptionState;
  endDate: Temporal.PlainDate;
  /** The target's anchor day; defaults to the day of endDate + 1. */
  anchorDay?: number | undefined;
}>;

export type CoterminousRequest = Readonly<{
  purchase: PurchaseKind;
  organizationId: string;
  newPlan: Readonly<{ category: PlanCategory; termMonths: number }>;
  /** First civil day of the new subscription. */
  newStart: Temporal.PlainDate;
  target: CoterminousTarget;
}>;

export type CoterminousTerm = Readonly<{
  start: Temporal.PlainDate;
  /** Last day of the shortened first term. */
  end: Temporal.PlainDate;
  /** Start of the first full term; later terms are computed from it on `anchorDay`. */
  nextTermStart: Temporal.PlainDate;
  anchorDay: number;
  /** Months charged for the first term (a started month counts whole); 1 … termMonths. */
  monthsCharged: number;
}>;

export type CoterminousEligibility =
  | Readonly<{ ok: true }>
  | Readonly<{ ok: false; code: CoterminousRefusalCode; side?: 'new' | 'target' }>;

export function checkCoterminousEligibility(request: CoterminousRequest): CoterminousEligibility {
  const { purchase, organizationId, newPlan, newStart, target } = request;
  if (purchase !== 'new_subscription') return { ok: false, code: 'COTERMINOUS_NOT_FOR_CHANGES' };
  if (target.organizationId !== organizationId) return { ok: false, code: 'COTERMINOUS_TARGET_OTHER_ORGANIZATION' };
  if (NOT_ALIGNABLE.includes(newPlan.category)) return { ok: false, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', side: 'new' };
  if (NOT_ALIGNABLE.includes(target.category)) return { ok: false, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', side: 'target' };
  if (!isTermMonths(newPlan.termMonths)) return { ok: false, code: 'COTERMINOUS_TERM_NOT_ALLOWED', side: 'new' };
  if (!isTermMonths(target.termMonths)) return { ok: false, code: 'COTERMINOUS_TERM_NOT_ALLOWED', side: 'target' };
  if (newPlan.termMonths > 1 && target.termMonths === 1) return { ok: false, code: 'COTERMINOUS_MONTHLY_TARGET' };
  if (target.state !== 'active') return { ok: false, code: 'COTERMINOUS_TARGET_NOT_ACTIVE' };
  if (Temporal.PlainDate.compare(target.endDate, newStart) < 0) return { ok: false, code: 'COTERMINOUS_TARGET_ENDED' };
  return { ok: true };
}

/**
 * The aligned first term (see the header for the rule). Precondition: the target ends on or
 * after `newStart` (checked as data by checkCoterminousEligibility).
 */
export function coterminousEnd(input: {
  newStart: Temporal.PlainDate;
  newTermMonths: number;
  targetEndDate: Temporal.PlainDate;
  targetAnchorDay?: number | undefined;
}): CoterminousTerm {
  const { newStart, newTermMonths, targetEndDate } = input;
  if (Temporal.PlainDate.compare(targetEndDate, newStart) < 0) {
    throw new RangeError(`target ended ${targetEndDate.toString()} before ${newStart.toString()}`);
  }
  const targetNextStart = targetEndDate.add({ days: 1 });
  const anchorDay = input.targetAnchorDay ?? targetNextStart.day;
  const candidate = (k: number) => shiftMonthsKeepingAnchor(targetNextStart, -k * newTermMonths, anchorDay);
  // The largest k whose candidate is still after newStart; bounded by newTermMonths ≤ 36 steps
  // of the target's own term length, so a plain walk is fine.
  let k = 0;
  while (Temporal.PlainDate.compare(candidate(k + 1), newStart) > 0) k += 1;
  const nextTermStart = candidate(k);
  let monthsCharged = 1;
  while (Temporal.PlainDate.compare(shiftMonthsKeepingAnchor(nextTermStart, -monthsCharged, anchorDay), newStart) > 0) {
    monthsCharged += 1;
  }
  return { start: newStart, end: nextTermStart.subtract({ days: 1 }), nextTermStart, anchorDay, monthsCharged };
}

/** Price of the first (shortened) term: monthsCharged / termMonths of the term price, half up. */
export function coterminousPrice(input: {
  pricePerSeatPerTerm: number;
  seats: number;
  termMonths: number;
  monthsCharged: number;
}): number {
  const { pricePerSeatPerTerm, seats, termMonths, monthsCharged } = input;
  assertMinorUnits(pricePerSeatPerTerm, 'pricePerSeatPerTerm');
  if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats must be a positive integer, got ${seats}`);
  if (!Number.isInteger(monthsCharged) || monthsCharged < 1 || monthsCharged > termMonths) {
    throw new RangeError(`monthsCharged must be 1..${termMonths}, got ${monthsCharged}`);
  }
  return scaleAmount(pricePerSeatPerTerm, BigInt(seats) * BigInt(monthsCharged), termMonths, 'half_up');
}

export type CoterminousPlan =
  | Readonly<{ ok: true; term: CoterminousTerm }>
  | Extract<CoterminousEligibility, { ok: false }>;

/** Eligibility and the aligned first term in one call, for the order and redemption review. */
export function planCoterminousPurchase(request: CoterminousRequest): CoterminousPlan {
  const eligibility = checkCoterminousEligibility(request);
  if (!eligibility.ok) return eligibility;
  const term = coterminousEnd({
    newStart: request.newStart,
    newTermMonths: request.newPlan.termMonths,
    targetEndDate: request.target.endDate,
    targetAnchorDay: request.target.anchorDay,
  });
  return { ok: true, term };
}
