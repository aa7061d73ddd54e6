// Writing an event to the outbox: always with the transaction of the change that caused it.
import type { Insertable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { OutboxEventsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';

export interface OutboxEvent {
  organizationId: string;
  /** Dotted past tense, e.g. "subscription.created", "redemption.completed". */
  type: string;
  payload: Record<string, unknown>;
}

/** The row `enqueueEvent` writes, its id drawn now (write several with `enqueueEvents`). */
export function eventRow(now: Temporal.Instant, event: OutboxEvent): Insertable<OutboxEventsTable> {
  return { id: newId('evt', now), organization_id: event.organizationId, type: event.type, payload: JSON.stringify(event.payload), occurred_at: toStoredInstant(now) };
}

export async function enqueueEvent(tx: Tx, now: Temporal.Instant, event: OutboxEvent): Promise<string> {
  const row = eventRow(now, event);
  await enqueueEvents(tx, [row]);
  return row.id;
}

/** Rows per INSERT, well inside both databases' bound-parameter limits (5 columns a row). */
const CHUNK = 1_000;

/**
 * Rows made by `eventRow`, in their order, in one INSERT (on PostgreSQL one round trip instead of
 * one a row); a list longer than CHUNK in several.
 */
export async function enqueueEvents(tx: Tx, rows: readonly Insertable<OutboxEventsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto('outbox_events').values(rows.slice(i, i + CHUNK)).execute();
}
