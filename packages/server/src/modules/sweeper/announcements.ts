// The sweeper's notices for a whole batch: for each, exactly the audit row and the outbox event
// `announce` (modules/subscriptions/service.ts) writes for one subscription, made by the same
// `auditRow` and `eventRow`, written by `recordAudits` and `enqueueEvents` in two multi-row
// INSERTs instead of two statements per subscription. A midnight sweep announces a cohort at
// once (every subscription that ended that day), and on PostgreSQL each statement is a round
// trip: per-row writes made the sweep ~20× slower (docs/benchmarks.md). The rows are checked
// against `announce`'s in announcements.test.ts, so the two cannot drift apart.
import type { Insertable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { AuditEventsTable, OutboxEventsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { auditRow, recordAudits, type AuditContext } from '../audit/audit-log.ts';
import { enqueueEvents, eventRow } from '../outbox/outbox.ts';

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
  const auditRows: Insertable<AuditEventsTable>[] = [];
  const events: Insertable<OutboxEventsTable>[] = [];
  for (const item of items) {
    const { organizationId, subscriptionId, type, data, now } = item;
    auditRows.push(auditRow({ ...audit, now }, { organizationId, action: type, target: { type: 'subscription', id: subscriptionId }, data }));
    events.push(eventRow(now, { organizationId, type, payload: { subscriptionId, ...data } }));
  }
  await recordAudits(tx, auditRows);
  await enqueueEvents(tx, events);
}
