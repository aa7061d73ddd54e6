// The sweeper's notices for a whole batch: for each, exactly the audit row and the outbox event
// `announce` (modules/subscriptions/service.ts) writes for one subscription, made by the same
// `announcement`, written by `writeAnnouncements` in two multi-row INSERTs instead of two
// statements per subscription. A midnight sweep announces a cohort at once (every subscription
// that ended that day), and on PostgreSQL each statement is a round trip: per-row writes made
// the sweep ~20× slower (docs/benchmarks.md). announcements.test.ts checks the rows against
// `announce`'s.
import type { Temporal } from 'temporal-polyfill';
import type { Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { announcement, writeAnnouncements } from '../subscriptions/service.ts';

/** One subscription's change to announce: `announceAll` makes its audit row and outbox event. */
export interface SubscriptionNotice {
  organizationId: string;
  subscriptionId: string;
  /** The action and event type, e.g. "subscription.expired". */
  type: string;
  data: Record<string, unknown>;
  /** The instant it happened (an --as-of sweep sweeps each organization at its own midnight). */
  now: Temporal.Instant;
}

export async function announceAll(tx: Tx, audit: Pick<AuditContext, 'principal' | 'actorOrganizationId' | 'requestId'>, items: readonly SubscriptionNotice[]): Promise<void> {
  await writeAnnouncements(
    tx,
    items.map(({ organizationId, subscriptionId, type, data, now }) => announcement({ ...audit, now }, organizationId, subscriptionId, type, data)),
  );
}
