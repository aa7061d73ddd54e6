// A world of organizations and subscriptions written straight into the tables, in bulk and with
// chosen ids: for the sweeper's benchmark (1,000,000 rows) and for the tests that compare the
// outcome of different sweeps over identical worlds. The triggers of migration 0004 mark every
// inserted subscription as due, as they do for subscriptions made by the service.
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '@licentia/core/lifecycle';
import type { Database } from '../../db/connect.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';

export interface SeedOrganization {
  id: string;
  country: string;
  timeZone: string;
  segment?: 'commercial' | 'government' | 'education' | 'personal';
}

export interface SeedSubscription {
  organizationId: string;
  id: string;
  planId: string;
  seats: number;
  termMonths: number;
  startDate: string;
  endDate: string;
  /** Default: the start date's day of month. */
  anchorDay?: number;
  autoRenew: boolean;
  isTrial?: boolean;
  /** Recorded state; default 'active' (what the service writes at purchase). */
  state?: string;
}

const STAMP = '2026-01-01T00:00:00.000Z';

export async function seedPlan(
  database: Database,
  plan: { id: string; termMonths: number; priceMinor: number; currency?: string; policy?: LifecyclePolicy },
): Promise<void> {
  const db = database.db;
  const productId = `prd_${plan.id}`;
  await db.insertInto('products').values({ id: productId, name_en: `Product ${plan.id}`, name_ja: `製品 ${plan.id}`, created_at: STAMP, updated_at: STAMP }).execute();
  await db
    .insertInto('plans')
    .values({
      id: plan.id,
      product_id: productId,
      sku: `SKU-${plan.id}`.toUpperCase(),
      name_en: `Plan ${plan.id}`,
      name_ja: `プラン ${plan.id}`,
      term_months: plan.termMonths,
      price_minor: plan.priceMinor,
      currency: plan.currency ?? 'JPY',
      tax_class: 'standard',
      category: 'standard',
      segments: JSON.stringify(['commercial', 'government', 'education', 'personal']),
      countries: JSON.stringify(['JP', 'US', 'DE']),
      devices_per_seat: 1,
      max_seats_per_subscription: 10_000_000,
      trial_days: null,
      lifecycle_policy: JSON.stringify(plan.policy ?? DEFAULT_LIFECYCLE_POLICY),
      active: 1,
      created_at: STAMP,
      updated_at: STAMP,
    })
    .execute();
}

export async function seedOrganizations(database: Database, organizations: readonly SeedOrganization[]): Promise<void> {
  for (const chunk of chunks(organizations, 500)) {
    await database.db
      .insertInto('organizations')
      .values(chunk.map((o) => ({ id: o.id, kind: 'customer', name: `Org ${o.id}`, country: o.country, time_zone: o.timeZone, segment: o.segment ?? 'commercial', created_at: STAMP, updated_at: STAMP })))
      .execute();
  }
}

/** Rows per INSERT: as many as the bound-parameter limit allows (SQLite 32,766; PostgreSQL
 * 65,535), counting a few columns more than a subscription has today. */
export function subscriptionChunkSize(database: Database): number {
  return Math.floor((database.dialect === 'sqlite' ? 32_766 : 65_535) / 20);
}

export async function insertSubscriptions(database: Database, subscriptions: readonly SeedSubscription[]): Promise<void> {
  for (const chunk of chunks(subscriptions, subscriptionChunkSize(database))) {
    const rows: SubscriptionRow[] = chunk.map((s) => ({
      organization_id: s.organizationId,
      id: s.id,
      plan_id: s.planId,
      seats: s.seats,
      term_months: s.termMonths,
      anchor_day: s.anchorDay ?? Number(s.startDate.slice(8, 10)),
      start_date: s.startDate,
      end_date: s.endDate,
      state: s.state ?? 'active',
      auto_renew: s.autoRenew ? 1 : 0,
      billing_mode: 'key',
      is_trial: s.isTrial ? 1 : 0,
      partner_organization_id: null,
      cancelled_on: null,
      successor_subscription_id: null,
      created_at: STAMP,
      updated_at: STAMP,
    }));
    await database.db.insertInto('subscriptions').values(rows).execute();
  }
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
