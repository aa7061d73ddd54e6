// A subscription's state is a pure function of its dates, its plan's policy and today
// (ARCHITECTURE "Derive state from dates"). The sweeper only records the transitions this
// computes; it never decides them. So there is no stored state machine to drift from the dates.
//
// With E the end date and the default policy (SPEC §4):
//   active    … E
//   expired   E+1 … E+30         (grace: everything works, admins are warned)
//   disabled  E+31 … E+120       (users lose access, admins keep data, renew to reactivate)
//   deleted   E+121 …            (deprovisioned; buy anew)
//   cancelled C … C+90           (C = cancellation day; behaves like disabled)
//   deleted   C+91 …
import { Temporal } from 'temporal-polyfill';
import type { LifecyclePolicy } from './policy.ts';
import { localDate } from './local-time.ts';

export const SUBSCRIPTION_STATES = ['active', 'expired', 'disabled', 'deleted', 'cancelled'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export type SubscriptionDates = Readonly<{
  endDate: Temporal.PlainDate;
  /**
   * The organization-local civil day the subscription was cancelled with a refund. A civil
   * day rather than an instant because every other lifecycle date is one; users lose access
   * at the moment of cancellation, which is the same day.
   */
  cancelledOn?: Temporal.PlainDate | undefined;
  policy: LifecyclePolicy;
}>;

/** First day of each date-driven state for end date E. */
export type StateBoundaries = Readonly<{
  expiredFrom: Temporal.PlainDate;
  disabledFrom: Temporal.PlainDate;
  deletedFrom: Temporal.PlainDate;
}>;

export function stateBoundaries(endDate: Temporal.PlainDate, policy: LifecyclePolicy): StateBoundaries {
  const expiredFrom = endDate.add({ days: 1 });
  const disabledFrom = expiredFrom.add({ days: policy.graceDays });
  const deletedFrom = disabledFrom.add({ days: policy.disabledDays });
  return { expiredFrom, disabledFrom, deletedFrom };
}

/**
 * First day a cancelled subscription is deleted: the cancellation day is not counted (access
 * ended part-way through it), then `cancelledRetentionDays` full days are kept.
 */
export function cancelledDeletedFrom(cancelledOn: Temporal.PlainDate, policy: LifecyclePolicy): Temporal.PlainDate {
  return cancelledOn.add({ days: policy.cancelledRetentionDays + 1 });
}

const before = (a: Temporal.PlainDate, b: Temporal.PlainDate) => Temporal.PlainDate.compare(a, b) < 0;

function stateByEndDate(endDate: Temporal.PlainDate, policy: LifecyclePolicy, today: Temporal.PlainDate): SubscriptionState {
  const b = stateBoundaries(endDate, policy);
  if (before(today, b.expiredFrom)) return 'active';
  if (before(today, b.disabledFrom)) return 'expired';
  if (before(today, b.deletedFrom)) return 'disabled';
  return 'deleted';
}

/** The state on civil day `today` (in the organization's time zone). */
export function subscriptionState(input: SubscriptionDates & { today: Temporal.PlainDate }): SubscriptionState {
  const { endDate, cancelledOn, policy, today } = input;
  const byEndDate = stateByEndDate(endDate, policy, today);
  // Asking about a day before the cancellation (history, simulations) answers by dates alone.
  if (cancelledOn === undefined || before(today, cancelledOn)) return byEndDate;
  // Deletion is final whichever path reaches it first; a cancellation never prolongs data
  // retention beyond what the end date alone would allow.
  if (byEndDate === 'deleted' || !before(today, cancelledDeletedFrom(cancelledOn, policy))) return 'deleted';
  return 'cancelled';
}

/** The state at an exact instant: day changes happen at local midnight in `timeZone`. */
export function subscriptionStateAt(
  input: SubscriptionDates & { now: Temporal.Instant; timeZone: string },
): SubscriptionState {
  return subscriptionState({ ...input, today: localDate(input.now, input.timeZone) });
}

export type Transition = Readonly<{ state: SubscriptionState; on: Temporal.PlainDate }>;

/**
 * What happens next and on which day (the transition takes effect at local midnight of `on`);
 * `null` once deleted, which is final. Computed by evaluating `subscriptionState` at every
 * candidate boundary, so it can never disagree with it (e.g. grace 0 skips `expired`).
 */
export function nextTransition(input: SubscriptionDates & { today: Temporal.PlainDate }): Transition | null {
  const { endDate, cancelledOn, policy, today } = input;
  const current = subscriptionState(input);
  const b = stateBoundaries(endDate, policy);
  const candidates = [b.expiredFrom, b.disabledFrom, b.deletedFrom];
  if (cancelledOn !== undefined) candidates.push(cancelledOn, cancelledDeletedFrom(cancelledOn, policy));
  candidates.sort(Temporal.PlainDate.compare);
  for (const on of candidates) {
    if (!before(today, on)) continue;
    const state = subscriptionState({ endDate, cancelledOn, policy, today: on });
    if (state !== current) return { state, on };
  }
  return null;
}

/** Users can use the apps: active, and grace (SPEC: "everything still works"). */
export function usersHaveAccess(state: SubscriptionState): boolean {
  return state === 'active' || state === 'expired';
}

/** Administrators reach the data until it is deprovisioned. */
export function adminsHaveAccess(state: SubscriptionState): boolean {
  return state !== 'deleted';
}

/** Only usable (active or grace) subscriptions count for seats (SPEC §5). */
export function canAssignSeats(state: SubscriptionState): boolean {
  return usersHaveAccess(state);
}
