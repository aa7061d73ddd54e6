// Single keys: the support desk's lookup (however the key is typed), what bad input is told,
// revoking one key or a whole batch, findKeyByPlaintext for redemption, who may do what, and
// that a key sent to the server never reaches its log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { keyLast5 } from '@licentia/core/keys';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { findKeyByPlaintext, hashProductKey } from './product-keys.ts';

let t: TestApp;
let vendorId: string;
let admin: Actor;
let agent: Actor;
let planId: string;

before(async () => {
  t = await createTestApp({ logLevel: 'trace' });
  vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor KK' })).id;
  admin = await createActor(t, vendorId, ['vendor_admin']);
  agent = await createActor(t, vendorId, ['support_agent']);
  planId = (await createTestPlan(t)).planId;
});
after(() => t.close());

async function makeBatch(quantity: number, extra: object = {}): Promise<{ batch: { id: string }; keys: string[] }> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/key-batches',
    headers: admin.writeHeaders,
    payload: { planId, kind: 'add_seats', quantity, seatsPerKey: 3, redeemBy: '2030-06-30', ...extra },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

function lookup(key: string, actor: Actor = agent, headers: Record<string, string> = {}) {
  return t.inject({ method: 'POST', url: '/v1/product-keys/lookup', headers: { ...actor.writeHeaders, ...headers }, payload: { key } });
}

function revokeKey(key: string, actor: Actor = admin) {
  return t.inject({ method: 'POST', url: '/v1/product-keys/revoke', headers: actor.writeHeaders, payload: { key } });
}

function revokeBatch(batchId: string, actor: Actor = admin) {
  return t.inject({ method: 'POST', url: `/v1/key-batches/${batchId}/revoke`, headers: actor.writeHeaders });
}

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  const problem = response.json();
  assert.equal(problem.code, code);
  return problem;
}

/** Marks a key redeemed as redemption would (that module's business, not this one's). */
async function markRedeemed(key: string, organizationId: string) {
  await t.ctx.database.db
    .updateTable('product_keys')
    .set({ state: 'redeemed', redeemed_at: '2026-11-21T00:30:00.000Z', redeemed_organization_id: organizationId, subscription_id: 'sub_test' })
    .where('key_hash', '=', hashProductKey(t.ctx.secrets.derive('product-key-hmac'), key))
    .execute();
}

