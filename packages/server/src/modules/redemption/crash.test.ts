// Nothing is half-done when the server dies inside a completion: test-only failpoints SIGKILL
// `licentia serve` at several points; after a restart, key consumed ⇔ subscription exists ⇔
// audit row exists, in every case, and a completion that died before its commit can be retried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inTransaction } from '../../db/transaction.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { startServe } from '../../../test/support/server-process.ts';
import { createSharedSetup, type SharedSetup } from '../../../test/support/shared-setup.ts';
import { createCart } from './carts.ts';
import { reviewToken } from './execute.ts';
import { findKeysByIds } from './store.ts';

/** Where the server dies, and whether the completion had committed by then. */
const CRASH_POINTS = [
  { failpoint: 'redemption.after-keys-claimed', committed: false },
  { failpoint: 'redemption.after-subscriptions', committed: false },
  { failpoint: 'redemption.before-commit', committed: false },
  { failpoint: 'mutation.after-commit', committed: true },
] as const;

let setup: SharedSetup;
let redeemer: Actor;
let planId: string;

before(async () => {
  setup = await createSharedSetup();
  const home = await createOrg(setup, { name: 'Crash test home' });
  redeemer = await createActor(setup, home.id, ['member']);
  planId = (await createTestPlan(setup)).planId;
});
after(() => setup.testDatabase.destroy());

async function prepare(name: string) {
  const db = setup.ctx.database.db;
  const key = (await createTestKeys(setup, planId)).keys[0]!;
  const keys = await findKeysByIds(db, [key.id]);
  const target = { newOrganization: { country: 'JP', name, administrator: { name: 'Crash', email: `${name.replaceAll(' ', '-')}@example.com` } } };
  const cart = await inTransaction(db, async (tx) => {
    const made = await createCart(tx, redeemer.userId, setup.clock.now());
    await tx.insertInto('redemption_cart_items').values({ cart_id: made.id, product_key_id: key.id, added_at: made.created_at }).execute();
    return made;
  });
  return { keyId: key.id, cartId: cart.id, target, token: reviewToken(cart.id, keys, target) };
}

function complete(url: string, attempt: Awaited<ReturnType<typeof prepare>>) {
  return fetch(`${url}/v1/redemption-carts/${attempt.cartId}/complete`, {
    method: 'POST',
    headers: { ...redeemer.writeHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ target: attempt.target, reviewToken: attempt.token, confirm: true }),
  });
}

/** What exists of a completion: all three or none. */
async function traces(keyId: string) {
  const db = setup.ctx.database.db;
  const key = await db.selectFrom('product_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
  const subscriptions = await db.selectFrom('subscription_changes').select('subscription_id').where('product_key_id', '=', keyId).execute();
  const audit = await db.selectFrom('audit_events').select('id').where('action', '=', 'product_key.redeemed').where('target_id', '=', keyId).execute();
  return { consumed: key.state === 'redeemed', subscriptions: subscriptions.length, auditRows: audit.length };
}

describe('a server killed inside a completion', () => {
  for (const { failpoint, committed } of CRASH_POINTS) {
    test(`at ${failpoint}: ${committed ? 'everything' : 'nothing'} is there after the restart`, async () => {
      const name = `Crash at ${failpoint}`;
      const attempt = await prepare(name);
      const dying = startServe({ ...setup.serverEnv, LICENTIA_FAILPOINTS: `${failpoint}=crash` });
      const url = await dying.listening();
      await assert.rejects(complete(url, attempt), 'the connection dies with the server');
      const exit = await dying.exited;
      assert.equal(exit.signal, 'SIGKILL');

      const restarted = startServe(setup.serverEnv);
      try {
        const restartedUrl = await restarted.listening();
        const after = await traces(attempt.keyId);
        assert.deepEqual(after, committed ? { consumed: true, subscriptions: 1, auditRows: 1 } : { consumed: false, subscriptions: 0, auditRows: 0 });
        const organizations = await setup.ctx.database.db.selectFrom('organizations').select('id').where('name', '=', name).execute();
        assert.equal(organizations.length, committed ? 1 : 0);

        const retry = await complete(restartedUrl, attempt);
        if (committed) {
          assert.equal(retry.status, 409, 'the cart was completed before the crash');
        } else {
          assert.equal(retry.status, 201, await retry.text());
          assert.deepEqual(await traces(attempt.keyId), { consumed: true, subscriptions: 1, auditRows: 1 });
        }
      } finally {
        await restarted.stop();
      }
    });
  }
});
