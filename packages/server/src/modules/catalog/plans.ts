// Plans (SKUs): what a key or an order sells. Other modules read a plan with getPlan; only
// vendor staff (and the operator's CLI) create and change them, here. A plan is never deleted:
// keys, subscriptions and invoices refer to it for ever. It is deactivated instead.
import type { Kysely } from 'kysely';
import { DEFAULT_LIFECYCLE_POLICY, type TermMonths } from '@licentia/core/lifecycle';
import { fromMinorUnits, type TaxRate } from '@licentia/core/money';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization } from '../organizations/store.ts';
import { SEGMENTS } from '../organizations/schemas.ts';
import { catalogAuditOrganization } from './products.ts';
import { changedSoldTerms, checkPlanSettings, defaultPlanName, mergeLifecycle, normalizeSku, type PlanSettings } from './plan-rules.ts';
import { MAX_SEATS_PER_SUBSCRIPTION, type CreatePlanInput, type Plan, type PlanCategory, type PlanSegment, type UpdatePlanInput } from './schemas.ts';
import {
  findPlanIdBySku,
  getPlanRow,
  getProductRow,
  insertPlan,
  isPlanInUse,
  isUniqueViolation,
  lockPlanRow,
  updatePlanRow,
  type PlanRow,
} from './store.ts';

export type { Plan } from './schemas.ts';

export interface CatalogChangeContext {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
}

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    name: { en: row.name_en, ja: row.name_ja },
    termMonths: row.term_months as TermMonths,
    price: { amountMinor: row.price_minor, currency: row.currency, amount: fromMinorUnits(row.price_minor, row.currency) },
    taxClass: row.tax_class as TaxRate,
    category: row.category as PlanCategory,
    segments: JSON.parse(row.segments) as PlanSegment[],
    countries: JSON.parse(row.countries) as string[],
    devicesPerSeat: row.devices_per_seat,
    maxSeatsPerSubscription: row.max_seats_per_subscription,
    trialDays: row.trial_days,
    lifecycle: JSON.parse(row.lifecycle_policy) as Plan['lifecycle'],
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A plan with its lifecycle policy (complete: the defaults are merged in when the plan is
 * written), segments and countries parsed; undefined when there is no such plan. Inactive
 * plans are returned too (with `active: false`): whether one may still be used is the
 * caller's rule (new sales: no; what was sold: yes).
 */
export async function getPlan(db: Kysely<DB> | Tx, planId: string): Promise<Plan | undefined> {
  const row = await getPlanRow(db, planId);
  return row && toPlan(row);
}

function settingsOf(plan: Plan): PlanSettings {
  return {
    name: plan.name,
    termMonths: plan.termMonths,
    price: { amountMinor: plan.price.amountMinor, currency: plan.price.currency },
    taxClass: plan.taxClass,
    category: plan.category,
    segments: plan.segments,
    countries: plan.countries,
    devicesPerSeat: plan.devicesPerSeat,
    maxSeatsPerSubscription: plan.maxSeatsPerSubscription,
    trialDays: plan.trialDays,
    lifecycle: plan.lifecycle,
  };
}

function settingsColumns(settings: PlanSettings) {
  return {
    name_en: settings.name.en,
    name_ja: settings.name.ja,
    term_months: settings.termMonths,
    price_minor: settings.price.amountMinor,
    currency: settings.price.currency,
    tax_class: settings.taxClass,
    category: settings.category,
    segments: JSON.stringify(settings.segments),
    countries: JSON.stringify(settings.countries),
    devices_per_seat: settings.devicesPerSeat,
    max_seats_per_subscription: settings.maxSeatsPerSubscription,
    trial_days: settings.trialDays,
    lifecycle_policy: JSON.stringify(settings.lifecycle),
  };
}

