// Writing an event to the outbox: always with the transaction of the change that caused it.
import type { Insertable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import { insertInChunks } from '../../db/insert-in-chunks.ts';
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

/** Rows made by `eventRow`, in their order, 1,000 an INSERT (5 columns a row). */
export async function enqueueEvents(tx: Tx, rows: readonly Insertable<OutboxEventsTable>[]): Promise<void> {
  await insertInChunks(tx, 'outbox_events', rows, 1_000);
}
