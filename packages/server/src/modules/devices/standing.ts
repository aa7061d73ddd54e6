// Where a license stands now: the state of the subscription behind it (derived from dates, as
// everywhere), its end date, whether a seat license's seat is still licensed, how many devices
// it allows; and (`timingOf`) when any of that can next change, which caps a license file's
// refresh-by.
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
  localDate,
  nextTransition,
  startOfLocalDay,
  usersHaveAccess,
  type SubscriptionDates,
  type SubscriptionState,
} from '@licentia/core/lifecycle';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { getPlan, type Plan } from '../catalog/plans.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import { stateOf, type SubscriptionRow } from '../subscriptions/service.ts';
import { seatStanding } from '../seats/service.ts';
import type { LicenseSubject } from './license-subjects.ts';

type Executor = Kysely<DB> | Tx;

export type SeatStatus = 'licensed' | 'unassigned' | 'unlicensed';

export interface LicenseStanding {
  subject: LicenseSubject;
  organization: OrganizationRow;
  plan: Plan;
  state: SubscriptionState;
  /** The end date of the subscription behind the license (civil date in the organization's zone). */
  endsOn: string;
  /** Seat licenses: whether the user still holds a licensed seat. Null for key licenses. */
  seat: SeatStatus | null;
  deviceLimit: number;
  /** The subscriptions behind the license, and today in the organization's zone (for `timingOf`). */
  subscriptions: readonly SubscriptionRow[];
  today: Temporal.PlainDate;
}

export interface StandingTiming {
  /** The next instant the state (or a seat count) can change; null when nothing will. */
  nextChangeAt: Temporal.Instant | null;
  /** The first instant users lose access (disabled, cancelled, deleted); null if they already have, or never will. */
  accessEndsAt: Temporal.Instant | null;
}

/** Better states first: the state a seat license shows is its plan's best subscription's. */
export const STATE_RANK: Record<SubscriptionState, number> = { active: 4, expired: 3, disabled: 2, cancelled: 1, deleted: 0 };

function datesOf(row: SubscriptionRow, plan: Plan): SubscriptionDates {
  return {
    endDate: Temporal.PlainDate.from(row.end_date),
    cancelledOn: row.cancelled_on ? Temporal.PlainDate.from(row.cancelled_on) : undefined,
    policy: plan.lifecycle,
  };
}

/**
 * When a subscription's state next changes and when access ends depend only on its dates, the
 * plan's policy, today and the time zone: a check-in's license file asks the same question all
 * day, and walking the transitions with Temporal was the largest part of a check-in after the
 * signatures. Remembered like `stateOn`, bounded the same way.
 */
const timingMemo = new Map<string, StandingTiming>();
/** Everything a subscription's state on a day depends on: the memos' key. */
const datesKey = (row: SubscriptionRow, plan: Plan, today: Temporal.PlainDate) =>
  `${today.toString()}|${row.end_date}|${row.cancelled_on ?? ''}|${JSON.stringify(plan.lifecycle)}`;
/** How many answers each memo keeps before it starts again: bounded whatever the dates seen. */
const STATE_MEMO_SIZE = 10_000;

function subscriptionTiming(row: SubscriptionRow, plan: Plan, today: Temporal.PlainDate, timeZone: string): StandingTiming {
  const key = `${datesKey(row, plan, today)}|${timeZone}`;
  let timing = timingMemo.get(key);
  if (timing === undefined) {
    timing = walkTransitions(row, plan, today, timeZone);
    if (timingMemo.size >= STATE_MEMO_SIZE) timingMemo.clear();
    timingMemo.set(key, timing);
  }
  return timing;
}

function walkTransitions(row: SubscriptionRow, plan: Plan, today: Temporal.PlainDate, timeZone: string): StandingTiming {
  const dates = datesOf(row, plan);
  const next = nextTransition({ ...dates, today });
  let accessEndsAt: Temporal.Instant | null = null;
  if (usersHaveAccess(stateOn(row, plan, today))) {
    // Walk the transitions until one takes access away (grace keeps it: active → expired).
    let step = next;
    while (step && usersHaveAccess(step.state)) step = nextTransition({ ...dates, today: step.on });
    accessEndsAt = step ? startOfLocalDay(step.on, timeZone) : null;
  }
  return { nextChangeAt: next ? startOfLocalDay(next.on, timeZone) : null, accessEndsAt };
}

const earliest = (a: Temporal.Instant | null, b: Temporal.Instant | null) => (a === null ? b : b === null ? a : Temporal.Instant.compare(a, b) <= 0 ? a : b);
const latest = (a: Temporal.Instant | null, b: Temporal.Instant | null) => (a === null ? b : b === null ? a : Temporal.Instant.compare(a, b) >= 0 ? a : b);

