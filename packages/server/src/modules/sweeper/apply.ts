// Sweeping a batch of subscriptions inside one transaction: decide each (pure), then write each
// kind of effect for the whole batch behind its guard (a conditional update or a primary key,
// with RETURNING saying which rows this sweep won), so the sweep that loses a race, or runs a
// second time, changes nothing and announces nothing. Effects that are rare or need the
// subscription rules (auto-renewal, reactivation, deprovisioning) go one subscription at a time.
import { Temporal } from 'temporal-polyfill';
import { autoRenewChangeDeadline, localDate, startOfLocalDay, stateBoundaries, type LifecyclePolicy, type SubscriptionState } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { billAutoRenewal } from '../billing/auto-renewal.ts';
import type { Plan } from '../catalog/plans.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { subscriptionPlanOf } from '../subscriptions/plan.ts';
import { renewSubscription, type SubscriptionRow } from '../subscriptions/service.ts';
import { announceAll, type SubscriptionNotice } from './announcements.ts';
import { decide, deletionDay, type SweepDecision, type SweepSubject } from './decide.ts';
import { deprovision } from './deprovision.ts';
import {
  advanceSweptEndDate,
  claimAutoRenewal,
  claimDeprovisioning,
  insertReminders,
  keyOf,
  markDeletionsNoticed,
  recordStates,
  saveSweeps,
  clearDeprovisioned,
  type DueSubscription,
  type NewReminder,
  type SweepSave,
  type SweepRow,
} from './store.ts';

export interface SweepCounts {
  examined: number;
  transitions: number;
  autoRenewals: number;
  reactivations: number;
  reminders: number;
  deletionNotices: number;
  deprovisioned: number;
}

const COUNTED = ['examined', 'transitions', 'autoRenewals', 'reactivations', 'reminders', 'deletionNotices', 'deprovisioned'] as const;

export function noCounts(): SweepCounts {
  return { examined: 0, transitions: 0, autoRenewals: 0, reactivations: 0, reminders: 0, deletionNotices: 0, deprovisioned: 0 };
}

export function addCounts(total: SweepCounts, more: SweepCounts): void {
  for (const key of COUNTED) total[key] += more[key];
}

/** The sweeper acts as the system: its audit rows name the actor `system`. */
const SYSTEM = { principal: { kind: 'anonymous' } } as const;

const date = (value: string) => Temporal.PlainDate.from(value);
const optionalDate = (value: string | null) => (value === null ? undefined : date(value));

function subjectOf(row: SubscriptionRow, sweep: SweepRow): SweepSubject {
  return {
    startDate: date(row.start_date),
    endDate: date(row.end_date),
    cancelledOn: optionalDate(row.cancelled_on),
    termMonths: row.term_months,
    anchorDay: row.anchor_day,
    recordedState: row.state as SubscriptionState,
    autoRenew: row.auto_renew === 1,
    isTrial: row.is_trial === 1,
    sweptEndDate: optionalDate(sweep.swept_end_date),
    sweptCancelledOn: optionalDate(sweep.swept_cancelled_on),
    deletionNoticedFor: optionalDate(sweep.deletion_noticed_for),
    deprovisioned: sweep.deprovisioned_at !== null,
  };
}

/** The dates a state notice needs (the notification templates word the next step with them). */
function transitionPayload(row: SubscriptionRow, state: SubscriptionState, policy: LifecyclePolicy): Record<string, unknown> {
  const end = date(row.end_date);
  const disabledFrom = stateBoundaries(end, policy).disabledFrom.toString();
  const deletedFrom = deletionDay({ endDate: end, cancelledOn: optionalDate(row.cancelled_on) }, policy).toString();
  const base = { planId: row.plan_id, endDate: row.end_date, state };
  if (state === 'expired') return { ...base, disabledFrom };
  if (state === 'disabled') return { ...base, disabledFrom, deletedFrom };
  return { ...base, deletedFrom };
}

export interface SweepTarget {
  due: DueSubscription;
  organization: OrganizationRow;
  plan: Plan;
  /** The instant this organization is swept at (its local midnight for an --as-of sweep). */
  now: Temporal.Instant;
}

interface Planned {
  target: SweepTarget;
  row: SubscriptionRow;
  decision: SweepDecision;
  today: Temporal.PlainDate;
  stored: string;
}

