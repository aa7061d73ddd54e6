// Delivery rows: one per (event, channel, recipient). A worker takes a batch by leasing it
// (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's single writer), then records each outcome in
// its own short transaction. Both records are the "two phases" of an attempt:
//   claim  — attempts + 1, next_attempt_at = end of the lease (committed before anything is sent)
//   settle — delivered, or failed with a backoff, or dead after the last attempt
// A worker that dies between the two leaves the row leased; when the lease runs out another
// worker takes it again. So nothing is lost, and only a message whose send completed in that
// very window can go out twice, with the same Message-ID / event id (docs/decisions.md).
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB, DeliveriesTable } from '../../db/schema.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import type { AppContext } from '../../http/context.ts';

/** What the delivery workers use of the application's context. */
export type DeliveryContext = Pick<AppContext, 'config' | 'database' | 'clock' | 'secrets' | 'failpoints'>;

export type DeliveryRow = Selectable<DeliveriesTable>;
export type Channel = 'email' | 'webhook';
export type DeliveryState = 'pending' | 'delivered' | 'dead' | 'cancelled';

/** First retry after a minute, doubling to at most 12 hours: 12 attempts span about a day. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_CAP_MS = 12 * 60 * 60_000;
/** How long a claimed batch is a worker's before others may take it again. */
export const LEASE_MS = 5 * 60_000;

/**
 * The wait after the `attempts`-th failed attempt: exponential, capped, with "equal jitter"
 * (a random point in the upper half), so that a receiver that was down for everyone is not
 * hit by every retry in the same second, while the schedule stays predictable within 2×.
 */
export function backoffMs(attempts: number, random: number = Math.random()): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** A row a worker holds: its claim is (attempts, last_attempt_at) as written by the claim. */
export type Claimed = DeliveryRow & { leaseUntil: Temporal.Instant };

