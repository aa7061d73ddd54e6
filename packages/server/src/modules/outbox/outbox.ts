// Writing an event to the outbox: always with the transaction of the change that caused it.
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';

export interface OutboxEvent {
  organizationId: string;
  /** Dotted past tense, e.g. "subscription.created", "redemption.completed". */
  type: string;
  payload: Record<string, unknown>;
}

export async function enqueueEvent(tx: Tx, now: Temporal.Instant, event: OutboxEvent): Promise<string> {
  const id = newId('evt', now);
  await tx
    .insertInto('outbox_events')
    .values({ id, organization_id: event.organizationId, type: event.type, payload: JSON.stringify(event.payload), occurred_at: toStoredInstant(now) })
    .execute();
  return id;
}