/**
 * Remembers what was computed for a key, across the batches of one sweep. The rows come in
 * cohorts (the subscriptions that ended, or reach a reminder, on the same day in the same
 * zone), and the date arithmetic of a decision costs more than the SQL it leads to. A memo per
 * batch decided each cohort again in every batch (about a fifth of the sweep's time on SQLite,
 * docs/performance.md). Every input of a value is in its key (plans are frozen once sold), so
 * sharing it only saves work; it is emptied when it grows past `limit` so that a backlog of
 * rows with all-different dates cannot grow it without bound.
 */
export class SweepMemo {
  readonly #values = new Map<string, unknown>();
  readonly #limit: number;
  constructor(limit = 50_000) {
    this.#limit = limit;
  }
  get<T>(key: string, make: () => T): T {
    if (this.#values.has(key)) return this.#values.get(key) as T;
    const value = make();
    if (this.#values.size >= this.#limit) this.#values.clear();
    this.#values.set(key, value);
    return value;
  }
}

function decisionKey(row: SubscriptionRow, sweep: SweepRow, today: string): string {
  return [
    row.plan_id, today, row.start_date, row.end_date, row.cancelled_on, row.term_months, row.anchor_day, row.state, row.auto_renew, row.is_trial,
    sweep.swept_end_date, sweep.swept_cancelled_on, sweep.deletion_noticed_for, sweep.deprovisioned_at === null,
  ].join('|');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export async function sweepBatch(tx: Tx, dialect: DialectName, targets: readonly SweepTarget[], memo: SweepMemo = new SweepMemo()): Promise<SweepCounts> {
  const counts = { ...noCounts(), examined: targets.length };
  const notices: SubscriptionNotice[] = [];
  const notice = (p: Planned, type: string, data: Record<string, unknown>) =>
    notices.push({ organizationId: p.row.organization_id, subscriptionId: p.row.id, type, data, now: p.target.now });

  // The day's text is memoized with the day: formatting it per row cost as much as deciding.
  const decideFor = (row: SubscriptionRow, sweep: SweepRow, plan: Plan, today: Temporal.PlainDate, todayText: string) =>
    memo.get(`decide|${decisionKey(row, sweep, todayText)}`, () => decide(subjectOf(row, sweep), plan.lifecycle, today));

  // Decide; auto-renew first, one subscription at a time (the subscription rules write the
  // renewal, its change row and its own announcement), then decide again for the new term.
  const planned: Planned[] = [];
  for (const target of targets) {
    const { organization, plan, now } = target;
    const instant = now.epochMilliseconds;
    const today = memo.get(`today|${instant}|${organization.time_zone}`, () => localDate(now, organization.time_zone));
    const todayText = memo.get(`todayText|${instant}|${organization.time_zone}`, () => today.toString());
    const stored = memo.get(`stored|${instant}`, () => toStoredInstant(now));
    let row = target.due.subscription;
    let decision = decideFor(row, target.due.sweep, plan, today, todayText);
    // A subscription switched to direct billing is continued by its successor and never renewed
    // (refuseRenewalIfSwitched); its auto-renew is off, but a row turned back on before that rule
    // existed must expire rather than fail every batch it is in.
    if (decision.autoRenew && row.successor_subscription_id === null && (await claimAutoRenewal(tx, row, stored))) {
      // The plan's price today for the seats held, recorded on the renewal's change row.
      const amountMinor = plan.price.amountMinor * row.seats;
      const audit: AuditContext = { ...SYSTEM, now };
      const renewed = await renewSubscription(tx, audit, { organization, plan: subscriptionPlanOf(plan), subscription: row }, { source: 'order', amountMinor });
      // A direct-billed renewal is invoiced: an order to pay by its due date (billing).
      await billAutoRenewal(tx, audit, { organization, plan, renewed, amountMinor });
      counts.autoRenewals += 1;
      notices.push({
        organizationId: row.organization_id,
        subscriptionId: row.id,
        type: 'subscription.auto_renewed',
        data: { planId: row.plan_id, previousEndDate: row.end_date, endDate: renewed.end_date, seats: row.seats, amountMinor, currency: plan.price.currency },
        now,
      });
      row = renewed;
      // Its own renewal is no reactivation, even where it restarts the term (a plan without
      // grace renews on E+1, its first disabled day): decide as having seen the new end date.
      decision = decideFor(row, { ...target.due.sweep, swept_end_date: row.end_date }, plan, today, todayText);
    }
    planned.push({ target, row, decision, today, stored });
  }

  const moves = planned.filter((p) => p.decision.transition);
  for (const group of groupBy(moves, (p) => `${p.decision.transition!.from}|${p.decision.transition!.to}|${p.stored}`).values()) {
    const { from, to } = group[0]!.decision.transition!;
    const won = await recordStates(tx, dialect, { from, to, now: group[0]!.stored }, group.map((p) => p.row));
    for (const p of group.filter((g) => won.has(keyOf(g.row.organization_id, g.row.id)))) {
      counts.transitions += 1;
      if (!p.decision.transition!.announce) continue;
      const payload = memo.get(`transition|${p.row.plan_id}|${p.row.end_date}|${p.row.cancelled_on}|${to}`, () => transitionPayload(p.row, to, p.target.plan.lifecycle));
      notice(p, `subscription.${to}`, payload);
    }
  }

  // A renewal that restarted the term: rare, and guarded per subscription by the swept end date.
  for (const p of planned.filter((q) => q.decision.reactivated)) {
    if (!(await advanceSweptEndDate(tx, p.row, p.target.due.sweep.swept_end_date))) continue;
    counts.reactivations += 1;
    notice(p, 'subscription.reactivated', {
      planId: p.row.plan_id, previousEndDate: p.target.due.sweep.swept_end_date, termStartDate: p.row.start_date, endDate: p.row.end_date, state: p.decision.state,
    });
  }

  const reminding = planned.filter((p) => p.decision.reminder);
  const reminders: NewReminder[] = reminding.map((p) => ({
    organization_id: p.row.organization_id,
    subscription_id: p.row.id,
    term_end_date: p.row.end_date,
    days_before: p.decision.reminder!.daysBefore,
    sent_on: p.today.toString(),
    created_at: p.stored,
  }));
  const reminded = await insertReminders(tx, reminders);
  for (const p of reminding.filter((q) => reminded.has(keyOf(q.row.organization_id, q.row.id)))) {
    counts.reminders += 1;
    const dates = memo.get(`reminder|${p.row.plan_id}|${p.row.end_date}`, () => {
      const end = date(p.row.end_date);
      const policy = p.target.plan.lifecycle;
      return { autoRenewCutoffDate: autoRenewChangeDeadline(end, policy).toString(), disabledFrom: stateBoundaries(end, policy).disabledFrom.toString() };
    });
    notice(p, 'subscription.renewal_reminder', {
      planId: p.row.plan_id,
      endDate: p.row.end_date,
      daysBefore: p.decision.reminder!.daysBefore,
      autoRenew: p.row.auto_renew === 1,
      autoRenewCutoffDate: dates.autoRenewCutoffDate,
      today: p.today.toString(),
      disabledFrom: dates.disabledFrom,
    });
  }

  const noticing = planned.filter((p) => p.decision.deletionNotice);
  for (const group of groupBy(noticing, (p) => p.decision.deletionNotice!.toString()).values()) {
    const deletedFrom = group[0]!.decision.deletionNotice!.toString();
    const marked = await markDeletionsNoticed(tx, dialect, deletedFrom, group.map((p) => p.row));
    for (const p of group.filter((g) => marked.has(keyOf(g.row.organization_id, g.row.id)))) {
      counts.deletionNotices += 1;
      notice(p, 'subscription.deletion_soon', { planId: p.row.plan_id, endDate: p.row.end_date, deletedFrom, state: p.decision.state });
    }
  }

  await announceAll(tx, SYSTEM, notices);

  // Deprovisioning after the announcements, so the log reads "deleted", then "deprovisioned".
  for (const p of planned.filter((q) => q.decision.deprovision)) {
    if (!(await claimDeprovisioning(tx, p.row, p.stored))) continue;
    counts.deprovisioned += 1;
    await deprovision(tx, { ...SYSTEM, now: p.target.now }, { subscription: p.row, policy: p.target.plan.lifecycle, today: p.today });
  }

  // Where each row's sweep stands. Rows with nothing new (a catch-up pass over zones where the
  // day has not begun yet) are spared a write.
  const saves: SweepSave[] = [];
  for (const p of planned) {
    const sweep = p.target.due.sweep;
    const next = p.decision.nextDue;
    const zone = p.target.organization.time_zone;
    const dueAt = next ? memo.get(`due|${next}|${zone}`, () => toStoredInstant(startOfLocalDay(next, zone))) : null;
    if (dueAt === sweep.due_at && p.row.end_date === sweep.swept_end_date && p.row.cancelled_on === sweep.swept_cancelled_on) continue;
    saves.push({ organization_id: p.row.organization_id, subscription_id: p.row.id, due_at: dueAt, swept_end_date: p.row.end_date, swept_cancelled_on: p.row.cancelled_on });
  }
  await saveSweeps(tx, dialect, saves);
  await clearDeprovisioned(tx, dialect, planned.filter((p) => p.decision.clearDeprovisioned).map((p) => p.row));
  return counts;
}
