// The sweeper's SQL: which subscriptions are due, and the conditional writes that make a second
// (or concurrent) sweep a no-op. Rules live in decide.ts; this file only knows SQL.
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import { preparedStatement } from '../../db/statement-marks.ts';
import type { SubscriptionRemindersTable, SubscriptionSweepsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';

export type SweepRow = Selectable<SubscriptionSweepsTable>;

export interface DueSubscription {
  subscription: SubscriptionRow;
  sweep: SweepRow;
}

/** Where a sweep looks: every real organization, or one organization (a simulation's). */
export type SweepScope = { kind: 'real' } | { kind: 'organization'; organizationId: string };

/** The keyset position of the last row handled: the due scan resumes after it. */
export interface SweepCursor {
  dueAt: string;
  organizationId: string;
  subscriptionId: string;
}

export async function selectDue(
  tx: Tx,
  dialect: DialectName,
  input: { until: string; scope: SweepScope; after: SweepCursor | undefined; limit: number },
): Promise<DueSubscription[]> {
  let query = tx
    .selectFrom('subscription_sweeps as w')
    .innerJoin('subscriptions as s', (join) => join.onRef('s.organization_id', '=', 'w.organization_id').onRef('s.id', '=', 'w.subscription_id'))
    .selectAll('s')
    .select([
      'w.subscription_id',
      'w.due_at',
      'w.swept_end_date',
      'w.swept_cancelled_on',
      'w.deletion_noticed_for',
      'w.deprovisioned_at',
    ])
    .where('w.due_at', '<=', input.until);
  const { scope, after } = input;
  if (scope.kind === 'organization') {
    query = query.where('w.organization_id', '=', scope.organizationId);
  } else {
    // Sandbox organizations live on their simulation's clock, never on the real one.
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('simulation_organizations as so').select('so.organization_id').whereRef('so.organization_id', '=', 'w.organization_id'))),
    );
  }
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('w.due_at', 'w.organization_id', 'w.subscription_id'), '>', tuple(after.dueAt, after.organizationId, after.subscriptionId)),
    );
  }
  query = query.orderBy('w.due_at').orderBy('w.organization_id').orderBy('w.subscription_id').limit(input.limit);
  // Concurrent workers take disjoint batches: rows another worker holds (or a request renewing
  // the subscription right now) are skipped, not waited for. SQLite has one writer at a time.
  if (dialect === 'postgres') query = query.forUpdate().skipLocked();
  const rows = await query.execute();
  // The row doubles as the subscription (its extra sweep columns are never written back): a
  // copy per row would cost more than the rest of the selection.
  return rows.map((r) => ({
    subscription: r,
    sweep: {
      organization_id: r.organization_id, subscription_id: r.subscription_id, due_at: r.due_at, swept_end_date: r.swept_end_date,
      swept_cancelled_on: r.swept_cancelled_on, deletion_noticed_for: r.deletion_noticed_for, deprovisioned_at: r.deprovisioned_at,
    },
  }));
}

/**
 * Moves the swept end date from `seen` to the row's end date; true for the one sweep that did.
 * What a change of dates causes (a reactivation notice) is announced only by that sweep.
 */
export async function advanceSweptEndDate(tx: Tx, row: SubscriptionRow, seen: string | null): Promise<boolean> {
  let query = tx
    .updateTable('subscription_sweeps')
    .set({ swept_end_date: row.end_date })
    .where('organization_id', '=', row.organization_id)
    .where('subscription_id', '=', row.id);
  query = seen === null ? query.where('swept_end_date', 'is', null) : query.where('swept_end_date', '=', seen);
  return (await query.executeTakeFirst()).numUpdatedRows === 1n;
}

