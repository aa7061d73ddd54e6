// Test support only: a key batch made through the service (so it has its sealed CSV, as a
// real one does), for tests that need batches or real keys but are not about making them.
import type { FixtureContext } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { productKeyHmacKey } from './material.ts';
import type { CreateKeyBatchInput } from './schemas.ts';
import { createKeyBatch, prepareKeyMaterial } from './service.ts';

/** Needs a vendor organization (createOrg(t, { kind: 'vendor' })); makes a plan unless given one. */
export async function createTestBatch(t: FixtureContext, options: Partial<CreateKeyBatchInput> = {}) {
  const input: CreateKeyBatchInput = {
    planId: options.planId ?? (await createTestPlan(t, options.kind === 'trial' ? { category: 'trial' } : {})).planId,
    kind: 'subscription',
    quantity: 1,
    seatsPerKey: 1,
    redeemBy: '2030-12-31',
    ...options,
  };
  const secrets = { hmacKey: productKeyHmacKey(t.ctx.secrets.derive('product-key-hmac')), sealKey: t.ctx.secrets.derive('key-batch-seal') };
  const now = t.clock.now();
  const material = prepareKeyMaterial(input.quantity, secrets.hmacKey, now);
  const { row, keys } = await inTransaction(t.ctx.database.db, (tx) =>
    createKeyBatch({ tx, dialect: t.ctx.database.dialect, audit: { principal: { kind: 'anonymous' }, now } }, secrets, input, material),
  );
  return { batch: row, keys };
}
