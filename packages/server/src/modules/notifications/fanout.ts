// Fan-out: new outbox events become delivery rows, one per (event, channel, recipient). A
// batch of events is read, its deliveries inserted and the events marked, in one transaction:
// a worker that dies mid-batch leaves the events unmarked and nothing inserted, and the next
// run does the batch again. Concurrent workers take disjoint events (FOR UPDATE SKIP LOCKED on
// PostgreSQL; SQLite has one writer at a time), and the unique (event, channel, recipient)
// constraint makes even an overlap harmless.
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId } from '../../ids.ts';
import { findVendorOrganizationId } from '../organizations/store.ts';
import { insertDeliveries, type NewDelivery } from './deliveries.ts';
import { AUDIENCE_ROLES, categoryOf, emailRuleFor, filterMatches, PARTNER_ADMIN_ROLES } from './event-registry.ts';

export const FANOUT_BATCH_SIZE = 200;

interface EventRow {
  id: string;
  organization_id: string;
  type: string;
  payload: string;
}

/** Fans out up to `limit` events; returns how many it handled. */
export async function fanOutBatch(db: Kysely<DB>, dialect: DialectName, now: Temporal.Instant, limit = FANOUT_BATCH_SIZE): Promise<number> {
  return inTransaction(db, async (tx) => {
    let query = tx
      .selectFrom('outbox_events')
      .select(['id', 'organization_id', 'type', 'payload'])
      .where('fanned_out_at', 'is', null)
      .orderBy('id')
      .limit(limit);
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();
    const events = await query.execute();
    if (events.length === 0) return 0;
    const deliveries = await planDeliveries(tx, events, now);
    await insertDeliveries(tx, deliveries, now);
    await tx
      .updateTable('outbox_events')
      .set({ fanned_out_at: toStoredInstant(now) })
      .where('id', 'in', events.map((e) => e.id))
      .execute();
    return events.length;
  });
}

async function planDeliveries(tx: Tx, batch: readonly EventRow[], now: Temporal.Instant): Promise<NewDelivery[]> {
  // A simulation's sandbox organizations mail no one and call no integration (the vendor's
  // endpoints would receive simulated events beside real ones): their events are read through
  // the simulation's timeline. They are marked like the rest, with nothing to deliver.
  const sandboxes = new Set(
    (
      await tx
        .selectFrom('simulation_organizations')
        .select('organization_id')
        .where('organization_id', 'in', [...new Set(batch.map((e) => e.organization_id))])
        .execute()
    ).map((r) => r.organization_id),
  );
  const events = batch.filter((e) => !sandboxes.has(e.organization_id));
  if (events.length === 0) return [];
  const organizations = [...new Set(events.map((e) => e.organization_id))];
  const vendorId = await findVendorOrganizationId(tx);
  const endpoints = await tx
    .selectFrom('webhook_endpoints')
    .select(['organization_id', 'id', 'event_types'])
    .where('active', '=', 1)
    .where('organization_id', 'in', vendorId ? [...organizations, vendorId] : organizations)
    .orderBy('id')
    .execute();
  const filters = endpoints.map((e) => ({ ...e, filter: JSON.parse(e.event_types) as string[] }));
  const recipients = await emailRecipients(tx, events);

  const planned: NewDelivery[] = [];
  for (const event of events) {
    const base = { eventId: event.id, eventType: event.type };
    for (const userId of recipients.get(event.id) ?? []) {
      planned.push({ ...base, organizationId: event.organization_id, id: newId('dlv', now), channel: 'email', recipientId: userId });
    }
    // The vendor's endpoints hear every organization's events; others hear their own.
    for (const endpoint of filters) {
      if (endpoint.organization_id !== event.organization_id && endpoint.organization_id !== vendorId) continue;
      if (!filterMatches(endpoint.filter, event.type)) continue;
      planned.push({ ...base, organizationId: endpoint.organization_id, id: newId('dlv', now), channel: 'webhook', recipientId: endpoint.id });
    }
  }
  return planned;
}

