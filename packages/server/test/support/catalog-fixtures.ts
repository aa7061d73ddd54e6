// A product and plan straight into the catalog tables, for tests of modules that need a plan
// but are not about the catalog.
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../src/clock.ts';
import type { PlansTable } from '../../src/db/schema.ts';
import type { FixtureContext } from './app.ts';

let counter = 0;

export interface TestPlanOptions {
  termMonths?: 1 | 12 | 36;
  priceMinor?: number;
  currency?: string;
  category?: PlansTable['category'];
  segments?: string[];
  countries?: string[];
  maxSeatsPerSubscription?: number;
  devicesPerSeat?: number;
  trialDays?: number | null;
  lifecyclePolicy?: LifecyclePolicy;
}

export async function createTestPlan(t: FixtureContext, options: TestPlanOptions = {}) {
  const n = ++counter;
  const now = toStoredInstant(t.clock.now());
  const productId = `prd_test${n}${Date.now()}`;
  const planId = `pln_test${n}${Date.now()}`;
  const db = t.ctx.database.db;
  await db.insertInto('products').values({ id: productId, name_en: `Office Business ${n}`, name_ja: `オフィス ビジネス ${n}`, created_at: now, updated_at: now }).execute();
  const plan = {
    id: planId,
    product_id: productId,
    sku: `SKU-${n}-${Date.now()}`,
    name_en: `Office Business ${n} (annual)`,
    name_ja: `オフィス ビジネス ${n} (年間)`,
    term_months: options.termMonths ?? 12,
    price_minor: options.priceMinor ?? 15_000,
    currency: options.currency ?? 'JPY',
    tax_class: 'standard',
    category: options.category ?? 'standard',
    segments: JSON.stringify(options.segments ?? ['commercial', 'government', 'education', 'personal']),
    countries: JSON.stringify(options.countries ?? ['JP', 'US']),
    devices_per_seat: options.devicesPerSeat ?? 5,
    max_seats_per_subscription: options.maxSeatsPerSubscription ?? 10_000_000,
    trial_days: options.trialDays ?? null,
    lifecycle_policy: JSON.stringify(options.lifecyclePolicy ?? DEFAULT_LIFECYCLE_POLICY),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('plans').values(plan).execute();
  return { productId, planId, plan };
}
