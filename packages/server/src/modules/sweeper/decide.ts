// What the sweeper does with one subscription on one organization-local day. Pure: every date
// comes from core (state, boundaries, renewal start, reminders), so the sweeper only records
// what the rules say (ARCHITECTURE "Derive state from dates") and can be tested without a
// database.
import { Temporal } from 'temporal-polyfill';
import {
  cancelledDeletedFrom,
  dueReminders,
  nextTransition,
  reminderDates,
  renewalStart,
  shiftMonthsKeepingAnchor,
  stateBoundaries,
  subscriptionState,
  type LifecyclePolicy,
  type Reminder,
  type SubscriptionState,
} from '@licentia/core/lifecycle';

/** How many days before deletion the "deletion soon" notice goes out. */
export const DELETION_NOTICE_DAYS = 7;

export interface SweepSubject {
  startDate: Temporal.PlainDate;
  endDate: Temporal.PlainDate;
  cancelledOn?: Temporal.PlainDate | undefined;
  termMonths: number;
  anchorDay: number;
  /** `subscriptions.state`: the state last recorded. */
  recordedState: SubscriptionState;
  autoRenew: boolean;
  isTrial: boolean;
  /** The dates the sweeper last swept (undefined: never swept). */
  sweptEndDate?: Temporal.PlainDate | undefined;
  sweptCancelledOn?: Temporal.PlainDate | undefined;
  deletionNoticedFor?: Temporal.PlainDate | undefined;
  deprovisioned: boolean;
}

export interface SweepDecision {
  /** The state the rules give today. */
  state: SubscriptionState;
  /** Renew by auto-renew first, then decide again for the renewed term. */
  autoRenew: boolean;
  /** A change of the recorded state; `announce` for the moves customers are told about. */
  transition: { from: SubscriptionState; to: SubscriptionState; announce: boolean } | null;
  /** Renewed after it had been disabled (the renewal restarted the term). */
  reactivated: boolean;
  reminder: Reminder | null;
  /** The deletion day to announce, once, from DELETION_NOTICE_DAYS before it. */
  deletionNotice: Temporal.PlainDate | null;
  deprovision: boolean;
  /** A deprovisioned subscription renewed again (consumer renewal window): data can return. */
  clearDeprovisioned: boolean;
  /** The next organization-local day with something to do; null: nothing ever again. */
  nextDue: Temporal.PlainDate | null;
}

const RANK: Record<SubscriptionState, number> = { active: 0, expired: 1, disabled: 2, cancelled: 2, deleted: 3 };
const ANNOUNCED: ReadonlySet<SubscriptionState> = new Set(['expired', 'disabled', 'deleted']);

const cmp = Temporal.PlainDate.compare;
const same = (a: Temporal.PlainDate | undefined, b: Temporal.PlainDate | undefined) =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/** First day of the subscription's current term (renewals that continue keep `startDate`). */
export function currentTermStart(s: Pick<SweepSubject, 'startDate' | 'endDate' | 'termMonths' | 'anchorDay'>): Temporal.PlainDate {
  const byTerm = shiftMonthsKeepingAnchor(s.endDate.add({ days: 1 }), -s.termMonths, s.anchorDay);
  // A shortened first term (coterminous, trial) starts later than a whole term before E.
  return cmp(byTerm, s.startDate) > 0 ? byTerm : s.startDate;
}

/** The first day subscriptionState says `deleted`: by the end date, or earlier by a cancellation. */
export function deletionDay(s: Pick<SweepSubject, 'endDate' | 'cancelledOn'>, policy: LifecyclePolicy): Temporal.PlainDate {
  const byEnd = stateBoundaries(s.endDate, policy).deletedFrom;
  if (s.cancelledOn === undefined) return byEnd;
  const byCancel = cancelledDeletedFrom(s.cancelledOn, policy);
  return cmp(byCancel, byEnd) < 0 ? byCancel : byEnd;
}

export function decide(s: SweepSubject, policy: LifecyclePolicy, today: Temporal.PlainDate): SweepDecision {
  const state = subscriptionState({ endDate: s.endDate, cancelledOn: s.cancelledOn, policy, today });
  const datesChanged = !same(s.sweptEndDate, s.endDate) || !same(s.sweptCancelledOn, s.cancelledOn);

  // Auto-renew happens on E+1, or later only while the renewal still starts on E+1 (a sweep
  // that was down catches up through grace; past it, renewing would charge for days without
  // service, so the customer decides). Only from `active`: the sweeper decides between renewing
  // and recording the expiry at the moment the term ends, once.
  let autoRenew = false;
  if (s.recordedState === 'active' && state !== 'active' && s.autoRenew && !s.isTrial && s.cancelledOn === undefined) {
    const start = renewalStart({ endDate: s.endDate, renewalDay: today, policy });
    autoRenew = start.renewable && start.start.equals(s.endDate.add({ days: 1 }));
  }

  let transition: SweepDecision['transition'] = null;
  if (state !== s.recordedState) {
    const forward = RANK[state] > RANK[s.recordedState];
    // A move back needs new dates (a renewal). Without them the clock is behind an earlier
    // sweep (an --as-of in the past): what was recorded stands.
    if (forward || datesChanged) transition = { from: s.recordedState, to: state, announce: forward && ANNOUNCED.has(state) };
  }

  // A renewal restarts the term (start = renewal day) only from disabled, or from deleted
  // within a consumer plan's renewal window: compare the new start with the old term's end.
  const reactivated =
    s.sweptEndDate !== undefined &&
    !s.sweptEndDate.equals(s.endDate) &&
    (state === 'active' || state === 'expired') &&
    cmp(s.startDate, stateBoundaries(s.sweptEndDate, policy).disabledFrom) >= 0;

  const remindable = state === 'active' && !s.isTrial && s.cancelledOn === undefined;
  const termStart = currentTermStart(s);
  const reminder = remindable
    ? (dueReminders({ endDate: s.endDate, today, alreadySent: [], renewed: false, policy, termStart })[0] ?? null)
    : null;

  const retained = state === 'disabled' || state === 'cancelled';
  const deletedFrom = deletionDay(s, policy);
  const noticeOn = deletedFrom.subtract({ days: DELETION_NOTICE_DAYS });
  const noticed = same(s.deletionNoticedFor, deletedFrom);
  const deletionNotice = retained && !noticed && cmp(today, noticeOn) >= 0 ? deletedFrom : null;

  const candidates: Temporal.PlainDate[] = [];
  const next = nextTransition({ endDate: s.endDate, cancelledOn: s.cancelledOn, policy, today });
  if (next) candidates.push(next.on);
  if (remindable) {
    const upcoming = reminderDates(s.endDate, policy).find((r) => cmp(r.on, today) > 0 && cmp(r.on, termStart) >= 0);
    if (upcoming) candidates.push(upcoming.on);
  }
  if (state !== 'deleted' && !noticed && cmp(noticeOn, today) > 0) candidates.push(noticeOn);
  candidates.sort(cmp);

  return {
    state,
    autoRenew,
    transition,
    reactivated,
    reminder,
    deletionNotice,
    deprovision: state === 'deleted' && !s.deprovisioned,
    clearDeprovisioned: state !== 'deleted' && s.deprovisioned,
    nextDue: candidates[0] ?? null,
  };
}
