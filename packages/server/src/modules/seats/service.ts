// Seats of a plan in an organization (SPEC §5): the seats of its usable (active or grace)
// subscriptions. Assignments are rows; how many are held is a counter, so the limit check is one
// conditional UPDATE of one row — the same cost for 10 seats as for 10,000,000 — and it is
// atomic: two admins assigning the last seat at once cannot both succeed.
import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { canAssignSeats, localDate, usersHaveAccess, type SubscriptionState } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { stateOf } from '../subscriptions/service.ts';
import type { SubscriptionPlan } from '../subscriptions/plan.ts';

export interface SeatSummary {
  planId: string;
  /** Seats of usable subscriptions. */
  total: number;
  assigned: number;
  /** The best state among the plan's subscriptions (what decides whether seats can be assigned). */
  state: SubscriptionState | null;
}

const STATE_RANK: Record<SubscriptionState, number> = { active: 4, expired: 3, disabled: 2, cancelled: 1, deleted: 0 };

export async function seatSummary(tx: Tx, organization: OrganizationRow, plan: SubscriptionPlan, now: Temporal.Instant): Promise<SeatSummary> {
  const today = localDate(now, organization.time_zone);
  const subscriptions = await tx
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', plan.id)
    .execute();
  let total = 0;
  let state: SubscriptionState | null = null;
  for (const row of subscriptions) {
    // A subscription that starts later (a direct-billing successor from E+1, a coterminous
    // purchase dated ahead) gives no seats yet: counting it would double them until then.
    if (row.start_date > today.toString()) continue;
    const current = stateOf(row, plan.policy, today);
    if (usersHaveAccess(current)) total += row.seats;
    if (state === null || STATE_RANK[current] > STATE_RANK[state]) state = current;
  }
  const counter = await tx
    .selectFrom('seat_counters')
    .select('assigned')
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', plan.id)
    .executeTakeFirst();
  return { planId: plan.id, total, assigned: counter?.assigned ?? 0, state };
}

export async function assignSeat(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; plan: SubscriptionPlan; userId: string },
): Promise<{ alreadyAssigned: boolean; totalSeats: number }> {
  const { organization, plan, userId } = input;
  const summary = await seatSummary(tx, organization, plan, audit.now);
  if (summary.state === null || !canAssignSeats(summary.state)) {
    throw new DomainError('SEATS_NOT_ASSIGNABLE', { state: summary.state ?? 'none', planId: plan.id });
  }
  const inserted = await tx
    .insertInto('seat_assignments')
    .values({ organization_id: organization.id, plan_id: plan.id, user_id: userId, assigned_at: toStoredInstant(audit.now), assigned_by: audit.principal.kind === 'anonymous' ? null : auditActorId(audit) })
    .onConflict((oc) => oc.columns(['organization_id', 'plan_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) return { alreadyAssigned: true, totalSeats: summary.total };
  await tx
    .insertInto('seat_counters')
    .values({ organization_id: organization.id, plan_id: plan.id, assigned: 0 })
    .onConflict((oc) => oc.columns(['organization_id', 'plan_id']).doNothing())
    .execute();
  // The guard: increments only while a seat is free. The row lock this UPDATE takes serializes
  // concurrent assignments; the loser's transaction (with its inserted assignment) rolls back.
  const incremented = await tx
    .updateTable('seat_counters')
    .set({ assigned: sql<number>`assigned + 1` })
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', plan.id)
    .where('assigned', '<', summary.total)
    .executeTakeFirst();
  if (incremented.numUpdatedRows === 0n) throw new DomainError('NO_SEATS_AVAILABLE', { total: summary.total, planId: plan.id });
  await recordAudit(tx, audit, {
    organizationId: organization.id,
    action: 'seat.assigned',
    target: { type: 'user', id: userId },
    data: { planId: plan.id },
  });
  return { alreadyAssigned: false, totalSeats: summary.total };
}

export async function unassignSeat(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; planId: string; userId: string },
): Promise<void> {
  const { organization, planId, userId } = input;
  const removed = await tx
    .deleteFrom('seat_assignments')
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', planId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  // Taking back a seat nobody holds leaves things as asked: nothing to do, nothing to audit.
  if (removed.numDeletedRows === 0n) return;
  await tx
    .updateTable('seat_counters')
    .set({ assigned: sql<number>`assigned - 1` })
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', planId)
    .execute();
  await recordAudit(tx, audit, { organizationId: organization.id, action: 'seat.unassigned', target: { type: 'user', id: userId }, data: { planId } });
}

function auditActorId(audit: AuditContext): string | null {
  const p = audit.principal;
  return p.kind === 'user' ? p.userId : p.kind === 'token' ? p.tokenId : null;
}

/**
 * Whether a user's seat is licensed: when seats shrink below the assignments, the most recent
 * assignments (by assigned_at, then user id: the order of the assignments list) lose their
 * license first. The answer never counts the earlier assignments, which in a plan of
 * 10,000,000 seats would be a scan on every validation: while the assignments fit within the
 * seats (the counter says so) every one is licensed, and when they do not, the assignment is
 * licensed exactly when at least `excess` (= assigned − total) assignments come after it, so
 * at most `excess` index entries are read (seat_assignments_by_order, migration 0012).
 */
export async function seatStanding(
  db: Kysely<DB> | Tx,
  input: { organizationId: string; planId: string; userId: string; totalSeats: number },
): Promise<'licensed' | 'unlicensed' | 'unassigned'> {
  const { organizationId, planId, userId, totalSeats } = input;
  const mine = await db
    .selectFrom('seat_assignments')
    .select(['assigned_at', 'user_id'])
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!mine) return 'unassigned';
  // The counter moves with the rows in the same transactions (assign, unassign, deprovision).
  const counter = await db.selectFrom('seat_counters').select('assigned').where('organization_id', '=', organizationId).where('plan_id', '=', planId).executeTakeFirst();
  const excess = Number(counter?.assigned ?? 0) - totalSeats;
  if (excess <= 0) return 'licensed';
  const later = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('seat_assignments')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .where('plan_id', '=', planId)
        // A row-value comparison, not "a > x or (a = x and u > y)": with bound parameters
        // SQLite plans the OR as a walk over every assignment of the plan; this form is a range
        // of the index in both databases.
        .where(sql<boolean>`(assigned_at, user_id) > (${mine.assigned_at}, ${mine.user_id})`)
        .limit(excess)
        .as('later'),
    )
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(later.count) >= excess ? 'licensed' : 'unlicensed';
}

