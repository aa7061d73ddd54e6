// Several server processes on one database (ISSUE 11 "Performance and scale", docs/scaling.md):
// two independent `licentia serve` processes share one database (one SQLite file, or a
// PostgreSQL schema), and every request of a burst goes to them in turn. What must hold across
// processes holds: a device limit, a single-use key, a per-license rate limit, and background
// work done once (an event's mail arrives once per recipient though both run the workers).
// Then `licentia serve --processes 2` itself: it serves from two workers, replaces one that is
// killed, and stops everything on SIGTERM.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { createNonce } from '@licentia/sdk';
import { inTransaction } from '../src/db/transaction.ts';
import { createRedeemedKey, newFingerprint } from '../src/modules/devices/testing.ts';
import { messageIdFor } from '../src/modules/notifications/mail-transport.ts';
import { startSmtpPeer, type SmtpPeer } from '../src/modules/notifications/testing.ts';
import { createPerson, createTestSubscription, emitEvent } from '../src/modules/notifications/test-fixtures.ts';
import { createCart } from '../src/modules/redemption/carts.ts';
import { reviewToken } from '../src/modules/redemption/execute.ts';
import { findKeysByIds } from '../src/modules/redemption/store.ts';
import { createTestPlan } from './support/catalog-fixtures.ts';
import { createActor, createOrg } from './support/fixtures.ts';
import { createTestKeys } from './support/key-fixtures.ts';
import { createTestDatabase } from './support/database.ts';
import { CHILD_GUARD_MS, startServe, type Served } from './support/server-process.ts';
import { createSharedSetup, type SharedSetup } from './support/shared-setup.ts';

const FROM = 'Licentia <no-reply@multi.example.com>';
const VALIDATION_LIMIT = 7;

let setup: SharedSetup;
let peer: SmtpPeer;
let servers: Served[] = [];
let urls: string[] = [];

before(async () => {
  setup = await createSharedSetup();
  peer = await startSmtpPeer();
  const env = {
    ...setup.serverEnv,
    LICENTIA_SMTP_URL: peer.url,
    LICENTIA_MAIL_FROM: FROM,
    LICENTIA_PUBLIC_URL: 'https://licentia.example.com',
    LICENTIA_VALIDATION_LIMIT_PER_MINUTE: String(VALIDATION_LIMIT),
    // The device limit is what this file tests, not the daily pace of new devices.
    LICENTIA_ACTIVATION_VELOCITY_PER_DAY: '1000000',
  };
  servers = [startServe(env), startServe(env)];
  urls = await Promise.all(servers.map((s) => s.listening()));
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await peer?.close();
  await setup?.testDatabase.destroy();
});

