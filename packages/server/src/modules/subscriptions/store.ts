// Reading subscriptions, their changes and their plans. Callers decide who may; this file only
// knows SQL. Every query names the organization: a subscription id from another tenant finds
// nothing, so a foreign id answers 404 like an unknown one.
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { DB, SubscriptionChangesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { getPlan, type Plan } from '../catalog/plans.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import { subscriptionPlanOf, type SubscriptionPlan } from './plan.ts';
import type { SubscriptionRow } from './service.ts';

export type ChangeRow = Selectable<SubscriptionChangesTable>;
type Db = Kysely<DB> | Tx;

/** A catalog plan with its product's names: what a subscription shows and is priced by. */
export interface PlanDetails {
  catalog: Plan;
  rules: SubscriptionPlan;
  product: { id: string; name: { en: string; ja: string } };
}

export async function requireOrganization(db: Db, organizationId: string): Promise<OrganizationRow> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  return organization;
}

export async function findSubscription(db: Db, organizationId: string, subscriptionId: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).where('id', '=', subscriptionId).executeTakeFirst();
}

export async function requireSubscription(db: Db, organizationId: string, subscriptionId: string): Promise<SubscriptionRow> {
  const row = await findSubscription(db, organizationId, subscriptionId);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'subscription' });
  return row;
}

/**
 * The subscription row, locked until the transaction ends, for every change that reads it and
 * then writes (cancelling, adding seats, auto-renew). On PostgreSQL FOR UPDATE serializes two
 * admins acting at once; SQLite's BEGIN IMMEDIATE already does.
 */
export async function lockSubscription(tx: Tx, dialect: DialectName, organizationId: string, subscriptionId: string): Promise<SubscriptionRow> {
  let query = tx.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).where('id', '=', subscriptionId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'subscription' });
  return row;
}

/** One page of the organization's subscriptions, oldest first (ids sort by creation). */
export async function listSubscriptionRows(db: Db, organizationId: string, page: { limit: number; after: string | undefined }): Promise<SubscriptionRow[]> {
  let query = db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId);
  if (page.after) query = query.where('id', '>', page.after);
  return query.orderBy('id').limit(page.limit + 1).execute();
}

/** The changes of the given subscriptions, in the order they were made. */
export async function changesOf(db: Db, organizationId: string, subscriptionIds: readonly string[]): Promise<ChangeRow[]> {
  if (subscriptionIds.length === 0) return [];
  return db
    .selectFrom('subscription_changes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subscription_id', 'in', subscriptionIds)
    .orderBy('ordered_at')
    .orderBy('id')
    .execute();
}

export async function requireChange(db: Db, organizationId: string, subscriptionId: string, changeId: string): Promise<ChangeRow> {
  const row = await db
    .selectFrom('subscription_changes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .where('id', '=', changeId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'change' });
  return row;
}

export async function planDetails(db: Db, planId: string): Promise<PlanDetails> {
  const catalog = await getPlan(db, planId);
  if (!catalog) throw new DomainError('NOT_FOUND', { resource: 'plan' });
  const product = await db.selectFrom('products').select(['id', 'name_en', 'name_ja']).where('id', '=', catalog.productId).executeTakeFirstOrThrow();
  return { catalog, rules: subscriptionPlanOf(catalog), product: { id: product.id, name: { en: product.name_en, ja: product.name_ja } } };
}

/** Plans read once per request, however many subscriptions share them. */
export function planCache(db: Db): (planId: string) => Promise<PlanDetails> {
  const cache = new Map<string, Promise<PlanDetails>>();
  return (planId) => {
    let found = cache.get(planId);
    if (!found) {
      found = planDetails(db, planId);
      cache.set(planId, found);
    }
    return found;
  };
}
