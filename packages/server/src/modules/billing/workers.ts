// Billing's background work in `licentia serve`: lapsing orders unpaid by their due date, and
// sending card refunds back through the provider. Both coordinate through the database, so any
// number of processes may run them.
import type { Worker } from '../../workers/runner.ts';
import { cancelLapsedOrders } from './due-orders.ts';
import { processCardRefunds } from './refund-worker.ts';

export const dueOrdersWorker: Worker = {
  name: 'billing.due-orders',
  // Due dates end at an organization's local midnight, which falls on a quarter hour in every zone.
  intervalMs: 60 * 1000,
  run: (ctx, now) => cancelLapsedOrders(ctx.database, now),
};

export const refundsWorker: Worker = {
  name: 'billing.refunds',
  intervalMs: 30 * 1000,
  run: (ctx, now) => processCardRefunds(ctx.database, ctx.config.billing, now),
};

export const BILLING_WORKERS: readonly Worker[] = [dueOrdersWorker, refundsWorker];
