// Helpers for the sweeper's and the simulations' tests: local wall-clock instants, explicit
// sweeps, and what the outbox and the audit log recorded. Used by tests only.
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import type { Kysely } from 'kysely';
import type { TestApp } from '../../../test/support/app.ts';
import { createTestPlan, type TestPlanOptions } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import type { Database } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import { sweep, type SweepReport } from './sweep.ts';

/** An instant given as a wall-clock time in a zone, e.g. at('2027-03-14T00:01', 'America/New_York'). */
export function at(local: string, zone: string): Temporal.Instant {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(zone).toInstant();
}

/** One sweep at `now` over every real organization (the worker's pass). */
export function sweepNow(database: Database, now: Temporal.Instant, options: { batchSize?: number } = {}): Promise<SweepReport> {
  return sweep(database, { time: { now }, batchSize: options.batchSize });
}

export interface RecordedEvent {
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The organization's outbox events, oldest first; `prefix` filters by type. */
export async function eventsOf(db: Kysely<DB>, organizationId: string, prefix = 'subscription.'): Promise<RecordedEvent[]> {
  const rows = await db
    .selectFrom('outbox_events')
    .select(['type', 'occurred_at', 'payload'])
    .where('organization_id', '=', organizationId)
    .where('type', 'like', `${prefix}%`)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ type: row.type, occurredAt: row.occurred_at, payload: JSON.parse(row.payload) as Record<string, unknown> }));
}

/** The event types the sweeper announces. */
export const SWEEPER_EVENTS = new Set([
  'subscription.expired',
  'subscription.disabled',
  'subscription.deleted',
  'subscription.deletion_soon',
  'subscription.reactivated',
  'subscription.renewal_reminder',
  'subscription.auto_renewed',
]);

export async function recordedState(db: Kysely<DB>, organizationId: string, subscriptionId: string): Promise<string> {
  const row = await db.selectFrom('subscriptions').select('state').where('organization_id', '=', organizationId).where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  return row.state;
}

/** Sessions last 12 hours: after moving the clock, act through a fresh one. */
export async function fresh(t: TestApp, actor: Actor): Promise<Actor> {
  return { ...actor, ...(await signInAs(t, actor.userId)) };
}

/** Reviews and completes a cart of one key into the organization; the review's refusal if any. */
export async function redeemKey(t: TestApp, actor: Actor, organizationId: string, key: string, extraHeaders: Record<string, string> = {}) {
  const headers = { ...(await fresh(t, actor)).writeHeaders, ...extraHeaders };
  const cart = await t.inject({ method: 'POST', url: '/v1/redemption-carts', headers });
  assert.equal(cart.statusCode, 201, cart.body);
  const url = `/v1/redemption-carts/${cart.json().id}`;
  const added = await t.inject({ method: 'POST', url: `${url}/keys`, headers, payload: { keys: [key] } });
  assert.equal(added.json().results[0].ok, true, added.body);
  const target = { organizationId };
  const review = await t.inject({ method: 'POST', url: `${url}/review`, headers, payload: { target } });
  if (review.statusCode !== 200) return review;
  return t.inject({ method: 'POST', url: `${url}/complete`, headers, payload: { target, reviewToken: review.json().reviewToken, confirm: true } });
}

export interface Customer {
  organizationId: string;
  planId: string;
  subscriptionId: string;
  admin: Actor;
  /** The product key it was redeemed with (a business license for devices). */
  key: string;
}

/**
 * An organization with a global admin and a subscription redeemed (through the API) at the
 * wall-clock time `start` in the organization's zone. Government organizations have
 * auto-renew off by default; commercial ones on.
 */
export async function customerAt(
  t: TestApp,
  start: string,
  options: { country?: string; segment?: 'commercial' | 'government'; plan?: TestPlanOptions } = {},
): Promise<Customer> {
  const org = await createOrg(t, { segment: options.segment ?? 'government', country: options.country ?? 'JP' });
  t.clock.set(at(start, org.time_zone));
  const admin = await createActor(t, org.id, ['global_admin']);
  const { planId } = await createTestPlan(t, { termMonths: 12, ...options.plan });
  const key = (await createTestKeys(t, planId, { seats: 3 })).keys[0]!.key;
  const done = await redeemKey(t, admin, org.id, key);
  assert.equal(done.statusCode, 201, done.body);
  return { organizationId: org.id, planId, subscriptionId: done.json().effects[0].subscriptionId, admin, key };
}

export async function renewalKey(t: TestApp, planId: string): Promise<string> {
  return (await createTestKeys(t, planId, { kind: 'renewal' })).keys[0]!.key;
}
