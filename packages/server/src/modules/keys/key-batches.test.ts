// Key batches: N distinct, valid keys stored as keyed hashes; the checks on plan, kind, seats,
// redeem-by day (in the vendor's zone) and partner; all or nothing; the one-time CSV; idempotent
// replay; listing with counts; and a hash collision replaced rather than dropped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { keyLast5, parseKey, type RandomSource } from '@licentia/core/keys';
import { replayRandom, seededRandom } from '@licentia/core/keys/testing';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, createToken, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { unseal } from '../../security/seal.ts';
import { hashProductKey, makeKeyMaterial, productKeyHmacKey } from './material.ts';
import { createKeyBatch } from './service.ts';

let t: TestApp;
let vendorId: string;
let admin: Actor;
let agent: Actor;
let planId: string;
let planSku: string;

before(async () => {
  t = await createTestApp();
  vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor KK' })).id;
  admin = await createActor(t, vendorId, ['vendor_admin']);
  agent = await createActor(t, vendorId, ['support_agent']);
  const plan = await createTestPlan(t, { maxSeatsPerSubscription: 50 });
  planId = plan.planId;
  planSku = plan.plan.sku;
});
after(() => t.close());

function body(overrides: Record<string, unknown> = {}) {
  return { planId, kind: 'subscription', quantity: 3, seatsPerKey: 5, redeemBy: '2030-12-31', ...overrides };
}

function createBatch(payload: object, headers: Record<string, string> = admin.writeHeaders) {
  return t.inject({ method: 'POST', url: '/v1/key-batches', headers, payload });
}

function downloadCsv(batchId: string, headers: Record<string, string> = admin.writeHeaders) {
  return t.inject({ method: 'GET', url: `/v1/key-batches/${batchId}/keys.csv`, headers });
}

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json();
  assert.equal(problem.code, code);
  return problem;
}

async function rowCounts() {
  const db = t.ctx.database.db;
  const count = async (table: 'key_batches' | 'product_keys' | 'audit_events') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { batches: await count('key_batches'), keys: await count('product_keys'), audit: await count('audit_events') };
}

async function withClock<T>(instant: string, work: () => Promise<T>): Promise<T> {
  t.clock.set(instant);
  try {
    return await work();
  } finally {
    t.clock.set(TEST_START);
  }
}

