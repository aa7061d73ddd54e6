// Subscriptions: creating one, adding seats, renewing by one term. Dates are civil days in the
// organization's time zone and follow the core rules (anchor days, the renewal start rule);
// each purchase, renewal and seat addition is recorded as a change with its own 168-hour
// cancellation window (SPEC §4). Callers pass the transaction: these are steps of larger
// operations (a redemption, a paid order) that commit or roll back as one.
import { Temporal } from 'temporal-polyfill';
import {
  cancellationWindowForStartDate,
  defaultAutoRenew,
  localDate,
  renewalTerm,
  subscriptionState,
  termEnd,
  type CustomerSegment,
  type LifecyclePolicy,
  type SubscriptionState,
} from '@licentia/core/lifecycle';
import type { Insertable, Selectable } from 'kysely';
import { toStoredInstant } from '../../clock.ts';
import type { AuditEventsTable, OutboxEventsTable, SubscriptionsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { auditRow, recordAudits, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { enqueueEvents, eventRow } from '../outbox/outbox.ts';
import type { SubscriptionPlan } from './plan.ts';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

export interface ChangeSource {
  source: 'key' | 'order';
  productKeyId?: string | undefined;
  /** What was paid for this change, in minor units (0 for a key: paid to the seller). */
  amountMinor: number;
}

/** A stored civil date (YYYY-MM-DD). */
export function plainDate(value: string): Temporal.PlainDate {
  return Temporal.PlainDate.from(value);
}

export function stateOf(row: SubscriptionRow, policy: LifecyclePolicy, today: Temporal.PlainDate): SubscriptionState {
  return subscriptionState({
    endDate: plainDate(row.end_date),
    cancelledOn: row.cancelled_on ? plainDate(row.cancelled_on) : undefined,
    policy,
    today,
  });
}

async function recordChange(
  tx: Tx,
  audit: AuditContext,
  organization: OrganizationRow,
  subscription: SubscriptionRow,
  plan: SubscriptionPlan,
  change: { kind: 'purchase' | 'renewal' | 'seat_addition' | 'trial'; seats: number; termStart: string; termEnd: string } & ChangeSource,
): Promise<string> {
  const window = cancellationWindowForStartDate({
    orderedAt: audit.now,
    startDate: plainDate(change.termStart),
    timeZone: organization.time_zone,
    hours: plan.policy.cancellationWindowHours,
  });
  const id = newId('chg', audit.now);
  await tx
    .insertInto('subscription_changes')
    .values({
      organization_id: organization.id,
      id,
      subscription_id: subscription.id,
      kind: change.kind,
      seats: change.seats,
      term_start: change.termStart,
      term_end: change.termEnd,
      ordered_at: toStoredInstant(audit.now),
      window_closes_at: toStoredInstant(window.closesAt),
      source: change.source,
      product_key_id: change.productKeyId ?? null,
      amount_minor: change.amountMinor,
      currency: plan.currency,
      cancelled_at: null,
      refunded_minor: null,
    })
    .execute();
  return id;
}

/** The audit row and the outbox event of one change of a subscription, made but not written. */
export interface Announcement {
  audit: Insertable<AuditEventsTable>;
  event: Insertable<OutboxEventsTable>;
}

/**
 * Where a change's announcement goes: written at once (the default), or handed to a caller that
 * writes the rows of several changes together (a redemption: one INSERT each for the audit rows
 * and the events of the whole completion, instead of two statements per change).
 */
export interface AnnouncementOptions {
  /** When given, the announcement is appended here, and the caller writes it. */
  deferTo?: Announcement[] | undefined;
}

/**
 * Every change of a subscription is audited and announced (an outbox event of the same name,
 * for mail and webhooks), with the transaction of the change itself. The rows (and their ids)
 * are made here, in this order, whether they are written now or by the caller (a redemption, or
 * the sweeper's batches: sweeper/announcements.ts).
 */
export function announcement(audit: AuditContext, organizationId: string, subscriptionId: string, action: string, data: Record<string, unknown>): Announcement {
  return {
    audit: auditRow(audit, { organizationId, action, target: { type: 'subscription', id: subscriptionId }, data }),
    event: eventRow(audit.now, { organizationId, type: action, payload: { subscriptionId, ...data } }),
  };
}

/** `announcement`, written now, or handed to the caller with `options.deferTo`. */
export async function announce(
  tx: Tx,
  audit: AuditContext,
  organizationId: string,
  subscriptionId: string,
  action: string,
  data: Record<string, unknown>,
  options: AnnouncementOptions = {},
): Promise<void> {
  const made = announcement(audit, organizationId, subscriptionId, action, data);
  if (options.deferTo) {
    options.deferTo.push(made);
    return;
  }
  await writeAnnouncements(tx, [made]);
}

/** Announcements, in their order: one INSERT for their audit rows, one for their events. */
export async function writeAnnouncements(tx: Tx, made: readonly Announcement[]): Promise<void> {
  await recordAudits(tx, made.map((m) => m.audit));
  await enqueueEvents(tx, made.map((m) => m.event));
}

export interface NewSubscription {
  organization: OrganizationRow;
  plan: SubscriptionPlan;
  seats: number;
  trial: boolean;
  /**
   * A first term other than "one term from today": a coterminous purchase (shortened, on the
   * other subscription's anchor day) or a switch to direct billing that starts on E+1.
   */
  firstTerm?: { start: Temporal.PlainDate; end: Temporal.PlainDate; anchorDay: number } | undefined;
  /** A partner that sold it on the customer's behalf: its partner of record from the start. */
  partnerOrganizationId?: string | undefined;
  /** Its id, when the caller drew it beforehand (a redemption links the key to it in its claim). */
  id?: string | undefined;
}

export async function createSubscription(tx: Tx, audit: AuditContext, input: NewSubscription, source: ChangeSource, options: AnnouncementOptions = {}): Promise<SubscriptionRow> {
  const { organization, plan } = input;
  if (input.seats > plan.maxSeatsPerSubscription) {
    throw new DomainError('SEAT_LIMIT_EXCEEDED', { maximum: plan.maxSeatsPerSubscription, requested: input.seats });
  }
  const today = localDate(audit.now, organization.time_zone);
  const first = input.firstTerm ?? {
    start: today,
    end: input.trial ? today.add({ days: (plan.trialDays ?? 30) - 1 }) : termEnd(today, plan.termMonths),
    anchorDay: today.day,
  };
  const now = toStoredInstant(audit.now);
  const row: SubscriptionRow = {
    organization_id: organization.id,
    id: input.id ?? newId('sub', audit.now),
    plan_id: plan.id,
    seats: input.seats,
    term_months: plan.termMonths,
    anchor_day: first.anchorDay,
    start_date: first.start.toString(),
    end_date: first.end.toString(),
    state: 'active',
    // A trial ends; it never turns into a paid term by itself.
    auto_renew: !input.trial && defaultAutoRenew(organization.segment as CustomerSegment, plan.policy) ? 1 : 0,
    billing_mode: source.source === 'key' ? 'key' : 'direct',
    is_trial: input.trial ? 1 : 0,
    partner_organization_id: input.partnerOrganizationId ?? null,
    cancelled_on: null,
    successor_subscription_id: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('subscriptions').values(row).execute();
  await recordChange(tx, audit, organization, row, plan, {
    kind: input.trial ? 'trial' : 'purchase',
    seats: input.seats,
    termStart: row.start_date,
    termEnd: row.end_date,
    ...source,
  });
  await announce(tx, audit, organization.id, row.id, 'subscription.created', {
    planId: plan.id, seats: row.seats, startDate: row.start_date, endDate: row.end_date, trial: input.trial, source: source.source,
    ...(row.partner_organization_id ? { partnerOrganizationId: row.partner_organization_id } : {}),
  }, options);
  return row;
}

export async function addSeats(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; plan: SubscriptionPlan; subscription: SubscriptionRow; seats: number },
  source: ChangeSource,
  options: AnnouncementOptions = {},
): Promise<SubscriptionRow> {
  const { organization, plan, subscription } = input;
  const seats = subscription.seats + input.seats;
  if (seats > plan.maxSeatsPerSubscription) {
    throw new DomainError('SEAT_LIMIT_EXCEEDED', { maximum: plan.maxSeatsPerSubscription, requested: seats });
  }
  // Seats added to a subscription that has not started yet start with it: their window and
  // their price count from its first day, not from the order.
  const today = localDate(audit.now, organization.time_zone);
  const from = Temporal.PlainDate.compare(today, plainDate(subscription.start_date)) < 0 ? plainDate(subscription.start_date) : today;
  await tx
    .updateTable('subscriptions')
    .set({ seats, updated_at: toStoredInstant(audit.now) })
    .where('organization_id', '=', organization.id)
    .where('id', '=', subscription.id)
    .execute();
  await recordChange(tx, audit, organization, subscription, plan, {
    kind: 'seat_addition',
    seats: input.seats,
    termStart: from.toString(),
    termEnd: subscription.end_date,
    ...source,
  });
  await announce(tx, audit, organization.id, subscription.id, 'subscription.seats_added', { added: input.seats, seats, source: source.source }, options);
  return { ...subscription, seats };
}

/**
 * A subscription switched to direct billing is continued by its successor (direct-billing.ts):
 * renewing it too would sell the same time twice, so it is never renewed again, by an order, a
 * key or auto-renew. `code` is the refusal of the caller's request.
 */
export function refuseRenewalIfSwitched(subscription: SubscriptionRow, code: 'SUBSCRIPTION_UNAVAILABLE' | 'AUTO_RENEW_UNAVAILABLE'): void {
  if (subscription.successor_subscription_id === null) return;
  throw new DomainError(code, { reason: 'SWITCHED', subscriptionId: subscription.id, successorSubscriptionId: subscription.successor_subscription_id });
}

export async function renewSubscription(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; plan: SubscriptionPlan; subscription: SubscriptionRow },
  source: ChangeSource,
  options: AnnouncementOptions = {},
): Promise<SubscriptionRow> {
  const { organization, plan, subscription } = input;
  refuseRenewalIfSwitched(subscription, 'SUBSCRIPTION_UNAVAILABLE');
  const term = renewalTerm({
    endDate: plainDate(subscription.end_date),
    renewalDay: localDate(audit.now, organization.time_zone),
    cancelledOn: subscription.cancelled_on ? plainDate(subscription.cancelled_on) : undefined,
    policy: plan.policy,
    months: subscription.term_months,
    anchorDay: subscription.anchor_day,
  });
  if (!term.renewable) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NOT_RENEWABLE', renewalRefusal: term.code });
  const renewed: SubscriptionRow = {
    ...subscription,
    end_date: term.end.toString(),
    anchor_day: term.anchorDay,
    // A renewal that restarts (from disabled) starts a new term on the renewal day.
    start_date: term.basis === 'restarts' ? term.start.toString() : subscription.start_date,
    state: 'active',
    updated_at: toStoredInstant(audit.now),
  };
  await tx
    .updateTable('subscriptions')
    .set({ end_date: renewed.end_date, anchor_day: renewed.anchor_day, start_date: renewed.start_date, state: 'active', updated_at: renewed.updated_at })
    .where('organization_id', '=', organization.id)
    .where('id', '=', subscription.id)
    .execute();
  await recordChange(tx, audit, organization, renewed, plan, {
    kind: 'renewal',
    seats: subscription.seats,
    termStart: term.start.toString(),
    termEnd: renewed.end_date,
    ...source,
  });
  await announce(tx, audit, organization.id, subscription.id, 'subscription.renewed', {
    previousEndDate: subscription.end_date, termStart: term.start.toString(), endDate: renewed.end_date, basis: term.basis, source: source.source,
  }, options);
  return renewed;
}

/** The organization's subscriptions of a plan, with their state today. */
export async function subscriptionsOfPlan(tx: Tx, organization: OrganizationRow, plan: SubscriptionPlan, now: Temporal.Instant) {
  const rows = await tx
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', organization.id)
    .where('plan_id', '=', plan.id)
    .orderBy('end_date', 'desc')
    .execute();
  const today = localDate(now, organization.time_zone);
  return rows.map((row) => ({ row, state: stateOf(row, plan.policy, today) }));
}