/** Full-width, as a Japanese IME types it: ＡＢＣ－１２. */
function fullWidth(text: string): string {
  return [...text].map((c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
}

describe('lookup', () => {
  let batch: { id: string };
  let key: string;
  before(async () => {
    const made = await makeBatch(2);
    batch = made.batch;
    key = made.keys[0]!;
  });

  test("shows a key's state and batch to a support agent", async () => {
    const response = await lookup(key);
    assert.equal(response.statusCode, 200, response.body);
    const found = response.json();
    assert.match(found.id, /^pky_/);
    assert.deepEqual({ ...found, id: undefined }, {
      id: undefined,
      last5: keyLast5(key),
      state: 'unused',
      batch: { id: batch.id, planId, kind: 'add_seats', seatsPerKey: 3, redeemBy: '2030-06-30', partnerOrganizationId: null },
      redeemedAt: null,
      redeemedOrganizationId: null,
      subscriptionId: null,
      revokedAt: null,
    });
    assert.ok(!response.body.includes(key), 'the answer does not repeat the key');
  });

  test('finds the key however it is typed: lower case, full width, other dashes, spaces, none', async () => {
    const expected = (await lookup(key)).json().id;
    const compact = key.replaceAll('-', '');
    const variants = [
      key.toLowerCase(),
      fullWidth(key),
      fullWidth(key.toLowerCase()),
      key.replaceAll('-', 'ー'),
      key.replaceAll('-', '‐'),
      key.replaceAll('-', '—'),
      key.replaceAll('-', ' '),
      `  ${compact}  `,
      compact.replace(/(.{5})/g, '$1\u3000'),
    ];
    for (const variant of variants) {
      const response = await lookup(variant);
      assert.equal(response.statusCode, 200, `${JSON.stringify(variant)}: ${response.body}`);
      assert.equal(response.json().id, expected);
    }
  });

  test('says what is wrong with input that is not a key, and where', async () => {
    const wrongLength = assertProblem(await lookup(key.slice(0, -1)), 422, 'KEY_INVALID');
    assert.deepEqual([wrongLength.problem, wrongLength.length, wrongLength.expected], ['WRONG_LENGTH', 24, 25]);
    // Positions count key characters only: 7 is the second group's second, 13 the third's third.
    const withO = `${key.slice(0, 7)}O${key.slice(8, 14)}0${key.slice(15)}`;
    const bad = assertProblem(await lookup(withO), 422, 'KEY_INVALID');
    assert.equal(bad.problem, 'BAD_CHARACTERS');
    assert.deepEqual(bad.positions, [7, 13]);
    assert.deepEqual(bad.characters, ['O', '0']);
    const first = key[0]!;
    const typo = `${first === 'B' ? 'C' : 'B'}${key.slice(1)}`;
    assert.equal(assertProblem(await lookup(typo), 422, 'KEY_INVALID').problem, 'CHECK_FAILED');
    const ja = assertProblem(await lookup(withO, agent, { 'accept-language': 'ja' }), 422, 'KEY_INVALID');
    assert.match(ja.detail, /カードの文字/);
  });

  test('a well-formed key that was never issued is 404', async () => {
    const other = (await makeBatch(1)).keys[0]!;
    // Same shape, valid check characters, but its hash is not stored.
    await t.ctx.database.db.deleteFrom('product_keys').where('key_hash', '=', hashProductKey(t.ctx.secrets.derive('product-key-hmac'), other)).execute();
    assertProblem(await lookup(other), 404, 'NOT_FOUND');
  });

  test('shows where a redeemed key went', async () => {
    const customer = await createOrg(t, { name: 'Redeemer KK' });
    const [, redeemed = ''] = (await makeBatch(2)).keys;
    await markRedeemed(redeemed, customer.id);
    const found = (await lookup(redeemed)).json();
    assert.equal(found.state, 'redeemed');
    assert.equal(found.redeemedOrganizationId, customer.id);
    assert.equal(found.subscriptionId, 'sub_test');
    assert.equal(found.redeemedAt, '2026-11-21T00:30:00.000Z');
  });
});

describe('revoking', () => {
  test('one key: unused → revoked, audited with its last five only; again is a no-op', async () => {
    const { keys } = await makeBatch(3);
    const key = keys[1]!;
    const response = await revokeKey(key.toLowerCase());
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().state, 'revoked');
    assert.equal(response.json().revokedAt, '2026-11-21T00:30:00.000Z');
    assert.equal((await lookup(keys[0]!)).json().state, 'unused', 'the others are untouched');
    const events = await t.ctx.database.db.selectFrom('audit_events').selectAll().where('target_id', '=', response.json().id).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'product_key.revoked');
    assert.equal(events[0]!.organization_id, vendorId);
    assert.equal(JSON.parse(events[0]!.data).last5, keyLast5(key));
    assert.ok(!events[0]!.data.includes(key.slice(0, 11)));

    const again = await revokeKey(key);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().state, 'revoked');
    assert.equal((await t.ctx.database.db.selectFrom('audit_events').select('id').where('target_id', '=', response.json().id).execute()).length, 1);
  });

  test('a redeemed key cannot be revoked; unknown and malformed keys are refused', async () => {
    const customer = await createOrg(t, { name: 'Keeper KK' });
    const [key = ''] = (await makeBatch(1)).keys;
    await markRedeemed(key, customer.id);
    const problem = assertProblem(await revokeKey(key), 409, 'PRODUCT_KEY_ALREADY_REDEEMED');
    assert.equal(problem.redeemedAt, '2026-11-21T00:30:00.000Z');
    assert.equal((await lookup(key)).json().state, 'redeemed');
    assertProblem(await revokeKey('BBBBB'), 422, 'KEY_INVALID');
  });

  test('a batch: every unused key is revoked, redeemed keys stay redeemed; again changes nothing', async () => {
    const customer = await createOrg(t, { name: 'Early Bird KK' });
    const { batch, keys } = await makeBatch(5);
    await markRedeemed(keys[0]!, customer.id);
    await revokeKey(keys[1]!);
    const response = await revokeBatch(batch.id);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().revokedAt, '2026-11-21T00:30:00.000Z');
    assert.deepEqual(response.json().counts, { unused: 0, redeemed: 1, revoked: 4 });
    assert.equal((await lookup(keys[0]!)).json().state, 'redeemed');
    for (const key of keys.slice(1)) assert.equal((await lookup(key)).json().state, 'revoked');
    const events = await t.ctx.database.db.selectFrom('audit_events').selectAll().where('target_id', '=', batch.id).where('action', '=', 'key_batch.revoked').execute();
    assert.equal(events.length, 1);
    assert.deepEqual(JSON.parse(events[0]!.data), { revokedKeys: 3 });

    t.clock.advance({ hours: 1 });
    try {
      const again = await revokeBatch(batch.id);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().revokedAt, '2026-11-21T00:30:00.000Z', 'the first revocation stands');
    } finally {
      t.clock.set('2026-11-21T00:30:00Z');
    }
    assert.equal((await t.ctx.database.db.selectFrom('audit_events').select('id').where('target_id', '=', batch.id).where('action', '=', 'key_batch.revoked').execute()).length, 1);
    assertProblem(await revokeBatch('kbt_nope'), 404, 'NOT_FOUND');
  });
});