/** True for the one sweep that deprovisions a deleted subscription. */
export async function claimDeprovisioning(tx: Tx, row: SubscriptionRow, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('subscription_sweeps')
    .set({ deprovisioned_at: now })
    .where('organization_id', '=', row.organization_id)
    .where('subscription_id', '=', row.id)
    .where('deprovisioned_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The claim for one subscription: only while its term is still the one seen. */
export async function claimAutoRenewal(tx: Tx, row: SubscriptionRow, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('subscriptions')
    .set({ updated_at: now })
    .where('organization_id', '=', row.organization_id)
    .where('id', '=', row.id)
    .where('state', '=', 'active')
    .where('end_date', '=', row.end_date)
    .where('auto_renew', '=', 1)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** A subscription's key as one string, to match rows a statement returned. */
export const keyOf = (organizationId: string, subscriptionId: string) => `${organizationId}\u0000${subscriptionId}`;

/**
 * `(a, b) IN (…)`: a batch of composite keys in one statement. SQLite gets `IN (VALUES (…), …)`.
 * PostgreSQL gets one array per column, `IN (SELECT * FROM unnest($1::text[], $2::text[]))`: with
 * VALUES it joined the batch to a sequential scan of the whole table (a hash semi-join), since
 * it expects 500 index lookups to cost more than reading a table of 50,000 rows; a semi-join
 * over unnest (whose distinct count it does not know, and guesses small) goes through the
 * primary key (docs/performance.md, "Sweep"). One parameter per column, not per value.
 */
function keysIn(dialect: DialectName, columns: string[], tuples: readonly (readonly string[])[]) {
  const refs = sql.join(columns.map((c) => sql.ref(c)));
  if (dialect === 'postgres') {
    const arrays = columns.map((_, i) => sql`${tuples.map((t) => t[i]!)}::text[]`);
    return sql<boolean>`(${refs}) in (select * from unnest(${sql.join(arrays)}))`;
  }
  const list = sql.join(tuples.map((values) => sql`(${sql.join(values)})`));
  return sql<boolean>`(${refs}) in (values ${list})`;
}

/**
 * Records a state change for those rows still in state `from` with the end date seen, and says
 * which they were: the guard that makes a second or concurrent sweep record (and announce)
 * nothing.
 */
export async function recordStates(
  tx: Tx,
  dialect: DialectName,
  change: { from: string; to: string; now: string },
  rows: readonly SubscriptionRow[],
): Promise<Set<string>> {
  const moved = await tx
    .updateTable('subscriptions')
    .set({ state: change.to, updated_at: change.now })
    .where('state', '=', change.from)
    .where(keysIn(dialect, ['organization_id', 'id', 'end_date'], rows.map((r) => [r.organization_id, r.id, r.end_date])))
    .returning(['organization_id', 'id'])
    .execute();
  return new Set(moved.map((r) => keyOf(r.organization_id, r.id)));
}

/** A reminder row, as the migration defines it (the generated schema type, not a copy). */
export type NewReminder = Selectable<SubscriptionRemindersTable>;

/** Writes the reminders; returns the keys of those this call wrote (the primary key refuses the rest). */
export async function insertReminders(tx: Tx, reminders: readonly NewReminder[]): Promise<Set<string>> {
  if (reminders.length === 0) return new Set();
  const inserted = await tx
    .insertInto('subscription_reminders')
    .values([...reminders])
    .onConflict((oc) => oc.columns(['organization_id', 'subscription_id', 'term_end_date', 'days_before']).doNothing())
    .returning(['organization_id', 'subscription_id'])
    .execute();
  return new Set(inserted.map((r) => keyOf(r.organization_id, r.subscription_id)));
}

/** Marks the deletion day as announced; returns the keys of the rows this call marked. */
export async function markDeletionsNoticed(tx: Tx, dialect: DialectName, deletedFrom: string, rows: readonly SubscriptionRow[]): Promise<Set<string>> {
  const marked = await tx
    .updateTable('subscription_sweeps')
    .set({ deletion_noticed_for: deletedFrom })
    .where((eb) => eb.or([eb('deletion_noticed_for', 'is', null), eb('deletion_noticed_for', '<>', deletedFrom)]))
    .where(keysIn(dialect, ['organization_id', 'subscription_id'], rows.map((r) => [r.organization_id, r.id])))
    .returning(['organization_id', 'subscription_id'])
    .execute();
  return new Set(marked.map((r) => keyOf(r.organization_id, r.subscription_id)));
}

export interface SweepSave {
  organization_id: string;
  subscription_id: string;
  due_at: string | null;
  swept_end_date: string;
  swept_cancelled_on: string | null;
}

const SAVE_SWEEPS = preparedStatement('sweeper-save-sweeps');

/**
 * What the sweeper saw of each row, and when it next has work to do: one statement for the
 * batch. SQLite: `UPDATE … FROM (VALUES …)` (VALUES columns are column1, column2, …).
 * PostgreSQL: `UPDATE … FROM unnest(…)` of one array per column, sent as a named prepared
 * statement (the text no longer depends on the batch's size). Joined to VALUES, PostgreSQL read
 * the whole table for each batch (a hash join over a sequential scan); the plan it keeps for the
 * prepared statement (a generic one, from the sixth run on a connection: it cannot know how
 * long the arrays are, and guesses short) looks each row up by the primary key.
 */
export async function saveSweeps(tx: Tx, dialect: DialectName, saves: readonly SweepSave[]): Promise<void> {
  if (saves.length === 0) return;
  if (dialect === 'postgres') {
    const column = <K extends keyof SweepSave>(key: K) => sql`${saves.map((v) => v[key])}::text[]`;
    await sql`${sql.raw(SAVE_SWEEPS)}update subscription_sweeps as w
      set due_at = v.due_at, swept_end_date = v.swept_end_date, swept_cancelled_on = v.swept_cancelled_on
      from unnest(${column('organization_id')}, ${column('subscription_id')}, ${column('due_at')}, ${column('swept_end_date')}, ${column('swept_cancelled_on')})
        as v(organization_id, subscription_id, due_at, swept_end_date, swept_cancelled_on)
      where w.organization_id = v.organization_id and w.subscription_id = v.subscription_id`.execute(tx);
    return;
  }
  const values = sql.join(saves.map((v) => sql`(${v.organization_id}, ${v.subscription_id}, ${v.due_at}, ${v.swept_end_date}, ${v.swept_cancelled_on})`));
  await sql`
    update subscription_sweeps
    set due_at = v.column3, swept_end_date = v.column4, swept_cancelled_on = v.column5
    from (values ${values}) as v
    where subscription_sweeps.organization_id = v.column1 and subscription_sweeps.subscription_id = v.column2
  `.execute(tx);
}

/** A deleted subscription renewed again (a consumer renewal window): it can be deprovisioned again. */
export async function clearDeprovisioned(tx: Tx, dialect: DialectName, rows: readonly SubscriptionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .updateTable('subscription_sweeps')
    .set({ deprovisioned_at: null })
    .where(keysIn(dialect, ['organization_id', 'subscription_id'], rows.map((r) => [r.organization_id, r.id])))
    .execute();
}
