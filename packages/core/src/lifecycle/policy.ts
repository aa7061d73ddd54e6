// Lifecycle parameters of a plan (SPEC §1 "lifecycle parameters", §4 "States").
//
// Every number that decides when a subscription changes state lives here, so a plan can carry
// its own (consumer-style plans use other numbers) and the pure functions never hard-code
// them. All day counts are civil days after the end date E in the organization's time zone.

export type LifecyclePolicy = Readonly<{
  /** `expired` (grace: everything still works) lasts E+1 … E+graceDays. 0 = no grace. */
  graceDays: number;
  /** `disabled` (users lose access, admins keep data) lasts the next `disabledDays` days. */
  disabledDays: number;
  /** A cancelled subscription's data is kept this many days after the cancellation day. */
  cancelledRetentionDays: number;
  /**
   * Consumer plans: renewable up to this many days after E, even after the data has been
   * deprovisioned. `null` (business plans): renewable until the subscription is deleted.
   * A window shorter than grace + disabled never takes away the right to reactivate a
   * disabled subscription by renewing (SPEC §4), so the effective last renewable day is the
   * later of the two.
   */
  renewalWindowDays: number | null;
  /** Turning auto-renew off takes effect only on or before E − autoRenewCutoffDays. */
  autoRenewCutoffDays: number;
  /** For commercial and personal organizations; government and education are always opt-in. */
  autoRenewByDefault: boolean;
  /** Length of each cancellation-with-refund window, in exact hours (not days). */
  cancellationWindowHours: number;
  /** Renewal reminders, in days before E. */
  reminderDays: readonly number[];
}>;

/** SPEC §4 defaults: grace E+1..E+30, disabled E+31..E+120, deleted from E+121. */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = Object.freeze({
  graceDays: 30,
  disabledDays: 90,
  cancelledRetentionDays: 90,
  renewalWindowDays: null,
  autoRenewCutoffDays: 30,
  autoRenewByDefault: true,
  cancellationWindowHours: 168,
  reminderDays: Object.freeze([60, 30, 7, 1]),
});

/**
 * A consumer-style plan (SPEC §4 example): no grace, so a lapsed personal subscription stops
 * working the day after E; data is kept 90 days like business plans; but the customer can
 * come back and renew for two years after E (the renewal then starts on the renewal day).
 */
export const CONSUMER_LIFECYCLE_POLICY: LifecyclePolicy = Object.freeze({
  ...DEFAULT_LIFECYCLE_POLICY,
  graceDays: 0,
  renewalWindowDays: 730,
});

/**
 * Rejects nonsensical policies at the edge (catalog input), so the date functions can trust
 * their inputs. Returns the problems found; an empty list means valid.
 */
export function lifecyclePolicyProblems(policy: LifecyclePolicy): string[] {
  const problems: string[] = [];
  const nonNegative = (name: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} must be a non-negative integer`);
  };
  nonNegative('graceDays', policy.graceDays);
  nonNegative('disabledDays', policy.disabledDays);
  nonNegative('cancelledRetentionDays', policy.cancelledRetentionDays);
  nonNegative('autoRenewCutoffDays', policy.autoRenewCutoffDays);
  if (policy.renewalWindowDays !== null) nonNegative('renewalWindowDays', policy.renewalWindowDays);
  if (!Number.isSafeInteger(policy.cancellationWindowHours) || policy.cancellationWindowHours < 1) {
    problems.push('cancellationWindowHours must be a positive integer');
  }
  if (policy.reminderDays.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    problems.push('reminderDays must be positive integers');
  }
  if (new Set(policy.reminderDays).size !== policy.reminderDays.length) {
    problems.push('reminderDays must not repeat');
  }
  return problems;
}