export async function claimDeliveries(
  db: Kysely<DB>,
  dialect: DialectName,
  channel: Channel,
  now: Temporal.Instant,
  limit: number,
): Promise<Claimed[]> {
  const stamp = toStoredInstant(now);
  const leaseUntil = now.add({ milliseconds: LEASE_MS });
  return inTransaction(db, async (tx) => {
    let due = tx
      .selectFrom('deliveries')
      .select(['organization_id', 'id'])
      .where('state', '=', 'pending')
      .where('channel', '=', channel)
      .where('next_attempt_at', '<=', stamp)
      .orderBy('next_attempt_at')
      .limit(limit);
    // Concurrent workers on PostgreSQL each take rows no one else holds, without waiting.
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const keys = await due.execute();
    if (keys.length === 0) return [];
    const rows = await tx
      .updateTable('deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: toStoredInstant(leaseUntil), last_attempt_at: stamp, updated_at: stamp }))
      // By the whole primary key, so that the update is an index lookup per row.
      .where(({ eb, refTuple, tuple }) => eb(refTuple('organization_id', 'id'), 'in', keys.map((k) => tuple(k.organization_id, k.id))))
      .where('state', '=', 'pending')
      .returningAll()
      .execute();
    // In the order they were made (ids sort by time), whatever order the database returned.
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map((row) => ({ ...row, leaseUntil }));
  });
}

export type Outcome =
  | { kind: 'delivered'; status?: number | undefined }
  /** `permanent`: retrying cannot help (a refused mailbox, a template that cannot render). */
  | { kind: 'failed'; error: string; status?: number | undefined; permanent?: boolean }
  /** Not sent and not to be sent: the endpoint was deleted or disabled, the reminder is moot. */
  | { kind: 'cancelled'; reason: string };

export interface Settlement {
  claimed: DeliveryRow;
  outcome: Outcome;
  /** When the outcome was known. */
  at: Temporal.Instant;
}

function changesFor({ claimed, outcome, at }: Settlement, maxAttempts: number): Partial<DeliveryRow> & { updated_at: string } {
  const stamp = toStoredInstant(at);
  switch (outcome.kind) {
    case 'delivered':
      return { state: 'delivered', delivered_at: stamp, next_attempt_at: stamp, last_error: null, last_status: outcome.status ?? null, updated_at: stamp };
    case 'cancelled':
      return { state: 'cancelled', next_attempt_at: stamp, last_error: outcome.reason, updated_at: stamp };
    case 'failed': {
      const dead = outcome.permanent === true || claimed.attempts >= maxAttempts;
      const next = dead ? at : at.add({ milliseconds: backoffMs(claimed.attempts) });
      return { state: dead ? 'dead' : 'pending', next_attempt_at: toStoredInstant(next), last_error: outcome.error.slice(0, 500), last_status: outcome.status ?? null, updated_at: stamp };
    }
  }
}

/**
 * Records what happened to claimed rows, in one transaction. Only the worker whose claim is
 * still current writes: one that outlived its lease (and whose row someone else took) changes
 * nothing.
 */
export async function settleDeliveries(db: Kysely<DB>, settlements: readonly Settlement[], maxAttempts: number): Promise<void> {
  if (settlements.length === 0) return;
  await inTransaction(db, async (tx) => {
    for (const settlement of settlements) {
      const { claimed } = settlement;
      await tx
        .updateTable('deliveries')
        .set(changesFor(settlement, maxAttempts))
        .where('organization_id', '=', claimed.organization_id)
        .where('id', '=', claimed.id)
        .where('state', '=', 'pending')
        .where('attempts', '=', claimed.attempts)
        .where('last_attempt_at', '=', claimed.last_attempt_at)
        .execute();
    }
  });
}

export async function settleDelivery(db: Kysely<DB>, claimed: DeliveryRow, outcome: Outcome, at: Temporal.Instant, maxAttempts: number): Promise<void> {
  await settleDeliveries(db, [{ claimed, outcome, at }], maxAttempts);
}

/** Gives rows back untouched (their attempt not counted) when a worker stops before them. */
export async function releaseDeliveries(db: Kysely<DB>, rows: readonly DeliveryRow[], now: Temporal.Instant): Promise<void> {
  const stamp = toStoredInstant(now);
  await inTransaction(db, async (tx) => {
    for (const row of rows) {
      await tx
        .updateTable('deliveries')
        .set((eb) => ({ attempts: eb('attempts', '-', 1), next_attempt_at: stamp, updated_at: stamp }))
        .where('organization_id', '=', row.organization_id)
        .where('id', '=', row.id)
        .where('state', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .where('last_attempt_at', '=', row.last_attempt_at)
        .execute();
    }
  });
}

export interface NewDelivery {
  organizationId: string;
  id: string;
  eventId: string;
  eventType: string;
  channel: Channel;
  recipientId: string;
}

/** Inserts what is not there yet: a second fan-out of the same event adds nothing. */
export async function insertDeliveries(tx: Tx, deliveries: readonly NewDelivery[], now: Temporal.Instant): Promise<void> {
  if (deliveries.length === 0) return;
  const stamp = toStoredInstant(now);
  // 14 parameters a row: stay far below SQLite's 32,766 bound parameters.
  for (let i = 0; i < deliveries.length; i += 500) {
    await tx
      .insertInto('deliveries')
      .values(
        deliveries.slice(i, i + 500).map((d) => ({
          organization_id: d.organizationId,
          id: d.id,
          event_id: d.eventId,
          event_type: d.eventType,
          channel: d.channel,
          recipient_id: d.recipientId,
          state: 'pending',
          attempts: 0,
          next_attempt_at: stamp,
          last_attempt_at: null,
          last_error: null,
          last_status: null,
          delivered_at: null,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'event_id', 'channel', 'recipient_id']).doNothing())
      .execute();
  }
}

export async function getDelivery(db: Kysely<DB> | Tx, organizationId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}
