// The sweeper's notices for a whole batch: for each, exactly the audit row and the outbox event
// `announce` (modules/subscriptions/service.ts) writes for one subscription, but in two
// multi-row INSERTs instead of two statements per subscription. A midnight sweep announces a
// cohort at once (every subscription that ended that day), and on PostgreSQL each statement is
// a round trip: per-row writes made the sweep ~20× slower (docs/benchmarks.md). The rows are
// checked against `announce`'s in announcements.test.ts, so the two cannot drift apart.
import type { Insertable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { auditActor } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { AuditEventsTable, OutboxEventsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';
import type { AuditContext } from '../audit/audit-log.ts';

export interface Announcement {
  organizationId: string;
  subscriptionId: string;
  /** The action and event type, e.g. "subscription.expired". */
  type: string;
  data: Record<string, unknown>;
  /** The instant it happened (an --as-of sweep sweeps each organization at its own midnight). */
  now: Temporal.Instant;
}

/** Rows per INSERT, well inside both databases' bound-parameter limits (11 columns a row). */
const CHUNK = 1_000;

export async function announceAll(tx: Tx, audit: Pick<AuditContext, 'principal' | 'actorOrganizationId' | 'requestId'>, items: readonly Announcement[]): Promise<void> {
  const actor = auditActor(audit.principal);
  const auditRows: Insertable<AuditEventsTable>[] = [];
  const events: Insertable<OutboxEventsTable>[] = [];
  for (const item of items) {
    const occurredAt = toStoredInstant(item.now);
    auditRows.push({
      organization_id: item.organizationId,
      id: newId('aud', item.now),
      occurred_at: occurredAt,
      action: item.type,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_organization_id: audit.actorOrganizationId ?? null,
      target_type: 'subscription',
      target_id: item.subscriptionId,
      data: JSON.stringify(item.data),
      request_id: audit.requestId ?? null,
    });
    events.push({
      id: newId('evt', item.now),
      organization_id: item.organizationId,
      type: item.type,
      payload: JSON.stringify({ subscriptionId: item.subscriptionId, ...item.data }),
      occurred_at: occurredAt,
    });
  }
  for (let i = 0; i < auditRows.length; i += CHUNK) await tx.insertInto('audit_events').values(auditRows.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < events.length; i += CHUNK) await tx.insertInto('outbox_events').values(events.slice(i, i + CHUNK)).execute();
}
