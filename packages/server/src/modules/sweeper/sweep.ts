// The sweeper (SPEC §4): records state transitions, auto-renews, writes renewal reminders and
// deletion notices, deprovisions deleted subscriptions. It takes `now` (or a civil day) and an
// optional set of organizations, so real time, `licentia sweep --as-of` and simulations run
// this same code.
//
// Work is found through `subscription_sweeps.due_at` (each subscription's next local midnight
// with something to do), read in index order up to `now`: a sweep costs what is due, not the
// size of the table. Batches of `batchSize` rows, one transaction each; on PostgreSQL rows are
// taken `FOR UPDATE SKIP LOCKED`, so any number of workers share the work; on SQLite the single
// writer serializes them. Every effect is guarded (apply.ts), so a second sweep is a no-op.
import { Temporal } from 'temporal-polyfill';
import { startOfLocalDay } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { getPlan, type Plan } from '../catalog/plans.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { addCounts, noCounts, sweepBatch, SweepMemo, type SweepCounts, type SweepTarget } from './apply.ts';
import { selectDue, type SweepCursor, type SweepScope } from './store.ts';

/**
 * When to sweep: an instant (the worker, simulations), or a civil day (`--as-of`): every
 * organization is then swept at the first instant of that day in its own time zone.
 */
export type SweepTime = { now: Temporal.Instant } | { asOf: Temporal.PlainDate };

export interface SweepOptions {
  time: SweepTime;
  /** Only these organizations (a simulation's sandboxes). Default: every real organization. */
  organizationIds?: readonly string[] | undefined;
  batchSize?: number | undefined;
}

export interface SweepReport extends SweepCounts {
  batches: number;
}

export const DEFAULT_BATCH_SIZE = 500;
/** The zone where a civil day begins last (UTC−12): by then it has begun everywhere. */
const LAST_ZONE = 'Etc/GMT+12';

/**
 * A sweep's clock (the subscription and the delegation sweepers share it): the stored instant it
 * reads due rows up to, and the instant each organization is swept at. With `now`, both are now;
 * with `asOf`, each organization is swept at the day's first instant in its own zone, and rows
 * are read up to the day's start in the last zone to begin it.
 */
export function sweepClock(time: SweepTime): { until: string; instantIn(zone: string): Temporal.Instant } {
  if ('now' in time) return { until: toStoredInstant(time.now), instantIn: () => time.now };
  return { until: toStoredInstant(startOfLocalDay(time.asOf, LAST_ZONE)), instantIn: (zone) => startOfLocalDay(time.asOf, zone) };
}

export async function sweep(database: Database, options: SweepOptions): Promise<SweepReport> {
  const limit = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { until, instantIn } = sweepClock(options.time);
  const scopes: SweepScope[] = options.organizationIds
    ? options.organizationIds.map((organizationId) => ({ kind: 'organization', organizationId }))
    : [{ kind: 'real' }];
  // Plans are read once per sweep: their lifecycle policy is frozen once sold.
  const plans = new Map<string, Plan>();
  const report: SweepReport = { ...noCounts(), batches: 0 };
  // Decisions and dates computed once per sweep, not once per batch.
  const memo = new SweepMemo();

  for (const scope of scopes) {
    let after: SweepCursor | undefined;
    for (;;) {
      const batch = await inTransaction(database.db, async (tx) => {
        const rows = await selectDue(tx, database.dialect, { until, scope, after, limit });
        const organizations = await organizationsOf(tx, rows.map((r) => r.subscription.organization_id));
        const targets: SweepTarget[] = [];
        for (const due of rows) {
          const organization = organizations.get(due.subscription.organization_id)!;
          const plan = await planOf(tx, plans, due.subscription.plan_id);
          targets.push({ due, organization, plan, now: instantIn(organization.time_zone) });
        }
        return { counts: await sweepBatch(tx, database.dialect, targets, memo), size: rows.length, last: rows.at(-1)?.sweep };
      });
      if (batch.size > 0) {
        addCounts(report, batch.counts);
        report.batches += 1;
      }
      if (batch.size < limit || !batch.last) break;
      // Resume after the last row taken: rows not yet due in their own zone (an --as-of sweep
      // reads up to the day's latest start) are passed over instead of being taken again.
      after = { dueAt: batch.last.due_at ?? '', organizationId: batch.last.organization_id, subscriptionId: batch.last.subscription_id };
    }
  }
  return report;
}

async function organizationsOf(tx: Tx, ids: string[]): Promise<Map<string, OrganizationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('organizations').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

async function planOf(tx: Tx, cache: Map<string, Plan>, planId: string): Promise<Plan> {
  let plan = cache.get(planId);
  if (!plan) {
    plan = await getPlan(tx, planId);
    if (!plan) throw new Error(`subscription of unknown plan ${planId}`);
    cache.set(planId, plan);
  }
  return plan;
}