/** The i-th request of a burst goes to server i mod 2. */
const serverFor = (i: number) => urls[i % urls.length]!;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('two independent servers on one database', () => {
  for (const limit of [1, 3]) {
    test(`a device limit of ${limit} holds across them: ${3 * limit} concurrent activations, exactly ${limit} succeed`, async () => {
      const { key, organizationId } = await createRedeemedKey(setup, { seats: limit, plan: { devicesPerSeat: 1 } });
      const attempts = 3 * limit;
      const responses = await Promise.all(Array.from({ length: attempts }, (_, i) => post(`${serverFor(i)}/v1/activations`, { key, fingerprint: newFingerprint() })));
      const won = responses.filter((r) => r.status === 201);
      assert.equal(won.length, limit, responses.map((r) => r.status).join(','));
      for (const refused of responses.filter((r) => r.status !== 201)) {
        assert.equal(refused.status, 409, JSON.stringify(refused.body));
        assert.equal(refused.body.code, 'DEVICE_LIMIT_REACHED');
      }
      const db = setup.ctx.database.db;
      const license = await db.selectFrom('licenses').select('active_devices').where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
      const devices = await db.selectFrom('devices').select('id').where('organization_id', '=', organizationId).where('deactivated_at', 'is', null).execute();
      assert.deepEqual({ counter: license.active_devices, devices: devices.length }, { counter: limit, devices: limit });
    });
  }

  test('a single-use product key: 30 concurrent completions through both servers consume it exactly once', async () => {
    const db = setup.ctx.database.db;
    const redeemer = await createActor(setup, (await createOrg(setup, { name: 'Two-server racers' })).id, ['member']);
    const { planId } = await createTestPlan(setup);
    const key = (await createTestKeys(setup, planId)).keys[0]!;
    const keys = await findKeysByIds(db, [key.id]);
    const attempts = await inTransaction(db, async (tx) => {
      const made = [];
      for (let i = 0; i < 30; i++) {
        const cart = await createCart(tx, redeemer.userId, setup.clock.now());
        await tx.insertInto('redemption_cart_items').values({ cart_id: cart.id, product_key_id: key.id, added_at: cart.created_at }).execute();
        const target = { newOrganization: { country: 'JP', name: `Two-server race ${i}`, administrator: { name: 'Racer', email: `two-server-${i}@example.com` } } };
        made.push({ cartId: cart.id, target, token: reviewToken(cart.id, keys, target) });
      }
      return made;
    });
    const responses = await Promise.all(
      attempts.map(({ cartId, target, token }, i) =>
        post(`${serverFor(i)}/v1/redemption-carts/${cartId}/complete`, { target, reviewToken: token, confirm: true }, redeemer.writeHeaders),
      ),
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 1, responses.map((r) => r.status).join(','));
    for (const loser of responses.filter((r) => r.status !== 201)) {
      // The key already taken, or (SQLite's single writer, busy) "try again": neither changed anything.
      assert.ok(
        (loser.status === 409 && loser.body.code === 'ORDER_NOT_PROCESSED') || (loser.status === 503 && loser.body.code === 'TEMPORARILY_UNAVAILABLE'),
        `unexpected ${loser.status} ${JSON.stringify(loser.body)}`,
      );
    }
    const row = await db.selectFrom('product_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'redeemed');
    const changes = await db.selectFrom('subscription_changes').select('subscription_id').where('product_key_id', '=', key.id).execute();
    assert.deepEqual(changes.map((c) => c.subscription_id), [row.subscription_id], 'one subscription change for the key');
    const organizations = await db.selectFrom('organizations').select('id').where('name', 'like', 'Two-server race %').execute();
    assert.deepEqual(organizations.map((o) => o.id), [row.redeemed_organization_id], "only the winner's organization exists");
  });

  test(`a validation limit of ${VALIDATION_LIMIT} a minute per license holds across them: ${3 * VALIDATION_LIMIT} validations, ${VALIDATION_LIMIT} allowed, the rest 429`, async () => {
    // The limiter counts in fixed windows aligned to the clock (limits/rate-limiter.ts). A burst
    // that straddles a minute's boundary may rightly be allowed twice the limit: such a burst is
    // recognised by the clock read before and after it, and repeated on a fresh license; the
    // repeat starts just past the boundary, a minute before the next one.
    for (let attempt = 1; ; attempt++) {
      const { key } = await createRedeemedKey(setup, { seats: 1 });
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 3 * VALIDATION_LIMIT }, (_, i) => post(`${serverFor(i)}/v1/licenses/validate`, { key, fingerprint: newFingerprint(), nonce: createNonce() })),
      );
      const ended = Date.now();
      if (Math.floor(started / 60_000) !== Math.floor(ended / 60_000)) {
        assert.ok(attempt < 3, 'every burst crossed a minute boundary');
        continue;
      }
      const allowed = responses.filter((r) => r.status === 200);
      assert.equal(allowed.length, VALIDATION_LIMIT, responses.map((r) => r.status).join(','));
      for (const refused of responses.filter((r) => r.status !== 200)) {
        assert.equal(refused.status, 429, JSON.stringify(refused.body));
        assert.equal(refused.body.code, 'RATE_LIMITED');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${refused.headers.get('retry-after')}`);
      }
      // Both servers answered some of each: the count is shared, not per process.
      const byServer = (status: number) => new Set(responses.flatMap((r, i) => (r.status === status ? [i % 2] : []))).size;
      assert.equal(byServer(429), 2, 'both servers refused some');
      return;
    }
  });

  test('both run the workers, and an event\'s mail arrives exactly once per recipient', async () => {
    const db = setup.ctx.database.db;
    const customerId = (await createOrg(setup, { name: 'Mail once KK' })).id;
    const admins = [];
    for (let i = 0; i < 6; i++) admins.push(await createPerson(setup, customerId, ['global_admin'], i % 2 ? 'ja' : 'en'));
    const expected: string[] = [];
    const eventIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { subscriptionId, endDate } = await createTestSubscription(setup, customerId);
      const eventId = await emitEvent(setup, customerId, 'redemption.completed', {
        cartId: `crt_multi_${i}`,
        organizationCreated: false,
        effects: [{ effect: 'subscription_created', subscriptionId, seats: 25, startDate: endDate, endDate, last5: 'MULTI' }],
      });
      eventIds.push(eventId);
      for (const admin of admins) expected.push(messageIdFor(eventId, admin.userId, FROM));
    }
    // The servers' workers pick the events up within a tick or two; this waits for the last
    // record, not for a time (the guard only ends a hung test with its evidence).
    const deadline = Date.now() + CHILD_GUARD_MS;
    let rows: Array<{ state: string; attempts: number }> = [];
    for (;;) {
      rows = await db.selectFrom('deliveries').select(['state', 'attempts']).where('event_id', 'in', eventIds).where('channel', '=', 'email').execute();
      if (rows.length >= expected.length && rows.every((r) => r.state === 'delivered')) break;
      assert.ok(Date.now() < deadline, `deliveries not done: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(rows.length, expected.length, 'one delivery per (event, recipient): the events were fanned out once');
    // Each delivery was claimed once (a claim counts an attempt), so no second sender exists.
    assert.deepEqual(rows.map((r) => r.attempts), expected.map(() => 1));
    const mine = new Set(expected);
    const received = peer.received.filter((m) => mine.has(m.messageId)).map((m) => m.messageId);
    assert.deepEqual(received.sort(), expected.sort(), 'each (event, recipient) mail exactly once');
  });
});

