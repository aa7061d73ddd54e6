// Completion is atomic and a key is consumed once, however many completions race for it:
// 200 concurrent completions of carts holding the same key, over two server processes sharing
// one database (PostgreSQL, or one SQLite file), 20 times. Exactly one succeeds, exactly one
// subscription exists, and the losers leave no organization behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inTransaction } from '../../db/transaction.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { startServe, type Served } from '../../../test/support/server-process.ts';
import { createSharedSetup, type SharedSetup } from '../../../test/support/shared-setup.ts';
import { createCart } from './carts.ts';
import { reviewToken } from './execute.ts';
import { findKeysByIds } from './store.ts';

const ROUNDS = 20;
const COMPLETIONS = 200;

let setup: SharedSetup;
let servers: Served[] = [];
let urls: string[] = [];
let redeemer: Actor;
let planId: string;

before(async () => {
  setup = await createSharedSetup();
  servers = [startServe(setup.serverEnv), startServe(setup.serverEnv)];
  urls = await Promise.all(servers.map((s) => s.listening()));
  const home = await createOrg(setup, { name: 'Racers' });
  redeemer = await createActor(setup, home.id, ['member']);
  planId = (await createTestPlan(setup)).planId;
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await setup.testDatabase.destroy();
});

test(`${COMPLETIONS} concurrent completions of one key over two processes: exactly one wins, ${ROUNDS} times`, async () => {
  const db = setup.ctx.database.db;
  for (let round = 0; round < ROUNDS; round++) {
    const key = (await createTestKeys(setup, planId)).keys[0]!;
    const keys = await findKeysByIds(db, [key.id]);
    const attempts = await inTransaction(db, async (tx) => {
      const made = [];
      for (let i = 0; i < COMPLETIONS; i++) {
        const cart = await createCart(tx, redeemer.userId, setup.clock.now());
        await tx.insertInto('redemption_cart_items').values({ cart_id: cart.id, product_key_id: key.id, added_at: cart.created_at }).execute();
        const target = { newOrganization: { country: 'JP', name: `Race ${round}-${i}`, administrator: { name: 'Racer', email: `race-${round}-${i}@example.com` } } };
        made.push({ cartId: cart.id, target, token: reviewToken(cart.id, keys, target) });
      }
      return made;
    });
    const responses = await Promise.all(
      attempts.map(async ({ cartId, target, token }, i) => {
        const response = await fetch(`${urls[i % urls.length]}/v1/redemption-carts/${cartId}/complete`, {
          method: 'POST',
          headers: { ...redeemer.writeHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ target, reviewToken: token, confirm: true }),
        });
        return { status: response.status, body: (await response.json()) as { code?: string } };
      }),
    );
    const winners = responses.filter((r) => r.status === 201);
    assert.equal(winners.length, 1, `round ${round}: ${winners.length} completions succeeded`);
    for (const loser of responses.filter((r) => r.status !== 201)) {
      // The loser either saw the key taken, or gave up waiting for the database: both changed nothing.
      assert.ok(
        (loser.status === 409 && loser.body.code === 'ORDER_NOT_PROCESSED') || (loser.status === 503 && loser.body.code === 'TEMPORARILY_UNAVAILABLE'),
        `round ${round}: unexpected ${loser.status} ${JSON.stringify(loser.body)}`,
      );
    }
    const changes = await db.selectFrom('subscription_changes').select('subscription_id').where('product_key_id', '=', key.id).execute();
    assert.equal(changes.length, 1, `round ${round}: one subscription change for the key`);
    const row = await db.selectFrom('product_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'redeemed');
    assert.equal(row.subscription_id, changes[0]!.subscription_id);
    const organizations = await db.selectFrom('organizations').select('id').where('name', 'like', `Race ${round}-%`).execute();
    assert.deepEqual(organizations.map((o) => o.id), [row.redeemed_organization_id], `round ${round}: only the winner's organization exists`);
    const subscriptions = await db.selectFrom('subscriptions').select('id').where('organization_id', '=', row.redeemed_organization_id!).execute();
    assert.equal(subscriptions.length, 1);
  }
});