export async function createPlan(context: CatalogChangeContext, productId: string, input: CreatePlanInput): Promise<Plan> {
  const { tx, audit } = context;
  const product = await getProductRow(tx, productId);
  if (!product) throw new DomainError('NOT_FOUND', { resource: 'product' });
  const vendorId = await catalogAuditOrganization(tx);
  const sku = normalizeSku(input.sku);
  const category = input.category ?? 'standard';
  const trialDays = input.trialDays ?? null;
  const settings = checkPlanSettings({
    name: input.name ?? defaultPlanName({ en: product.name_en, ja: product.name_ja }, { termMonths: input.termMonths, category, trialDays }),
    termMonths: input.termMonths,
    price: input.price,
    taxClass: input.taxClass ?? 'standard',
    category,
    segments: input.segments ?? [...SEGMENTS],
    // Where the vendor is: a plan is sold at home unless the vendor says otherwise.
    countries: input.countries ?? [(await getOrganization(tx, vendorId))!.country],
    devicesPerSeat: input.devicesPerSeat ?? 1,
    maxSeatsPerSubscription: input.maxSeatsPerSubscription ?? MAX_SEATS_PER_SUBSCRIPTION,
    trialDays,
    lifecycle: mergeLifecycle(DEFAULT_LIFECYCLE_POLICY, input.lifecycle),
  });
  // The unique index decides under concurrency; the lookup only gives the usual case its answer
  // without an aborted statement.
  if (await findPlanIdBySku(tx, sku)) throw new DomainError('PLAN_SKU_TAKEN', { sku });
  const now = toStoredInstant(audit.now);
  const row: PlanRow = {
    id: newId('pln', audit.now),
    product_id: productId,
    sku,
    ...settingsColumns(settings),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertPlan(tx, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('PLAN_SKU_TAKEN', { sku }, { cause: error });
    throw error;
  }
  await recordAudit(tx, audit, {
    organizationId: vendorId,
    action: 'plan.created',
    target: { type: 'plan', id: row.id },
    data: { productId, sku, ...settings },
  });
  return toPlan(row);
}

/** Applies a change to a plan's settings. What was sold (SOLD_TERMS) is frozen once in use. */
export async function updatePlan(context: CatalogChangeContext, planId: string, changes: UpdatePlanInput): Promise<Plan> {
  const { tx, audit } = context;
  const row = await lockPlanRow(tx, context.dialect, planId);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'plan' });
  const current = toPlan(row);
  const before = settingsOf(current);
  const after = checkPlanSettings({
    name: { en: changes.name?.en ?? before.name.en, ja: changes.name?.ja ?? before.name.ja },
    termMonths: changes.termMonths ?? before.termMonths,
    price: changes.price ?? before.price,
    taxClass: changes.taxClass ?? before.taxClass,
    category: changes.category ?? before.category,
    segments: changes.segments ?? before.segments,
    countries: changes.countries ?? before.countries,
    devicesPerSeat: changes.devicesPerSeat ?? before.devicesPerSeat,
    maxSeatsPerSubscription: changes.maxSeatsPerSubscription ?? before.maxSeatsPerSubscription,
    trialDays: changes.trialDays === undefined ? before.trialDays : changes.trialDays,
    lifecycle: mergeLifecycle(before.lifecycle, changes.lifecycle),
  });
  const changedFields = (Object.keys(after) as (keyof PlanSettings)[]).filter((f) => JSON.stringify(after[f]) !== JSON.stringify(before[f]));
  if (changedFields.length === 0) return current;

  const soldTerms = changedSoldTerms(before, after);
  if (soldTerms.length > 0 && (await isPlanInUse(tx, planId))) {
    throw new DomainError('PLAN_IN_USE', { sku: current.sku, fields: soldTerms });
  }
  const updatedAt = toStoredInstant(audit.now);
  const columns = settingsColumns(after);
  await updatePlanRow(tx, planId, { ...columns, updated_at: updatedAt });
  const pick = (settings: PlanSettings) => Object.fromEntries(changedFields.map((f) => [f, settings[f]]));
  await recordAudit(tx, audit, {
    organizationId: await catalogAuditOrganization(tx),
    action: 'plan.updated',
    target: { type: 'plan', id: planId },
    data: { sku: current.sku, before: pick(before), after: pick(after) },
  });
  return toPlan({ ...row, ...columns, updated_at: updatedAt });
}

/**
 * Stops (or resumes) selling a plan. Deactivating is the only way a plan leaves the catalog:
 * keys already made and subscriptions already sold keep working, renew and are invoiced.
 */
export async function setPlanActive(context: CatalogChangeContext, planId: string, active: boolean): Promise<Plan> {
  const { tx, audit } = context;
  const row = await lockPlanRow(tx, context.dialect, planId);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'plan' });
  if ((row.active === 1) === active) return toPlan(row);
  const updatedAt = toStoredInstant(audit.now);
  await updatePlanRow(tx, planId, { active: active ? 1 : 0, updated_at: updatedAt });
  await recordAudit(tx, audit, {
    organizationId: await catalogAuditOrganization(tx),
    action: active ? 'plan.activated' : 'plan.deactivated',
    target: { type: 'plan', id: planId },
    data: { sku: row.sku },
  });
  return toPlan({ ...row, active: active ? 1 : 0, updated_at: updatedAt });
}