describe('making a batch', () => {
  test('returns N distinct keys in canonical form that parse, stored only as HMAC and last five', async () => {
    const response = await createBatch(body({ quantity: 500, label: 'Retail cards' }));
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    const { batch, keys } = response.json() as { batch: Record<string, unknown>; keys: string[] };
    assert.equal(keys.length, 500);
    assert.equal(new Set(keys).size, 500);
    for (const key of keys) assert.deepEqual(parseKey(key), { ok: true, key });
    assert.match(String(batch.id), /^kbt_/);
    assert.deepEqual(
      { ...batch, id: undefined, createdBy: undefined },
      {
        id: undefined,
        planId,
        kind: 'subscription',
        seatsPerKey: 5,
        quantity: 500,
        redeemBy: '2030-12-31',
        // The vendor is in Japan: 2030-12-31 ends at midnight Tokyo time.
        redeemableUntil: '2030-12-31T15:00:00.000Z',
        partnerOrganizationId: null,
        label: 'Retail cards',
        createdBy: undefined,
        createdAt: '2026-11-21T00:30:00.000Z',
        revokedAt: null,
        csvAvailable: true,
        csvDownloadedAt: null,
      },
    );
    assert.equal(batch.createdBy, admin.userId);

    const rows = await t.ctx.database.db.selectFrom('product_keys').selectAll().where('batch_id', '=', String(batch.id)).execute();
    assert.equal(rows.length, 500);
    const hmacKey = t.ctx.secrets.derive('product-key-hmac');
    const byHash = new Map(rows.map((r) => [r.key_hash, r]));
    for (const key of keys) {
      const row = byHash.get(hashProductKey(hmacKey, key));
      assert.ok(row, `${key} is stored by its HMAC`);
      assert.equal(row.last5, keyLast5(key));
      assert.equal(row.state, 'unused');
      assert.equal(row.redeemed_at, null);
    }
  });

  test('is audited in the vendor organization, without any key', async () => {
    const response = await createBatch(body({ quantity: 2 }));
    const { batch, keys } = response.json() as { batch: { id: string }; keys: string[] };
    const events = await t.ctx.database.db.selectFrom('audit_events').selectAll().where('target_id', '=', batch.id).execute();
    assert.equal(events.length, 1);
    const event = events[0]!;
    assert.equal(event.organization_id, vendorId);
    assert.equal(event.action, 'key_batch.created');
    assert.equal(event.actor_id, admin.userId);
    assert.deepEqual(JSON.parse(event.data), { planId, kind: 'subscription', quantity: 2, seatsPerKey: 5, redeemBy: '2030-12-31', partnerOrganizationId: null, label: null });
    for (const key of keys) assert.ok(!event.data.includes(key.slice(0, 11)));
  });

  test('for a partner organization', async () => {
    const partner = await createOrg(t, { kind: 'partner', name: 'Reseller KK' });
    const response = await createBatch(body({ partnerOrganizationId: partner.id }));
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().batch.partnerOrganizationId, partner.id);
  });

  test('trial keys of a trial plan', async () => {
    const trial = await createTestPlan(t, { category: 'trial', trialDays: 30 });
    const response = await createBatch(body({ planId: trial.planId, kind: 'trial', seatsPerKey: 1 }));
    assert.equal(response.statusCode, 201, response.body);
  });

  test('an Idempotency-Key replays the same keys byte for byte, and makes one batch', async () => {
    const headers = { ...admin.writeHeaders, 'idempotency-key': 'batch-replay-1' };
    const first = await createBatch(body({ quantity: 20 }), headers);
    assert.equal(first.statusCode, 201, first.body);
    const before = await rowCounts();
    const second = await createBatch(body({ quantity: 20 }), headers);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.body, first.body);
    assert.deepEqual(await rowCounts(), before);
  });
});