/** Where an assignment stands in the order that decides licensing (the list's order). */
export interface AssignmentPosition {
  assigned_at: string;
  user_id: string;
}

function isBefore(a: AssignmentPosition, b: AssignmentPosition): boolean {
  return a.assigned_at < b.assigned_at || (a.assigned_at === b.assigned_at && a.user_id < b.user_id);
}

/**
 * One page of a plan's assignments, oldest first, each with whether it is licensed. Like
 * seatStanding, it never counts the earlier assignments: the first unlicensed one is found by
 * walking back at most `excess` index entries from the most recent, and every assignment before
 * it is licensed. `after` is the last one of the previous page; `userIds` keeps only those users
 * (the portal asks for the members it shows).
 */
export async function listAssignments(
  db: Kysely<DB> | Tx,
  input: { organizationId: string; planId: string; totalSeats: number; assigned: number; after: AssignmentPosition | undefined; limit: number; userIds: string[] | undefined },
): Promise<Array<AssignmentPosition & { licensed: boolean }>> {
  const { organizationId, planId, totalSeats, assigned, after, limit, userIds } = input;
  const ofPlan = db.selectFrom('seat_assignments').select(['assigned_at', 'user_id']).where('organization_id', '=', organizationId).where('plan_id', '=', planId);
  const excess = assigned - totalSeats;
  let firstUnlicensed: AssignmentPosition | null = null;
  if (excess > 0) {
    const found = await ofPlan.orderBy('assigned_at', 'desc').orderBy('user_id', 'desc').limit(1).offset(excess - 1).executeTakeFirst();
    // More excess than rows (the counter is ahead of a concurrent unassign): none is licensed.
    firstUnlicensed = found ?? { assigned_at: '', user_id: '' };
  }
  let page = ofPlan.orderBy('assigned_at').orderBy('user_id').limit(limit);
  // The row-value comparison is a range of seat_assignments_by_order in both databases (see seatStanding).
  if (after) page = page.where(sql<boolean>`(assigned_at, user_id) > (${after.assigned_at}, ${after.user_id})`);
  if (userIds) page = page.where('user_id', 'in', userIds.length > 0 ? userIds : ['']);
  const rows = await page.execute();
  return rows.map((row) => ({ ...row, licensed: firstUnlicensed === null || isBefore(row, firstUnlicensed) }));
}
