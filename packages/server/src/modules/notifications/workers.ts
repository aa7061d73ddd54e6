// The notification workers `licentia serve` runs: fan-out, mail, webhooks. Each run drains what
// is due, batch after batch, up to a bound (so a large backlog cannot starve its siblings' turn
// on SQLite's single connection for long); the next tick carries on.
import type { Worker } from '../../workers/runner.ts';
import type { DeliveryContext } from './deliveries.ts';
import { deliverWebhookBatch } from '../webhooks/delivery.ts';
import { deliverEmailBatch } from './email-delivery.ts';
import { fanOutBatch } from './fanout.ts';
import { openMailTransport } from './mail-transport.ts';

const INTERVAL_MS = 1000;
const MAX_BATCHES_PER_RUN = 20;

export async function drain(batch: () => Promise<number>): Promise<number> {
  let handled = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const done = await batch();
    if (done === 0) break;
    handled += done;
  }
  return handled;
}

/** One SMTP connection for the whole run, closed at its end (an idle pool would hold it open). */
export async function drainEmail(ctx: DeliveryContext): Promise<number> {
  const transport = openMailTransport(ctx.config);
  try {
    return await drain(() => deliverEmailBatch(ctx, { transport }));
  } finally {
    transport.close();
  }
}

export const fanOutWorker: Worker = {
  name: 'notifications.fanout',
  intervalMs: INTERVAL_MS,
  run: (ctx: DeliveryContext) => drain(() => fanOutBatch(ctx.database.db, ctx.database.dialect, ctx.clock.now())),
};

export const emailWorker: Worker = {
  name: 'notifications.email',
  intervalMs: INTERVAL_MS,
  run: (ctx: DeliveryContext) => drainEmail(ctx),
};

export const webhookWorker: Worker = {
  name: 'webhooks.delivery',
  intervalMs: INTERVAL_MS,
  run: (ctx: DeliveryContext) => drain(() => deliverWebhookBatch(ctx)),
};

export const NOTIFICATION_WORKERS: readonly Worker[] = [fanOutWorker, emailWorker, webhookWorker];

/** Everything due, now: for tests and the benchmark (what the workers do over a few ticks). */
export async function deliverAllDue(ctx: DeliveryContext): Promise<{ fannedOut: number; emails: number; webhooks: number }> {
  const fannedOut = await drain(() => fanOutBatch(ctx.database.db, ctx.database.dialect, ctx.clock.now()));
  const [emails, webhooks] = await Promise.all([drainEmail(ctx), drain(() => deliverWebhookBatch(ctx))]);
  return { fannedOut, emails, webhooks };
}