describe('findKeyByPlaintext (for redemption)', () => {
  test('returns the key with its batch, or what is wrong, as data', async () => {
    const { batch, keys } = await makeBatch(1, { label: 'for redemption' });
    const hmacKey = t.ctx.secrets.derive('product-key-hmac');
    const db = t.ctx.database.db;
    const found = await findKeyByPlaintext(db, hmacKey, fullWidth(keys[0]!.toLowerCase()));
    assert.ok(found.ok);
    assert.equal(found.key.state, 'unused');
    assert.equal(found.key.batch.id, batch.id);
    assert.equal(found.key.batch.seats_per_key, 3);
    assert.equal(found.key.batch.redeemable_until, '2030-06-30T15:00:00.000Z');
    assert.equal(found.key.batch.label, 'for redemption');
    assert.ok(!('sealed_csv' in found.key.batch), 'the sealed CSV is not read along');
    assert.equal(found.key.key_hash, hashProductKey(hmacKey, keys[0]!));

    assert.deepEqual(await findKeyByPlaintext(db, hmacKey, 'BCDFG'), { ok: false, code: 'WRONG_LENGTH', length: 5, expected: 25 });
    assert.deepEqual(await findKeyByPlaintext(db, hmacKey, `S${keys[0]!.slice(1)}`), { ok: false, code: 'BAD_CHARACTERS', positions: [1], characters: ['S'] });
    const swapped = `${keys[0]![1]}${keys[0]![0]}${keys[0]!.slice(2)}`;
    if (swapped !== keys[0]) assert.deepEqual(await findKeyByPlaintext(db, hmacKey, swapped), { ok: false, code: 'CHECK_FAILED' });
    const unknown = (await makeBatch(1)).keys[0]!;
    await db.deleteFrom('product_keys').where('key_hash', '=', hashProductKey(hmacKey, unknown)).execute();
    assert.deepEqual(await findKeyByPlaintext(db, hmacKey, unknown), { ok: false, code: 'NOT_FOUND' });
  });
});

describe('who may', () => {
  test('support agents read and look up, but cannot make, revoke or download', async () => {
    const { batch, keys } = await makeBatch(1);
    assert.equal((await t.inject({ method: 'GET', url: '/v1/key-batches', headers: agent.headers })).statusCode, 200);
    assert.equal((await t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}`, headers: agent.headers })).statusCode, 200);
    assert.equal((await lookup(keys[0]!, agent)).statusCode, 200);
    const make = await t.inject({ method: 'POST', url: '/v1/key-batches', headers: agent.writeHeaders, payload: { planId, kind: 'subscription', quantity: 1, seatsPerKey: 1, redeemBy: '2030-01-01' } });
    assertProblem(make, 403, 'ROLE_REQUIRED');
    assertProblem(await revokeKey(keys[0]!, agent), 403, 'ROLE_REQUIRED');
    assertProblem(await revokeBatch(batch.id, agent), 403, 'ROLE_REQUIRED');
    assertProblem(await t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}/keys.csv`, headers: agent.writeHeaders }), 403, 'ROLE_REQUIRED');
    assert.equal((await lookup(keys[0]!)).json().state, 'unused');
  });

  test('customers and partners learn nothing: 404 on every route; nobody signed in: 401', async () => {
    const { batch, keys } = await makeBatch(1);
    const customer = await createOrg(t, { name: 'Curious KK' });
    const partner = await createOrg(t, { kind: 'partner', name: 'Curious Partner' });
    const outsiders = [await createActor(t, customer.id, ['global_admin']), await createActor(t, partner.id, ['partner_admin'])];
    const calls = (headers: Record<string, string>) => [
      t.inject({ method: 'GET', url: '/v1/key-batches', headers }),
      t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}`, headers }),
      t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}/keys.csv`, headers }),
      t.inject({ method: 'POST', url: `/v1/key-batches/${batch.id}/revoke`, headers }),
      t.inject({ method: 'POST', url: '/v1/key-batches', headers, payload: { planId, kind: 'subscription', quantity: 1, seatsPerKey: 1, redeemBy: '2030-01-01' } }),
      t.inject({ method: 'POST', url: '/v1/product-keys/lookup', headers, payload: { key: keys[0] } }),
      t.inject({ method: 'POST', url: '/v1/product-keys/revoke', headers, payload: { key: keys[0] } }),
    ];
    for (const outsider of outsiders) {
      for (const response of await Promise.all(calls(outsider.writeHeaders))) assertProblem(response, 404, 'NOT_FOUND');
    }
    for (const response of await Promise.all(calls({}))) assertProblem(response, 401, 'UNAUTHENTICATED');
    assert.equal((await lookup(keys[0]!)).json().state, 'unused');
    assert.equal((await t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}`, headers: agent.headers })).json().csvAvailable, true);
  });
});

test('the request log records every key request but never a key', async () => {
  const { keys } = await makeBatch(3);
  await lookup(keys[0]!);
  await lookup(keys[0]!.toLowerCase().replaceAll('-', ' '));
  await lookup(`${keys[1]!.slice(0, 7)}O${keys[1]!.slice(8)}`);
  await revokeKey(keys[2]!);
  const logs = t.logs.join('');
  assert.ok(logs.includes('/v1/product-keys/lookup') && logs.includes('/v1/product-keys/revoke'), 'the log is real: it records the requests');
  for (const key of keys) {
    for (const form of [key, key.replaceAll('-', ''), key.toLowerCase(), key.slice(0, 11)]) {
      assert.ok(!logs.includes(form), `the log holds ${form}`);
    }
  }
});
