// A subscription as the API shows it. Its state is derived here, from its dates, its plan's
// policy and today in the organization's time zone (core), never read from the stored `state`
// column: that column is what the sweeper last recorded, and a GET must be right even when no
// sweeper has run.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { autoRenewChangeDeadline, localDate, nextTransition, type SubscriptionState, type Transition } from '@licentia/core/lifecycle';
import { fromMinorUnits } from '@licentia/core/money';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { cancellationRefusal } from './cancellation.ts';
import type { ChangeView, Money, SubscriptionView } from './schemas.ts';
import { plainDate, stateOf, type SubscriptionRow } from './service.ts';
import { changesOf, planCache, type ChangeRow, type PlanDetails } from './store.ts';

export function money(amountMinor: number, currency: string): Money {
  return { amountMinor, currency, amount: fromMinorUnits(amountMinor, currency) };
}

function toChangeView(change: ChangeRow, context: { subscription: SubscriptionRow; changes: readonly ChangeRow[]; organization: OrganizationRow; plan: PlanDetails; now: Temporal.Instant }): ChangeView {
  return {
    id: change.id,
    kind: change.kind as ChangeView['kind'],
    seats: change.seats,
    termStart: change.term_start,
    termEnd: change.term_end,
    orderedAt: change.ordered_at,
    source: change.source as ChangeView['source'],
    productKeyId: change.product_key_id,
    paid: money(change.amount_minor, change.currency),
    cancellation: {
      closesAt: change.window_closes_at,
      cancellable: cancellationRefusal({ ...context, changeId: change.id, plan: context.plan.rules }) === null,
      cancelledAt: change.cancelled_at,
      refund: change.refunded_minor === null ? null : money(change.refunded_minor, change.currency),
    },
  };
}

/** "What happens next", as an event the portal can put in words in either language. */
function nextEventOf(row: SubscriptionRow, state: SubscriptionState, next: Transition | null): SubscriptionView['nextEvent'] {
  // Auto-renew renews on E+1 (SPEC §4); the dates alone would say the term expires then.
  if (state === 'active' && row.auto_renew === 1 && row.is_trial === 0) {
    return { event: 'renews', on: plainDate(row.end_date).add({ days: 1 }).toString() };
  }
  if (!next) return null;
  const on = next.on.toString();
  switch (next.state) {
    case 'expired':
      return { event: 'expires', on };
    case 'disabled':
    case 'cancelled':
      return { event: 'access_ends', on };
    case 'deleted':
      return { event: 'data_deleted', on };
    case 'active':
      return null;
  }
}

export function toSubscriptionView(input: {
  row: SubscriptionRow;
  organization: OrganizationRow;
  plan: PlanDetails;
  changes: readonly ChangeRow[];
  now: Temporal.Instant;
}): SubscriptionView {
  const { row, organization, plan, now } = input;
  const changes = input.changes.filter((c) => c.subscription_id === row.id);
  const policy = plan.rules.policy;
  const today = localDate(now, organization.time_zone);
  const state = stateOf(row, policy, today);
  const next = nextTransition({
    endDate: plainDate(row.end_date),
    cancelledOn: row.cancelled_on ? plainDate(row.cancelled_on) : undefined,
    policy,
    today,
  });
  return {
    id: row.id,
    organizationId: row.organization_id,
    plan: { id: plan.catalog.id, sku: plan.catalog.sku, name: plan.catalog.name, termMonths: row.term_months, category: plan.catalog.category },
    product: plan.product,
    seats: row.seats,
    trial: row.is_trial === 1,
    timeZone: organization.time_zone,
    startDate: row.start_date,
    endDate: row.end_date,
    state,
    cancelledOn: row.cancelled_on,
    autoRenew: row.auto_renew === 1,
    autoRenewCutoff: row.is_trial === 1 ? null : autoRenewChangeDeadline(plainDate(row.end_date), policy).toString(),
    billingMode: row.billing_mode as SubscriptionView['billingMode'],
    successorSubscriptionId: row.successor_subscription_id,
    partnerOrganizationId: row.partner_organization_id,
    next: next && { state: next.state, on: next.on.toString() },
    nextEvent: nextEventOf(row, state, next),
    changes: changes.map((c) => toChangeView(c, { subscription: row, changes, organization, plan, now })),
  };
}

/** Views of the organization's subscriptions, with their changes and plans read once each. */
export async function loadViews(db: Kysely<DB> | Tx, organization: OrganizationRow, rows: readonly SubscriptionRow[], now: Temporal.Instant): Promise<SubscriptionView[]> {
  const plans = planCache(db);
  const changes = await changesOf(db, organization.id, rows.map((r) => r.id));
  const views: SubscriptionView[] = [];
  for (const row of rows) views.push(toSubscriptionView({ row, organization, plan: await plans(row.plan_id), changes, now }));
  return views;
}

export async function loadView(db: Kysely<DB> | Tx, organization: OrganizationRow, row: SubscriptionRow, now: Temporal.Instant): Promise<SubscriptionView> {
  return (await loadViews(db, organization, [row], now))[0]!;
}
