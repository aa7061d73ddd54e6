// Orders unpaid by their due date are cancelled and change nothing (SPEC §8); an order applied
// ahead (an auto-renewal) has what it applied taken back. A worker of the sweeper's shape:
// batches in their own transactions, rows taken FOR UPDATE SKIP LOCKED on PostgreSQL (an order
// being paid at that moment is passed over, then found paid), a conditional update as the guard,
// so any number of workers and a second run change nothing more.
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { revertUnpaidEffects } from './auto-renewal.ts';
import { markCancelled } from './orders.ts';

export const DUE_BATCH_SIZE = 100;
const SYSTEM = { kind: 'anonymous' } as const;

/** Cancels one batch of lapsed orders; returns how many it cancelled. */
async function cancelLapsedBatch(database: Database, now: Temporal.Instant, limit = DUE_BATCH_SIZE): Promise<number> {
  return inTransaction(database.db, async (tx) => {
    let query = tx
      .selectFrom('orders')
      .selectAll()
      .where('status', '=', 'pending_payment')
      .where('due_at', '<=', toStoredInstant(now))
      // A simulation's sandboxes live on its clock, not this one.
      .where('organization_id', 'not in', (eb) => eb.selectFrom('simulation_organizations').select('organization_id'))
      .orderBy('due_at')
      .orderBy('organization_id')
      .orderBy('id')
      .limit(limit);
    if (database.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const lapsed = await query.execute();
    const audit: AuditContext = { principal: SYSTEM, now };
    for (const order of lapsed) {
      await revertUnpaidEffects(tx, database.dialect, audit, order);
      await markCancelled(tx, audit, order, 'unpaid', null);
    }
    return lapsed.length;
  });
}

/** Every lapsed order, batch after batch (the worker's pass, and `licentia` tests). */
export async function cancelLapsedOrders(database: Database, now: Temporal.Instant): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await cancelLapsedBatch(database, now);
    total += done;
    if (done < DUE_BATCH_SIZE) return total;
  }
}
