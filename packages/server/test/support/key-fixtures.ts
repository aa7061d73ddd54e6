// Product keys straight into the key tables (a batch and its keys), for tests of redemption
// that are not about making batches. Returns the plaintext keys, which only tests ever hold.
import { generateKey, keyLast5 } from '@licentia/core/keys';
import { toStoredInstant } from '../../src/clock.ts';
import { Temporal } from 'temporal-polyfill';
import { hashProductKey, productKeyHmacKey } from '../../src/modules/keys/material.ts';
import type { FixtureContext } from './app.ts';

let counter = 0;

export interface TestKeyOptions {
  kind?: 'subscription' | 'add_seats' | 'renewal' | 'trial';
  seats?: number;
  quantity?: number;
  /** The last day it can be redeemed; the batch expires when it ends (UTC here, the vendor's zone in batches). */
  redeemBy?: string;
}

export async function createTestKeys(t: FixtureContext, planId: string, options: TestKeyOptions = {}) {
  const db = t.ctx.database.db;
  const batchId = `bat_test${++counter}${Date.now()}`;
  const redeemBy = options.redeemBy ?? '2030-12-31';
  await db
    .insertInto('key_batches')
    .values({
      id: batchId,
      plan_id: planId,
      kind: options.kind ?? 'subscription',
      seats_per_key: options.seats ?? 5,
      quantity: options.quantity ?? 1,
      redeem_by: redeemBy,
      redeemable_until: `${Temporal.PlainDate.from(redeemBy).add({ days: 1 })}T00:00:00.000Z`,
      partner_organization_id: null,
      label: null,
      created_by: null,
      created_at: toStoredInstant(t.clock.now()),
      revoked_at: null,
      sealed_csv: null,
      csv_downloaded_at: null,
    })
    .execute();
  const hmacKey = productKeyHmacKey(t.ctx.secrets.derive('product-key-hmac'));
  const keys: { id: string; key: string }[] = [];
  for (let i = 0; i < (options.quantity ?? 1); i++) {
    const key = generateKey();
    const id = `key_test${counter}_${i}_${Date.now()}`;
    await db
      .insertInto('product_keys')
      .values({ id, batch_id: batchId, key_hash: hashProductKey(hmacKey, key), last5: keyLast5(key), state: 'unused', redeemed_at: null, redeemed_by_user_id: null, redeemed_organization_id: null, subscription_id: null, revoked_at: null })
      .execute();
    keys.push({ id, key });
  }
  return { batchId, keys };
}
