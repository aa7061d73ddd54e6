// Cancellation with refund (SPEC §4). Each purchase, renewal and seat addition (a "change")
// opens its own window; inside it the change can be undone and its unused days refunded (core
// refundForCancellation: the day of cancellation counts as used).
//
// What a cancellation undoes:
//   - a seat addition: those seats go;
//   - a purchase: the subscription is cancelled (users lose access at once, data kept 90 days);
//   - a renewal: the end date goes back to where it was; if the renewed term has already
//     begun, the subscription is cancelled too (users lose access at once), otherwise it simply
//     runs to its previous end.
// A purchase or renewal takes every later change of the subscription with it (renewals and
// seat additions made since), each refunded for its own unused days: they build on the term
// being given back. If one of those can no longer be cancelled, neither can this one.
//
// The preview and the cancellation share planCancellation, so the preview shows exactly what
// the confirmation will do.
import { Temporal } from 'temporal-polyfill';
import {
  autoRenewChangeDeadline,
  checkCancellation,
  localDate,
  refundForCancellation,
  type Refund,
} from '@licentia/core/lifecycle';
import { fromStoredInstant, toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { SubscriptionPlan } from './plan.ts';
import { announce, plainDate, stateOf, type SubscriptionRow } from './service.ts';
import type { ChangeRow } from './store.ts';

export interface CancellationPlan {
  change: ChangeRow;
  cancelDay: Temporal.PlainDate;
  /** The change asked for first, then the later ones that go with it. */
  items: { change: ChangeRow; refund: Refund }[];
  refundMinor: number;
  currency: string;
  /** The subscription as it will be. */
  after: SubscriptionRow;
  /** Users lose access at once (the subscription is cancelled). */
  subscriptionCancelled: boolean;
}

const TERM_KINDS = new Set(['purchase', 'renewal', 'trial']);
const isLater = (a: ChangeRow, b: ChangeRow) => a.ordered_at > b.ordered_at || (a.ordered_at === b.ordered_at && a.id > b.id);

function refuseUnlessCancellable(change: ChangeRow, subscription: SubscriptionRow, plan: SubscriptionPlan, now: Temporal.Instant, unpaid: boolean): void {
  if (change.cancelled_at !== null) throw new DomainError('CHANGE_NOT_CANCELLABLE', { reason: 'ALREADY_CANCELLED', changeId: change.id, cancelledAt: change.cancelled_at });
  // A trial costs nothing: there is nothing to refund, and it ends by itself.
  if (change.kind === 'trial') throw new DomainError('CHANGE_NOT_CANCELLABLE', { reason: 'TRIAL', changeId: change.id });
  if (subscription.cancelled_on !== null) throw new DomainError('CHANGE_NOT_CANCELLABLE', { reason: 'SUBSCRIPTION_CANCELLED', changeId: change.id, cancelledOn: subscription.cancelled_on });
  // A change whose order was never paid is taken back whatever the window (billing's due date).
  if (unpaid) return;
  const closesAt = fromStoredInstant(change.window_closes_at);
  const window = { opensAt: fromStoredInstant(change.ordered_at), countsFrom: closesAt.subtract({ hours: plan.policy.cancellationWindowHours }), closesAt };
  const check = checkCancellation(window, now);
  if (!check.ok) {
    throw new DomainError('CANCELLATION_WINDOW_PASSED', {
      changeId: change.id,
      closedAt: toStoredInstant(check.closedAt),
      alternative: 'TURN_OFF_AUTO_RENEW',
      autoRenewCutoff: autoRenewChangeDeadline(plainDate(subscription.end_date), plan.policy).toString(),
    });
  }
}

function refundOf(change: ChangeRow, cancelDay: Temporal.PlainDate): Refund {
  // Seats added by a key during grace cover no day of the ended term: none of it was used.
  if (change.term_start > change.term_end) return { refund: change.amount_minor, used: 0, usedDays: 0, termDays: 0 };
  return refundForCancellation({ amountPaid: change.amount_minor, termStart: plainDate(change.term_start), termEnd: plainDate(change.term_end), cancelDay });
}

/** Start and end of what remains once `removed` term changes are given back. */
function remainingTerm(subscription: SubscriptionRow, changes: readonly ChangeRow[], removed: ReadonlySet<string>) {
  const terms = changes
    .filter((c) => TERM_KINDS.has(c.kind) && c.cancelled_at === null && !removed.has(c.id))
    .sort((a, b) => a.term_start.localeCompare(b.term_start));
  const last = terms.at(-1);
  if (!last) return { start: subscription.start_date, end: subscription.end_date };
  // The start is that of the last run of terms following each other day after day: a renewal
  // that restarted (after the subscription was disabled) began a new run.
  let start = terms[0]!.term_start;
  for (let i = 1; i < terms.length; i++) {
    if (plainDate(terms[i - 1]!.term_end).add({ days: 1 }).toString() !== terms[i]!.term_start) start = terms[i]!.term_start;
  }
  return { start, end: last.term_end };
}

export function planCancellation(input: {
  subscription: SubscriptionRow;
  changes: readonly ChangeRow[];
  changeId: string;
  plan: SubscriptionPlan;
  organization: OrganizationRow;
  now: Temporal.Instant;
  /**
   * The change was applied ahead of a payment that never came (billing: an auto-renewal's order
   * past its due date): it is taken back outside any window, and refunds nothing, since nothing
   * was paid for it. Later changes built on it go with it and refund their own unused days.
   */
  unpaid?: boolean | undefined;
}): CancellationPlan {
  const { subscription, changes, plan, now } = input;
  const unpaid = input.unpaid === true;
  const change = changes.find((c) => c.id === input.changeId);
  if (!change) throw new DomainError('NOT_FOUND', { resource: 'change' });
  refuseUnlessCancellable(change, subscription, plan, now, unpaid);
  const cancelDay = localDate(now, input.organization.time_zone);

  const goesWith = change.kind === 'seat_addition' ? [] : changes.filter((c) => c.cancelled_at === null && isLater(c, change));
  for (const later of goesWith) {
    try {
      refuseUnlessCancellable(later, subscription, plan, now, unpaid);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError('CHANGE_NOT_CANCELLABLE', { reason: 'LATER_CHANGES', changeId: change.id, laterChangeId: later.id, laterKind: later.kind });
    }
  }
  const nothingPaid: Refund = { refund: 0, used: 0, usedDays: 0, termDays: 0 };
  const items = [change, ...goesWith].map((c) => ({ change: c, refund: unpaid && c.id === change.id ? nothingPaid : refundOf(c, cancelDay) }));
  const seatsRemoved = items.filter((i) => i.change.kind === 'seat_addition').reduce((sum, i) => sum + i.change.seats, 0);

  let after: SubscriptionRow = { ...subscription, seats: subscription.seats - seatsRemoved, updated_at: toStoredInstant(now) };
  let subscriptionCancelled = false;
  if (change.kind !== 'seat_addition') {
    const removed = new Set(items.map((i) => i.change.id));
    const remaining = change.kind === 'purchase' ? { start: change.term_start, end: change.term_end } : remainingTerm(subscription, changes, removed);
    // A purchase given back ends the subscription; a renewal only if its term has begun (a
    // renewal bought ahead leaves the current, paid term running). A renewal never paid for is
    // only taken back: the subscription returns to its paid end date and the usual states
    // follow from it (grace, then disabled), so it can still be renewed.
    subscriptionCancelled = unpaid
      ? change.kind === 'purchase'
      : change.kind === 'purchase' || Temporal.PlainDate.compare(cancelDay, plainDate(change.term_start)) >= 0;
    after = { ...after, start_date: remaining.start, end_date: remaining.end, cancelled_on: subscriptionCancelled ? cancelDay.toString() : null };
  }
  after = { ...after, state: stateOf(after, plan.policy, cancelDay) };
  return {
    change,
    cancelDay,
    items,
    refundMinor: items.reduce((sum, i) => sum + i.refund.refund, 0),
    currency: change.currency,
    after,
    subscriptionCancelled,
  };
}

/** Why the change cannot be cancelled now (the error planCancellation would throw), or null. */
export function cancellationRefusal(input: Parameters<typeof planCancellation>[0]): DomainError | null {
  try {
    planCancellation(input);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

export async function applyCancellation(tx: Tx, audit: AuditContext, organization: OrganizationRow, plan: CancellationPlan): Promise<void> {
  const now = toStoredInstant(audit.now);
  for (const { change, refund } of plan.items) {
    // Conditional: of two cancellations racing, the second finds nothing left to cancel.
    const done = await tx
      .updateTable('subscription_changes')
      .set({ cancelled_at: now, refunded_minor: refund.refund })
      .where('organization_id', '=', organization.id)
      .where('id', '=', change.id)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (done.numUpdatedRows !== 1n) throw new DomainError('CHANGE_NOT_CANCELLABLE', { reason: 'ALREADY_CANCELLED', changeId: change.id });
  }
  const { after } = plan;
  await tx
    .updateTable('subscriptions')
    .set({ seats: after.seats, start_date: after.start_date, end_date: after.end_date, cancelled_on: after.cancelled_on, state: after.state, updated_at: after.updated_at })
    .where('organization_id', '=', organization.id)
    .where('id', '=', after.id)
    .execute();
  const refunds = plan.items.map(({ change, refund }) => ({ changeId: change.id, kind: change.kind, seats: change.seats, source: change.source, productKeyId: change.product_key_id, paidMinor: change.amount_minor, refundMinor: refund.refund, usedDays: refund.usedDays, termDays: refund.termDays }));
  const common = { changeId: plan.change.id, refundMinor: plan.refundMinor, currency: plan.currency, refunds, seats: after.seats, endDate: after.end_date };
  if (plan.change.kind === 'seat_addition') {
    await announce(tx, audit, organization.id, after.id, 'subscription.seats_removed', { ...common, removed: plan.change.seats });
  } else if (plan.subscriptionCancelled) {
    await announce(tx, audit, organization.id, after.id, 'subscription.cancelled', { ...common, kind: plan.change.kind, cancelledOn: after.cancelled_on });
  } else {
    // A renewal bought ahead and given back before it began: the subscription runs on.
    await announce(tx, audit, organization.id, after.id, 'subscription.renewal_cancelled', common);
  }
}
