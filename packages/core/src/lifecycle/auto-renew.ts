// Auto-renew (SPEC §4): renews on E+1 for another term. Turning it off counts only if done at
// least `autoRenewCutoffDays` (30) days before E, because the vendor commits the renewal
// (invoice, partner orders) ahead of time. Later, the customer is told the date by which it
// had to be done and the alternative: let it renew, then cancel within the renewal's own
// 168-hour window for a refund.
import { Temporal } from 'temporal-polyfill';
import type { LifecyclePolicy } from './policy.ts';

export const CUSTOMER_SEGMENTS = ['commercial', 'government', 'education', 'personal'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/**
 * Government and education buyers work from approved budgets and must not be renewed without
 * an explicit decision, so they are always opt-in; others follow the plan.
 */
export function defaultAutoRenew(segment: CustomerSegment, policy: LifecyclePolicy): boolean {
  if (segment === 'government' || segment === 'education') return false;
  return policy.autoRenewByDefault;
}

/** Last civil day on which turning auto-renew off takes effect: E − cutoff (E−30 by default). */
export function autoRenewChangeDeadline(endDate: Temporal.PlainDate, policy: LifecyclePolicy): Temporal.PlainDate {
  return endDate.subtract({ days: policy.autoRenewCutoffDays });
}

export type AutoRenewOffCheck =
  | Readonly<{ ok: true }>
  | Readonly<{
      ok: false;
      code: 'AUTO_RENEW_CHANGE_TOO_LATE';
      deadline: Temporal.PlainDate;
      alternative: 'CANCEL_WITHIN_WINDOW_AFTER_RENEWAL';
    }>;

/** Whether auto-renew can still be turned off on `today` (organization-local). Turning it on
 * is always allowed and needs no check. */
export function canTurnOffAutoRenew(
  endDate: Temporal.PlainDate,
  today: Temporal.PlainDate,
  policy: LifecyclePolicy,
): AutoRenewOffCheck {
  const deadline = autoRenewChangeDeadline(endDate, policy);
  if (Temporal.PlainDate.compare(today, deadline) <= 0) return { ok: true };
  return { ok: false, code: 'AUTO_RENEW_CHANGE_TOO_LATE', deadline, alternative: 'CANCEL_WITHIN_WINDOW_AFTER_RENEWAL' };
}