describe('the redeem-by day', () => {
  test("is today or later in the vendor's time zone, not in UTC", async () => {
    // 16:00 UTC on the 21st is already 01:00 on the 22nd in Tokyo.
    await withClock('2026-11-21T16:00:00Z', async () => {
      // A fresh session: the first one has expired by then.
      const headers = (await signInAs(t, admin.userId)).writeHeaders;
      const past = assertProblem(await createBatch(body({ redeemBy: '2026-11-21' }), headers), 422, 'KEY_BATCH_REDEEM_BY_PAST');
      assert.equal(past.today, '2026-11-22');
      assert.equal(past.timeZone, 'Asia/Tokyo');
      assert.match(past.title, /2026-11-21 is in the past/);
      const today = await createBatch(body({ redeemBy: '2026-11-22' }), headers);
      assert.equal(today.statusCode, 201, today.body);
      assert.equal(today.json().batch.redeemableUntil, '2026-11-22T15:00:00.000Z');
    });
  });

  test('ends at the local midnight after it, across daylight-saving changes', async () => {
    const db = t.ctx.database.db;
    await db.updateTable('organizations').set({ time_zone: 'America/New_York' }).where('id', '=', vendorId).execute();
    try {
      // New York springs forward on 2027-03-14 and falls back on 2027-11-07.
      const spring = await createBatch(body({ redeemBy: '2027-03-13' }));
      assert.equal(spring.json().batch.redeemableUntil, '2027-03-14T05:00:00.000Z');
      const afterSpring = await createBatch(body({ redeemBy: '2027-03-14' }));
      assert.equal(afterSpring.json().batch.redeemableUntil, '2027-03-15T04:00:00.000Z');
      const autumn = await createBatch(body({ redeemBy: '2027-11-07' }));
      assert.equal(autumn.json().batch.redeemableUntil, '2027-11-08T05:00:00.000Z');
    } finally {
      await db.updateTable('organizations').set({ time_zone: 'Asia/Tokyo' }).where('id', '=', vendorId).execute();
    }
  });

  test('must be a real date', async () => {
    for (const redeemBy of ['2027-02-30', '2027-13-01', '20271231', 'tomorrow']) {
      assertProblem(await createBatch(body({ redeemBy })), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('refusals change nothing', () => {
  test('quantity 0 and 100,001, seats 0, unknown fields: refused by the schema', async () => {
    const before = await rowCounts();
    for (const overrides of [{ quantity: 0 }, { quantity: 100_001 }, { quantity: 2.5 }, { quantity: '3' }, { seatsPerKey: 0 }, { kind: 'gift' }, { extra: true }]) {
      assertProblem(await createBatch(body(overrides)), 400, 'VALIDATION_FAILED');
    }
    assert.deepEqual(await rowCounts(), before);
  });

  test('plan, kind, seats and partner are checked, each with its own code', async () => {
    const inactive = await createTestPlan(t);
    await t.ctx.database.db.updateTable('plans').set({ active: 0 }).where('id', '=', inactive.planId).execute();
    const trial = await createTestPlan(t, { category: 'trial' });
    const customer = await createOrg(t, { name: 'Not A Partner KK' });
    const before = await rowCounts();

    assertProblem(await createBatch(body({ planId: 'pln_nope' })), 422, 'KEY_BATCH_PLAN_UNAVAILABLE');
    assertProblem(await createBatch(body({ planId: inactive.planId })), 422, 'KEY_BATCH_PLAN_UNAVAILABLE');
    const trialOfStandard = assertProblem(await createBatch(body({ kind: 'trial' })), 422, 'KEY_BATCH_KIND_NOT_FOR_PLAN');
    assert.equal(trialOfStandard.category, 'standard');
    assertProblem(await createBatch(body({ planId: trial.planId, kind: 'subscription' })), 422, 'KEY_BATCH_KIND_NOT_FOR_PLAN');
    const seats = assertProblem(await createBatch(body({ seatsPerKey: 51 })), 422, 'KEY_BATCH_SEATS_EXCEED_PLAN');
    assert.equal(seats.maximum, 50);
    assert.equal((await createBatch(body({ seatsPerKey: 50, quantity: 1 }))).statusCode, 201, 'the maximum itself is allowed');
    const afterMaximum = await rowCounts();
    assertProblem(await createBatch(body({ partnerOrganizationId: customer.id, quantity: 1000 })), 422, 'KEY_BATCH_PARTNER_INVALID');
    assertProblem(await createBatch(body({ partnerOrganizationId: 'org_nope', quantity: 1000 })), 422, 'KEY_BATCH_PARTNER_INVALID');
    assert.equal(afterMaximum.batches, before.batches + 1);
    assert.deepEqual(await rowCounts(), afterMaximum);
  });

  test('the messages speak Japanese when asked', async () => {
    const response = await createBatch(body({ seatsPerKey: 51 }), { ...admin.writeHeaders, 'accept-language': 'ja' });
    const problem = assertProblem(response, 422, 'KEY_BATCH_SEATS_EXCEED_PLAN');
    assert.match(problem.title, /キーあたりの座席数 51/);
  });

  test('a failure after the keys are written leaves no batch, no key and no audit row', async () => {
    const before = await rowCounts();
    t.ctx.failpoints.set('mutation.before-commit', () => {
      throw new Error('failpoint: die before commit');
    });
    try {
      const response = await createBatch(body({ quantity: 20_000 }));
      assertProblem(response, 500, 'INTERNAL_ERROR');
    } finally {
      t.ctx.failpoints.clear('mutation.before-commit');
    }
    assert.deepEqual(await rowCounts(), before);
  });
});

describe('the one-time CSV', () => {
  test('holds exactly the keys, once; then 410 and the sealed copy is gone', async () => {
    const created = (await createBatch(body({ quantity: 50 }))).json() as { batch: { id: string }; keys: string[] };
    const response = await downloadCsv(created.batch.id);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(String(response.headers['content-disposition']), new RegExp(`^attachment; filename="${created.batch.id}\\.csv"$`));
    const lines = response.body.split('\r\n');
    assert.equal(lines.pop(), '', 'the last line ends with CRLF');
    assert.equal(lines[0], 'key,last5,plan_sku,kind,seats,redeem_by');
    assert.deepEqual(
      lines.slice(1),
      created.keys.map((key) => `${key},${keyLast5(key)},${planSku},subscription,5,2030-12-31`),
    );

    const stored = await t.ctx.database.db.selectFrom('key_batches').selectAll().where('id', '=', created.batch.id).executeTakeFirstOrThrow();
    assert.equal(stored.sealed_csv, null);
    assert.equal(stored.csv_downloaded_at, '2026-11-21T00:30:00.000Z');
    const detail = (await t.inject({ method: 'GET', url: `/v1/key-batches/${created.batch.id}`, headers: agent.headers })).json();
    assert.equal(detail.csvAvailable, false);
    assert.equal(detail.csvDownloadedAt, '2026-11-21T00:30:00.000Z');

    const again = assertProblem(await downloadCsv(created.batch.id), 410, 'KEY_BATCH_CSV_ALREADY_DOWNLOADED');
    assert.equal(again.downloadedAt, '2026-11-21T00:30:00.000Z');
    const audited = await t.ctx.database.db.selectFrom('audit_events').select('action').where('target_id', '=', created.batch.id).orderBy('id').execute();
    assert.deepEqual(audited.map((e) => e.action), ['key_batch.created', 'key_batch.csv_downloaded']);
  });

  test('is sealed at rest until then: the stored text is not the CSV, and unseals to it', async () => {
    const created = (await createBatch(body({ quantity: 5 }))).json() as { batch: { id: string }; keys: string[] };
    const stored = await t.ctx.database.db.selectFrom('key_batches').select('sealed_csv').where('id', '=', created.batch.id).executeTakeFirstOrThrow();
    assert.ok(stored.sealed_csv);
    for (const key of created.keys) assert.ok(!stored.sealed_csv.includes(key));
    const csv = unseal(t.ctx.secrets.derive('key-batch-seal'), stored.sealed_csv);
    assert.equal(csv, (await downloadCsv(created.batch.id)).body);
  });

  test("needs a session's CSRF token, because the download destroys it; API tokens need none", async () => {
    const created = (await createBatch(body({ quantity: 1 }))).json() as { batch: { id: string } };
    assertProblem(await downloadCsv(created.batch.id, admin.headers), 403, 'CSRF_TOKEN_INVALID');
    assertProblem(await downloadCsv(created.batch.id, { ...admin.headers, 'x-csrf-token': 'forged' }), 403, 'CSRF_TOKEN_INVALID');
    const token = await createToken(t, vendorId, ['vendor_admin']);
    assert.equal((await downloadCsv(created.batch.id, token.headers)).statusCode, 200, 'the CSV was still there');
  });

  test('of concurrent downloads exactly one gets it', async () => {
    const created = (await createBatch(body({ quantity: 100 }))).json() as { batch: { id: string } };
    const responses = await Promise.all(Array.from({ length: 6 }, () => downloadCsv(created.batch.id)));
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 410, 410, 410, 410, 410]);
  });

  test('a HEAD request does not spend it', async () => {
    const created = (await createBatch(body({ quantity: 1 }))).json() as { batch: { id: string } };
    const head = await t.inject({ method: 'HEAD', url: `/v1/key-batches/${created.batch.id}/keys.csv`, headers: admin.writeHeaders });
    assert.equal(head.statusCode, 404);
    assert.equal((await downloadCsv(created.batch.id)).statusCode, 200);
  });

  test('support agents cannot download it', async () => {
    const created = (await createBatch(body({ quantity: 1 }))).json() as { batch: { id: string } };
    assertProblem(await downloadCsv(created.batch.id, agent.writeHeaders), 403, 'ROLE_REQUIRED');
    assertProblem(await downloadCsv('kbt_nope'), 404, 'NOT_FOUND');
  });
});

describe('reading batches', () => {
  test('the list is newest first and paginates; support agents read it', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await createBatch(body({ quantity: 1, label: `page ${i}` }))).json().batch.id);
    const first = await t.inject({ method: 'GET', url: '/v1/key-batches?limit=2', headers: agent.headers });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().data.map((b: { id: string }) => b.id), [made[2], made[1]]);
    const second = await t.inject({ method: 'GET', url: `/v1/key-batches?limit=2&cursor=${first.json().nextCursor}`, headers: agent.headers });
    assert.equal(second.json().data[0].id, made[0]);
    const all = await t.inject({ method: 'GET', url: '/v1/key-batches?limit=200', headers: admin.headers });
    const ids = all.json().data.map((b: { id: string }) => b.id);
    assert.deepEqual(ids, [...ids].sort().reverse());
  });

  test('a batch counts its keys by state', async () => {
    const created = (await createBatch(body({ quantity: 10 }))).json() as { batch: { id: string } };
    const db = t.ctx.database.db;
    const ids = (await db.selectFrom('product_keys').select('id').where('batch_id', '=', created.batch.id).orderBy('id').execute()).map((r) => r.id);
    await db.updateTable('product_keys').set({ state: 'redeemed', redeemed_at: '2026-11-21T00:30:00.000Z' }).where('id', 'in', ids.slice(0, 3)).execute();
    await db.updateTable('product_keys').set({ state: 'revoked', revoked_at: '2026-11-21T00:30:00.000Z' }).where('id', '=', ids[3]!).execute();
    const detail = await t.inject({ method: 'GET', url: `/v1/key-batches/${created.batch.id}`, headers: agent.headers });
    assert.equal(detail.statusCode, 200, detail.body);
    assert.deepEqual(detail.json().counts, { unused: 6, redeemed: 3, revoked: 1 });
    assertProblem(await t.inject({ method: 'GET', url: '/v1/key-batches/kbt_nope', headers: agent.headers }), 404, 'NOT_FOUND');
  });
});