/** A GET on a connection of its own, so the cluster hands each request to the next worker. */
function getOnNewConnection(url: string): Promise<{ status: number; requestId: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, requestId: String(response.headers['x-request-id']) }));
    }).on('error', reject);
  });
}

describe('licentia serve --processes 2', () => {
  test('prepares once, serves from both workers, replaces a killed worker, stops everything on SIGTERM', async () => {
    // A fresh database, not migrated: the primary migrates and sets it up before it forks.
    const fresh = await createTestDatabase({ migrate: false });
    const cluster = startServe({ ...fresh.env, LOG_LEVEL: 'info' }, ['--processes', '2']);
    try {
      const url = await cluster.listening();
      const listening = async (count: number) => {
        await cluster.waitFor(new RegExp(`("msg":"worker listening".*){${count}}`, 's'));
        return [...cluster.stdout().matchAll(/"slot":(\d),"workerPid":(\d+),"msg":"worker listening"/g)].map((m) => ({ slot: Number(m[1]), pid: Number(m[2]) }));
      };
      const workers = await listening(2);
      assert.deepEqual(workers.map((w) => w.slot).sort(), [0, 1]);
      assert.notEqual(workers[0]!.pid, workers[1]!.pid);
      assert.ok(!workers.some((w) => w.pid === cluster.pid), 'the primary serves nothing itself');
      assert.equal(cluster.stdout().match(/password: /g)?.length, 1, 'the first password is printed once');
      await cluster.waitFor(/("msg":"Licentia is ready".*){2}/s);
      const ready = [...cluster.stdout().matchAll(/"pid":(\d+).*"backgroundWorkers":(true|false),"msg":"Licentia is ready"/g)];
      assert.deepEqual(ready.map((m) => m[2]).sort(), ['false', 'true'], 'one worker runs the background workers');

      /** Which worker answered each of `count` requests, from the request log (the pid of its line). */
      const answeredBy = async (count: number) => {
        const answers = [];
        for (let i = 0; i < count; i++) answers.push(await getOnNewConnection(`${url}/healthz`));
        assert.deepEqual(answers.map((a) => a.status), answers.map(() => 200));
        const pids = await Promise.all(
          answers.map(async ({ requestId }) => Number((await cluster.waitFor(new RegExp(`"pid":(\\d+),[^\\n]*"reqId":"${requestId}"`)))[1])),
        );
        return new Set(pids);
      };
      assert.deepEqual(await answeredBy(4), new Set(workers.map((w) => w.pid)), 'both workers answer');

      const victim = workers.find((w) => w.slot === 1)!;
      process.kill(victim.pid, 'SIGKILL');
      await cluster.waitFor(new RegExp(`"slot":1,"workerPid":${victim.pid},"code":null,"signal":"SIGKILL","restartInMs":\\d+,"msg":"worker died unexpectedly; restarting it"`));
      const replacement = (await listening(3)).at(-1)!;
      assert.equal(replacement.slot, 1);
      assert.ok(!workers.some((w) => w.pid === replacement.pid));
      const survivors = [workers.find((w) => w.slot === 0)!.pid, replacement.pid];
      assert.deepEqual(await answeredBy(4), new Set(survivors), 'the replacement answers along with the survivor');

      const { code, signal } = await cluster.stop();
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
      for (const pid of survivors) {
        assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `worker ${pid} is gone with its primary`);
      }
    } finally {
      await cluster.stop();
      await fresh.destroy();
    }
  });
});
