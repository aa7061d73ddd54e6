// What redemption reads and writes: a key with its batch and plan (found by its keyed hash),
// and carts with their items.
import type { Kysely } from 'kysely';
import type { LifecyclePolicy } from '@licentia/core/lifecycle';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { SubscriptionPlan } from '../subscriptions/plan.ts';

export type KeyKind = 'subscription' | 'add_seats' | 'renewal' | 'trial';

export interface RedeemablePlan extends SubscriptionPlan {
  sku: string;
  name: { en: string; ja: string };
  productId: string;
  productName: { en: string; ja: string };
  segments: string[];
  countries: string[];
}

export interface RedeemableKey {
  id: string;
  last5: string;
  state: 'unused' | 'redeemed' | 'revoked';
  redeemedOrganizationId: string | null;
  kind: KeyKind;
  seats: number;
  batchId: string;
  batchRevoked: boolean;
  redeemBy: string;
  redeemableUntil: string;
  plan: RedeemablePlan;
}

function keyQuery(db: Kysely<DB> | Tx) {
  return db
    .selectFrom('product_keys as k')
    .innerJoin('key_batches as b', 'b.id', 'k.batch_id')
    .innerJoin('plans as p', 'p.id', 'b.plan_id')
    .innerJoin('products as pr', 'pr.id', 'p.product_id')
    .select([
      'k.id', 'k.last5', 'k.state', 'k.redeemed_organization_id', 'k.key_hash',
      'b.id as batch_id', 'b.kind', 'b.seats_per_key', 'b.redeem_by', 'b.redeemable_until', 'b.revoked_at as batch_revoked_at',
      'p.id as plan_id', 'p.sku', 'p.name_en', 'p.name_ja', 'p.term_months', 'p.currency', 'p.category', 'p.segments', 'p.countries',
      'p.max_seats_per_subscription', 'p.trial_days', 'p.lifecycle_policy',
      'pr.id as product_id', 'pr.name_en as product_name_en', 'pr.name_ja as product_name_ja',
    ]);
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof keyQuery>['executeTakeFirstOrThrow']>>;

function toRedeemableKey(row: KeyRow): RedeemableKey {
  return {
    id: row.id,
    last5: row.last5,
    state: row.state as RedeemableKey['state'],
    redeemedOrganizationId: row.redeemed_organization_id,
    kind: row.kind as KeyKind,
    seats: row.seats_per_key,
    batchId: row.batch_id,
    batchRevoked: row.batch_revoked_at !== null,
    redeemBy: row.redeem_by,
    redeemableUntil: row.redeemable_until,
    plan: {
      id: row.plan_id,
      sku: row.sku,
      name: { en: row.name_en, ja: row.name_ja },
      productId: row.product_id,
      productName: { en: row.product_name_en, ja: row.product_name_ja },
      termMonths: row.term_months,
      currency: row.currency,
      category: row.category as RedeemablePlan['category'],
      segments: JSON.parse(row.segments) as string[],
      countries: JSON.parse(row.countries) as string[],
      maxSeatsPerSubscription: row.max_seats_per_subscription,
      trialDays: row.trial_days,
      policy: JSON.parse(row.lifecycle_policy) as LifecyclePolicy,
    },
  };
}

export async function findKeyByHash(db: Kysely<DB> | Tx, keyHash: string): Promise<RedeemableKey | undefined> {
  const row = await keyQuery(db).where('k.key_hash', '=', keyHash).executeTakeFirst();
  return row ? toRedeemableKey(row) : undefined;
}

export async function findKeysByIds(db: Kysely<DB> | Tx, ids: readonly string[]): Promise<RedeemableKey[]> {
  if (ids.length === 0) return [];
  const rows = await keyQuery(db).where('k.id', 'in', ids).orderBy('k.id').execute();
  return rows.map(toRedeemableKey);
}

/**
 * The keys in a cart, in one statement (the cart's items joined to the keys), ordered as
 * findKeysByIds orders them: a completion reads them on every request, and on PostgreSQL each
 * statement is a round trip inside the transaction.
 */
export async function findCartKeys(db: Kysely<DB> | Tx, cartId: string): Promise<RedeemableKey[]> {
  const rows = await keyQuery(db).innerJoin('redemption_cart_items as i', 'i.product_key_id', 'k.id').where('i.cart_id', '=', cartId).orderBy('k.id').execute();
  return rows.map(toRedeemableKey);
}

export async function cartKeyIds(db: Kysely<DB> | Tx, cartId: string): Promise<string[]> {
  const rows = await db.selectFrom('redemption_cart_items').select('product_key_id').where('cart_id', '=', cartId).orderBy('added_at').orderBy('product_key_id').execute();
  return rows.map((r) => r.product_key_id);
}
