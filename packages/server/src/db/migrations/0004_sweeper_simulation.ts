// The sweeper's bookkeeping (SPEC §4: transitions, auto-renewals, reminders, deprovisioning)
// and vendor simulations (a frozen clock and sandbox organizations). Portable types as in 0001.
//
// Both live in tables of their own rather than in new columns of `subscriptions` and
// `organizations`: the modules that write those rows build them whole, and must not have to
// know about the sweeper's or the simulations' bookkeeping.
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // A simulation is the vendor's, like the catalog: not tenant-keyed. `current_at` is its frozen
  // "now"; `created_at`/`updated_at` are real time.
  await db.schema
    .createTable('simulations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('current_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A sandbox organization belongs to one simulation from birth and never leaves it. Real
  // sweeps skip these organizations; a simulation's sweeps touch nothing else.
  await db.schema
    .createTable('simulation_organizations')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().notNull().references('organizations.id'))
    .addColumn('simulation_id', 'text', (c) => c.notNull().references('simulations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('simulation_organizations_by_simulation').on('simulation_organizations').columns(['simulation_id', 'organization_id']).execute();

  // What the sweeper last saw of each subscription:
  // - due_at: the instant (local midnight in the organization's zone) it next has work to do;
  //   '' (before every instant) = at once; NULL = never again (deleted and deprovisioned);
  // - swept_end_date / swept_cancelled_on: the dates that schedule was computed from;
  // - deletion_noticed_for: the deletion day a "deletion soon" notice was sent for (once);
  // - deprovisioned_at: when a deleted subscription's data was removed.
  await db.schema
    .createTable('subscription_sweeps')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('swept_end_date', 'text')
    .addColumn('swept_cancelled_on', 'text')
    .addColumn('deletion_noticed_for', 'text')
    .addColumn('deprovisioned_at', 'text')
    .addPrimaryKeyConstraint('subscription_sweeps_pk', ['organization_id', 'subscription_id'])
    .execute();
  // The due scan reads this index in key order and stops at `now`: its cost is what is due,
  // not the size of the table. The tenant and id make it a keyset a sweep can page through.
  await db.schema.createIndex('subscription_sweeps_due').on('subscription_sweeps').columns(['due_at', 'organization_id', 'subscription_id']).execute();
  await markForSweepTriggers(db, context);
  await sql`insert into subscription_sweeps (organization_id, subscription_id, due_at) select organization_id, id, '' from subscriptions`.execute(db);

  // One row per renewal reminder sent: the key makes a second sweep (or a concurrent one) a
  // no-op, and a renewed term (a later end date) has keys of its own.
  await db.schema
    .createTable('subscription_reminders')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('term_end_date', 'text', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull().check(sql`days_before >= 1`))
    // The organization-local day it was written (later than E − days_before when caught up).
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_reminders_pk', ['organization_id', 'subscription_id', 'term_end_date', 'days_before'])
    .execute();
}

/**
 * A new subscription, or a change of its end date or cancellation day (a renewal, a refund,
 * whoever made it), makes it due at once: the database tells the sweeper, so no code path that
 * changes dates can forget to, and the sweeper never has to scan for what changed.
 */
async function markForSweepTriggers(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const mark =
    `insert into subscription_sweeps (organization_id, subscription_id, due_at) values (new.organization_id, new.id, '') ` +
    `on conflict (organization_id, subscription_id) do update set due_at = ''`;
  const datesChanged = 'new.end_date is distinct from old.end_date or new.cancelled_on is distinct from old.cancelled_on';
  if (context.dialect === 'sqlite') {
    await sql.raw(`create trigger subscriptions_sweep_on_insert after insert on subscriptions begin ${mark}; end`).execute(db);
    await sql
      .raw(`create trigger subscriptions_sweep_on_dates after update of end_date, cancelled_on on subscriptions when ${datesChanged} begin ${mark}; end`)
      .execute(db);
    return;
  }
  await sql
    .raw(`create function subscriptions_mark_for_sweep() returns trigger language plpgsql as $$ begin ${mark}; return null; end $$`)
    .execute(db);
  await sql
    .raw('create trigger subscriptions_sweep_on_insert after insert on subscriptions for each row execute function subscriptions_mark_for_sweep()')
    .execute(db);
  await sql
    .raw(
      `create trigger subscriptions_sweep_on_dates after update of end_date, cancelled_on on subscriptions for each row ` +
        `when (${datesChanged}) execute function subscriptions_mark_for_sweep()`,
    )
    .execute(db);
}
