// Test support only: the people, subscriptions and outbox events notification tests need,
// made directly through the services.
import { localDate } from '@licentia/core/lifecycle';
import type { Role } from '../../auth/roles.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createActor, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestApp, type FixtureContext, type TestApp } from '../../../test/support/app.ts';
import type { Config } from '../../config.ts';
import { startSmtpPeer, type SmtpPeer } from './testing.ts';
import { getPlan } from '../catalog/plans.ts';
import { getOrganization } from '../organizations/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { subscriptionPlanOf } from '../subscriptions/plan.ts';
import { createSubscription } from '../subscriptions/service.ts';
import { createEndpoint } from '../webhooks/endpoints.ts';
import { toStoredInstant } from '../../clock.ts';
import { newId } from '../../ids.ts';
import { insertDeliveries } from './deliveries.ts';

const SYSTEM = { kind: 'anonymous' as const };

export type Person = Actor & { name: string; locale: 'ja' | 'en' };

/** A member with these roles who reads mail in `locale`. */
export async function createPerson(t: FixtureContext, organizationId: string, roles: Role[], locale: 'ja' | 'en', email?: string): Promise<Person> {
  const actor = await createActor(t, organizationId, roles, email ? { email } : {});
  const db = t.ctx.database.db;
  await db.updateTable('users').set({ locale }).where('id', '=', actor.userId).execute();
  const user = await db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { ...actor, name: user.name, locale };
}

/** A subscription of a fresh plan ending `daysFromToday` days from the organization's today. */
export async function createTestSubscription(
  t: FixtureContext,
  organizationId: string,
  options: { endsInDays?: number; partnerOrganizationId?: string; seats?: number } = {},
): Promise<{ subscriptionId: string; planId: string; endDate: string }> {
  const db = t.ctx.database.db;
  const { planId } = await createTestPlan(t);
  const plan = subscriptionPlanOf((await getPlan(db, planId))!);
  const organization = (await getOrganization(db, organizationId))!;
  const row = await inTransaction(db, (tx) =>
    createSubscription(tx, { principal: SYSTEM, now: t.clock.now() }, { organization, plan, seats: options.seats ?? 25, trial: false }, { source: 'key', amountMinor: 0 }),
  );
  const endDate = options.endsInDays === undefined ? row.end_date : localDate(t.clock.now(), organization.time_zone).add({ days: options.endsInDays }).toString();
  await db
    .updateTable('subscriptions')
    .set({ end_date: endDate, partner_organization_id: options.partnerOrganizationId ?? null })
    .where('id', '=', row.id)
    .execute();
  return { subscriptionId: row.id, planId, endDate };
}

/** An outbox event, as the module that owns the change would write it. */
export async function emitEvent(t: FixtureContext, organizationId: string, type: string, payload: Record<string, unknown>): Promise<string> {
  return inTransaction(t.ctx.database.db, (tx) => enqueueEvent(tx, t.clock.now(), { organizationId, type, payload }));
}

/** Marks every event so far as fanned out: a test then sees only the events it makes itself. */
export async function settleOutbox(t: FixtureContext): Promise<void> {
  await t.ctx.database.db.updateTable('outbox_events').set({ fanned_out_at: 'before-this-test' }).where('fanned_out_at', 'is', null).execute();
}

/** A webhook endpoint of the organization, made through the service. */
export async function createTestEndpoint(t: FixtureContext, organizationId: string, url = 'https://hooks.example.com/licentia'): Promise<{ id: string; secret: string }> {
  const { row, secret } = await inTransaction(t.ctx.database.db, (tx) =>
    createEndpoint(tx, t.ctx.database.dialect, { principal: SYSTEM, now: t.clock.now() }, organizationId, { url }, t.ctx.secrets.derive('webhook-secret-seal')),
  );
  return { id: row.id, secret };
}

/** A dead letter of the organization: a mail of an event that failed every attempt. */
export async function createTestDeadLetter(t: FixtureContext, organizationId: string, recipientId = 'usr_nobody'): Promise<string> {
  const eventId = await emitEvent(t, organizationId, 'subscription.expired', { subscriptionId: 'sub_gone' });
  const id = newId('dlv', t.clock.now());
  const now = toStoredInstant(t.clock.now());
  await inTransaction(t.ctx.database.db, async (tx) => {
    await tx.updateTable('outbox_events').set({ fanned_out_at: now }).where('id', '=', eventId).execute();
    await insertDeliveries(tx, [{ organizationId, id, eventId, eventType: 'subscription.expired', channel: 'email', recipientId }], t.clock.now());
    await tx.updateTable('deliveries').set({ state: 'dead', attempts: 12, last_error: 'HTTP 500' }).where('id', '=', id).execute();
  });
  return id;
}

/** An endpoint of the organization: an existing one if it has any (generated tests call this a lot). */
export async function someTestEndpoint(t: FixtureContext, organizationId: string): Promise<string> {
  const existing = await t.ctx.database.db.selectFrom('webhook_endpoints').select('id').where('organization_id', '=', organizationId).orderBy('id').executeTakeFirst();
  return existing?.id ?? (await createTestEndpoint(t, organizationId)).id;
}

/** A test app whose mail goes to a real SMTP peer in this process. */
export interface MailTestApp {
  t: TestApp;
  peer: SmtpPeer;
  /** Before each test: only the events and mail it makes itself count. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startMailTestApp(overrides: Partial<Config> = {}): Promise<MailTestApp> {
  const peer = await startSmtpPeer();
  const t = await createTestApp({ smtp: { url: peer.url }, ...overrides });
  return {
    t,
    peer,
    async reset() {
      await settleOutbox(t);
      peer.received.length = 0;
    },
    async close() {
      await t.close();
      await peer.close();
    },
  };
}
