// The catalog (products, plans), product keys in batches, redemption carts, subscriptions with
// their history of changes, and seats. Portable types as in 0001.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Catalog: the vendor's own, so not tenant-keyed.
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('term_months', 'integer', (c) => c.notNull().check(sql`term_months in (1, 12, 36)`))
    .addColumn('price_minor', 'bigint', (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('tax_class', 'text', (c) => c.notNull().check(sql`tax_class in ('standard', 'reduced')`))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('standard', 'third_party', 'usage', 'trial')`))
    // JSON arrays: the segments allowed and the ISO countries where the plan is sold.
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('countries', 'text', (c) => c.notNull())
    .addColumn('devices_per_seat', 'integer', (c) => c.notNull().check(sql`devices_per_seat >= 1`))
    .addColumn('max_seats_per_subscription', 'integer', (c) => c.notNull().check(sql`max_seats_per_subscription >= 1`))
    .addColumn('trial_days', 'integer')
    // JSON: the plan's LifecyclePolicy (core/lifecycle/policy.ts).
    .addColumn('lifecycle_policy', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().check(sql`active in (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plans_by_product').on('plans').columns(['product_id']).execute();

  // Product keys: stored as a keyed hash (HMAC-SHA256) plus the last five characters.
  await db.schema
    .createTable('key_batches')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('subscription', 'add_seats', 'renewal', 'trial')`))
    .addColumn('seats_per_key', 'integer', (c) => c.notNull().check(sql`seats_per_key >= 1`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    // The last civil day a key can be redeemed, and the instant that day ends (vendor's zone).
    .addColumn('redeem_by', 'text', (c) => c.notNull())
    .addColumn('redeemable_until', 'text', (c) => c.notNull())
    .addColumn('partner_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('label', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    // The plaintext CSV, sealed (AES-GCM), until its one download; then NULL for ever.
    .addColumn('sealed_csv', 'text')
    .addColumn('csv_downloaded_at', 'text')
    .execute();

  await db.schema.createIndex('key_batches_by_plan').on('key_batches').columns(['plan_id']).execute();

  await db.schema
    .createTable('product_keys')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('key_batches.id'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('last5', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('unused', 'redeemed', 'revoked')`))
    .addColumn('redeemed_at', 'text')
    .addColumn('redeemed_by_user_id', 'text')
    .addColumn('redeemed_organization_id', 'text')
    .addColumn('subscription_id', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('product_keys_by_batch').on('product_keys').columns(['batch_id']).execute();

  // Subscriptions: tenant-owned.
  await db.schema
    .createTable('subscriptions')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats >= 0`))
    .addColumn('term_months', 'integer', (c) => c.notNull())
    // Terms keep the first start's day of month (SPEC §4): Jan 31 → Feb 28/29 → Mar 31.
    .addColumn('anchor_day', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    // The state last recorded by the sweeper; the truth is derived from the dates (core).
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'expired', 'disabled', 'deleted', 'cancelled')`))
    .addColumn('auto_renew', 'integer', (c) => c.notNull().check(sql`auto_renew in (0, 1)`))
    .addColumn('billing_mode', 'text', (c) => c.notNull().check(sql`billing_mode in ('key', 'direct')`))
    .addColumn('is_trial', 'integer', (c) => c.notNull().check(sql`is_trial in (0, 1)`))
    .addColumn('partner_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('cancelled_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriptions_pk', ['organization_id', 'id'])
    .execute();
  await db.schema.createIndex('subscriptions_by_plan').on('subscriptions').columns(['organization_id', 'plan_id']).execute();
  await db.schema.createIndex('subscriptions_by_end').on('subscriptions').columns(['end_date']).execute();
  // "Is this plan sold yet?" (the catalog freezes a sold plan's term and policy).
  await db.schema.createIndex('subscriptions_by_plan_only').on('subscriptions').columns(['plan_id']).execute();

  // Every purchase, renewal and seat addition: each opens its own 168-hour window (SPEC §4).
  await db.schema
    .createTable('subscription_changes')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('purchase', 'renewal', 'seat_addition', 'trial')`))
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('ordered_at', 'text', (c) => c.notNull())
    .addColumn('window_closes_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('key', 'order')`))
    .addColumn('product_key_id', 'text')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('refunded_minor', 'bigint')
    .addPrimaryKeyConstraint('subscription_changes_pk', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('subscription_changes_by_subscription')
    .on('subscription_changes')
    .columns(['organization_id', 'subscription_id'])
    .execute();

  // Seats: who holds one of a plan's seats in an organization, and a counter of how many are
  // held, so a limit check never counts assignments (10,000,000 seats cost what 10 cost).
  await db.schema
    .createTable('seat_assignments')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text')
    .addPrimaryKeyConstraint('seat_assignments_pk', ['organization_id', 'plan_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('seat_counters')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('assigned', 'integer', (c) => c.notNull().check(sql`assigned >= 0`))
    .addPrimaryKeyConstraint('seat_counters_pk', ['organization_id', 'plan_id'])
    .execute();

  // Redemption carts belong to the user who fills them; the target organization may not exist
  // yet. Items hold the key's hash, never the key.
  await db.schema
    .createTable('redemption_carts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'completed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('organization_id', 'text')
    .execute();
  await db.schema.createIndex('redemption_carts_by_owner').on('redemption_carts').columns(['owner_user_id']).execute();
  await db.schema
    .createTable('redemption_cart_items')
    .addColumn('cart_id', 'text', (c) => c.notNull().references('redemption_carts.id'))
    .addColumn('product_key_id', 'text', (c) => c.notNull().references('product_keys.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redemption_cart_items_pk', ['cart_id', 'product_key_id'])
    .execute();
}