/** Per event, the users its mail goes to: a few queries per batch, not per event. */
async function emailRecipients(tx: Tx, events: readonly EventRow[]): Promise<Map<string, string[]>> {
  const mailed = events.filter((e) => emailRuleFor(e.type));
  const result = new Map<string, string[]>();
  if (mailed.length === 0) return result;

  // The organization's own readers, per set of roles an audience names (a query per set, not per event).
  const readers = new Map<readonly string[], Map<string, string[]>>();
  for (const roles of new Set(mailed.map((e) => AUDIENCE_ROLES[emailRuleFor(e.type)!.audience]))) {
    const organizations = mailed.filter((e) => AUDIENCE_ROLES[emailRuleFor(e.type)!.audience] === roles).map((e) => e.organization_id);
    readers.set(roles, await membersWithRoles(tx, [...new Set(organizations)], roles));
  }
  const partnerOf = new Map<string, string>();
  const withPartner = mailed.filter((e) => emailRuleFor(e.type)!.audience === 'customer_admins_and_partner');
  const subscriptions = withPartner.flatMap((e) => {
    const id = subscriptionIdOf(e);
    return id === undefined ? [] : [[e.organization_id, id] as const];
  });
  if (subscriptions.length > 0) {
    const rows = await tx
      .selectFrom('subscriptions')
      .select(['id', 'partner_organization_id'])
      .where(({ eb, refTuple, tuple }) => eb(refTuple('organization_id', 'id'), 'in', subscriptions.map(([org, id]) => tuple(org, id))))
      .where('partner_organization_id', 'is not', null)
      .execute();
    for (const row of rows) partnerOf.set(row.id, row.partner_organization_id!);
  }
  const partnerAdmins = await membersWithRoles(tx, [...new Set(partnerOf.values())], PARTNER_ADMIN_ROLES);

  const orderers = await orderersStillMembers(tx, mailed.filter((e) => emailRuleFor(e.type)!.audience === 'orderer_and_customer_admins'));

  for (const event of mailed) {
    const rule = emailRuleFor(event.type)!;
    const users = new Set(readers.get(AUDIENCE_ROLES[rule.audience])!.get(event.organization_id) ?? []);
    const subscriptionId = subscriptionIdOf(event);
    const partner = rule.audience === 'customer_admins_and_partner' && subscriptionId ? partnerOf.get(subscriptionId) : undefined;
    for (const userId of partner ? (partnerAdmins.get(partner) ?? []) : []) users.add(userId);
    const orderer = orderers.get(event.id);
    if (orderer) users.add(orderer);
    result.set(event.id, [...users]);
  }

  // Only reminders may be refused (SPEC §4); transactional mail ignores the preference.
  const reminderUsers = [...new Set(mailed.filter((e) => categoryOf(emailRuleFor(e.type)!) === 'reminder').flatMap((e) => result.get(e.id)!))];
  if (reminderUsers.length > 0) {
    const optedOut = new Set(
      (await tx.selectFrom('notification_preferences').select('user_id').where('user_id', 'in', reminderUsers).where('reminders', '=', 0).execute()).map((r) => r.user_id),
    );
    for (const event of mailed) {
      if (categoryOf(emailRuleFor(event.type)!) !== 'reminder') continue;
      result.set(event.id, result.get(event.id)!.filter((userId) => !optedOut.has(userId)));
    }
  }
  return result;
}

async function membersWithRoles(tx: Tx, organizationIds: readonly string[], roles: readonly string[]): Promise<Map<string, string[]>> {
  const byOrganization = new Map<string, string[]>();
  if (organizationIds.length === 0) return byOrganization;
  const rows = await tx
    .selectFrom('memberships')
    .select(['organization_id', 'user_id'])
    .distinct()
    .where('organization_id', 'in', organizationIds)
    .where('role', 'in', roles)
    .orderBy('organization_id')
    .orderBy('user_id')
    .execute();
  for (const row of rows) byOrganization.set(row.organization_id, [...(byOrganization.get(row.organization_id) ?? []), row.user_id]);
  return byOrganization;
}

function payloadField(event: EventRow, name: string): string | undefined {
  try {
    const value = (JSON.parse(event.payload) as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function subscriptionIdOf(event: EventRow): string | undefined {
  return payloadField(event, 'subscriptionId');
}

/**
 * Per event, the person who placed its order, if they still belong to the organization (vendor
 * staff who ordered on a customer's behalf are not its members, and get no customer mail).
 */
async function orderersStillMembers(tx: Tx, events: readonly EventRow[]): Promise<Map<string, string>> {
  const wanted = events.flatMap((e) => {
    const userId = payloadField(e, 'orderedByUserId');
    return userId ? [{ eventId: e.id, organizationId: e.organization_id, userId }] : [];
  });
  const result = new Map<string, string>();
  if (wanted.length === 0) return result;
  const members = await tx
    .selectFrom('memberships')
    .select(['organization_id', 'user_id'])
    .distinct()
    .where('user_id', 'in', [...new Set(wanted.map((w) => w.userId))])
    .where('organization_id', 'in', [...new Set(wanted.map((w) => w.organizationId))])
    .execute();
  const isMember = new Set(members.map((m) => `${m.organization_id}\u0000${m.user_id}`));
  for (const w of wanted) if (isMember.has(`${w.organizationId}\u0000${w.userId}`)) result.set(w.eventId, w.userId);
  return result;
}