describe('collisions', () => {
  const hmacKeyOf = () => productKeyHmacKey(t.ctx.secrets.derive('product-key-hmac'));
  const makeWith = (quantity: number, random: RandomSource) => {
    const hmacKey = hmacKeyOf();
    const sealKey = t.ctx.secrets.derive('key-batch-seal');
    const now = t.clock.now();
    const material = makeKeyMaterial(quantity, hmacKey, now, random);
    return inTransaction(t.ctx.database.db, (tx) =>
      createKeyBatch({ tx, dialect: t.ctx.database.dialect, audit: { principal: { kind: 'anonymous' }, now } }, { hmacKey, sealKey }, body({ quantity }) as never, material),
    );
  };

  /** The batch's stored hashes and its sealed CSV's keys match the keys it returned. */
  async function assertStoredAsReturned(created: { row: { id: string }; keys: string[] }) {
    const db = t.ctx.database.db;
    const rows = await db.selectFrom('product_keys').select('key_hash').where('batch_id', '=', created.row.id).execute();
    assert.deepEqual(rows.map((r) => r.key_hash).sort(), created.keys.map((k) => hashProductKey(hmacKeyOf(), k)).sort());
    const stored = await db.selectFrom('key_batches').select('sealed_csv').where('id', '=', created.row.id).executeTakeFirstOrThrow();
    const csvKeys = unseal(t.ctx.secrets.derive('key-batch-seal'), stored.sealed_csv!).split('\r\n').slice(1, -1).map((line) => line.split(',')[0]);
    assert.deepEqual(csvKeys, created.keys, 'the CSV holds the replacements too');
  }

  test('a key whose hash another batch holds is replaced, so the batch keeps its size', async () => {
    // The same seed twice: the second batch's first key is the first batch's key.
    const first = await makeWith(1, seededRandom(20261121));
    const second = await makeWith(3, seededRandom(20261121));
    assert.ok(!second.keys.includes(first.keys[0]!), 'the colliding key was replaced');
    assert.equal(new Set(second.keys).size, 3);
    await assertStoredAsReturned(second);
  });

  test('so are keys that repeat within the batch', async () => {
    // A source that always gives the same bytes makes the same key every time.
    const created = await makeWith(4, replayRandom([7]));
    assert.equal(new Set(created.keys).size, 4);
    for (const key of created.keys) assert.ok(parseKey(key).ok);
    await assertStoredAsReturned(created);
  });
});