function seatStatus(db: Executor, subject: Extract<LicenseSubject, { kind: 'seat' }>, totalSeats: number): Promise<SeatStatus> {
  // The seat routes' order (when seats shrink, the most recent assignments lose their license
  // first), answered without counting the earlier assignments: a validation costs the same in a
  // plan of 10 seats as in one of 10,000,000.
  return seatStanding(db, { organizationId: subject.organizationId, planId: subject.planId, userId: subject.userId, totalSeats });
}

/**
 * Today in a time zone, remembered with the instants the day runs between: an instant inside
 * [start of today, start of tomorrow) is on that day by definition (core's startOfLocalDay), so
 * the answer is exactly core's localDate, found by two comparisons instead of time-zone math on
 * every validation. One entry per time zone.
 */
const todayByZone = new Map<string, { date: Temporal.PlainDate; from: number; until: number }>();

export function todayIn(now: Temporal.Instant, timeZone: string): Temporal.PlainDate {
  const at = now.epochMilliseconds;
  const known = todayByZone.get(timeZone);
  if (known && known.from <= at && at < known.until) return known.date;
  const date = localDate(now, timeZone);
  const day = { date, from: startOfLocalDay(date, timeZone).epochMilliseconds, until: startOfLocalDay(date.add({ days: 1 }), timeZone).epochMilliseconds };
  todayByZone.set(timeZone, day);
  return date;
}

/**
 * The state of a subscription on a day depends only on its dates and the plan's policy: a
 * license's answer repeats all day, so it is remembered (core's rule computes it; this only
 * avoids computing it again). Bounded: cleared when full.
 */
const stateMemo = new Map<string, SubscriptionState>();

function stateOn(row: SubscriptionRow, plan: Plan, today: Temporal.PlainDate): SubscriptionState {
  const key = datesKey(row, plan, today);
  let state = stateMemo.get(key);
  if (state === undefined) {
    state = stateOf(row, plan.lifecycle, today);
    if (stateMemo.size >= STATE_MEMO_SIZE) stateMemo.clear();
    stateMemo.set(key, state);
  }
  return state;
}

export async function standingOf(db: Executor, subject: LicenseSubject, now: Temporal.Instant): Promise<LicenseStanding> {
  const organization = await getOrganization(db, subject.organizationId);
  const plan = await getPlan(db, subject.planId);
  if (!organization || !plan) throw new Error(`license of ${subject.organizationId}: organization or plan ${subject.planId} missing`);
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', subject.organizationId)
    .$call((query) => (subject.kind === 'key' ? query.where('id', '=', subject.subscriptionId) : query.where('plan_id', '=', subject.planId)))
    .execute();
  return standingFrom(db, { subject, organization, plan, subscriptions: rows }, now);
}

/**
 * The standing from rows already read (`standingOf` reads them; a device-token lookup reads a
 * key license's in one statement). Only a seat license reads more: its seat.
 */
export async function standingFrom(
  db: Executor,
  input: { subject: LicenseSubject; organization: OrganizationRow; plan: Plan; subscriptions: readonly SubscriptionRow[] },
  now: Temporal.Instant,
): Promise<LicenseStanding> {
  const { subject, organization, plan, subscriptions: rows } = input;
  const today = todayIn(now, organization.time_zone);
  const base = { subject, organization, plan };
  if (rows.length === 0) {
    // A seat of a plan whose subscriptions are gone (never in practice: rows are kept as deleted).
    return { ...base, state: 'deleted', endsOn: today.toString(), seat: subject.kind === 'seat' ? 'unlicensed' : null, deviceLimit: 0, subscriptions: rows, today };
  }
  let best: { row: SubscriptionRow; state: SubscriptionState } | undefined;
  let totalSeats = 0;
  for (const row of rows) {
    const state = stateOn(row, plan, today);
    if (usersHaveAccess(state)) totalSeats += row.seats;
    if (!best || STATE_RANK[state] > STATE_RANK[best.state] || (state === best.state && row.end_date > best.row.end_date)) best = { row, state };
  }
  const { row, state } = best!;
  const deviceLimit = subject.kind === 'key' ? plan.devicesPerSeat * subject.seats : plan.devicesPerSeat;
  const seat = subject.kind === 'seat' ? await seatStatus(db, subject, totalSeats) : null;
  return { ...base, state, endsOn: row.end_date, seat, deviceLimit, subscriptions: rows, today };
}

/**
 * When the standing can next change, for a license file's lifetime. Apart from `standingOf`
 * because only files need it, and walking the transitions is most of a validation's date work.
 */
export function timingOf(standing: LicenseStanding): StandingTiming {
  let nextChangeAt: Temporal.Instant | null = null;
  let accessEndsAt: Temporal.Instant | null = null;
  for (const row of standing.subscriptions) {
    const timing = subscriptionTiming(row, standing.plan, standing.today, standing.organization.time_zone);
    // Any subscription's change can move a seat license (its seat count); key licenses have one.
    nextChangeAt = earliest(nextChangeAt, timing.nextChangeAt);
    accessEndsAt = latest(accessEndsAt, timing.accessEndsAt);
  }
  return { nextChangeAt, accessEndsAt };
}
