// No product key is ever stored in plaintext (SPEC §2, §10): after every path that handles keys
// (creation with a replayable idempotency record, the CSV before and after its download, lookup,
// revocation by key), no key appears, formatted or compact, in any row of the key tables, the
// audit log or the idempotency records, nor in the raw database (the SQLite file and its WAL,
// or pg_dump on PostgreSQL), nor in the logs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { rawDump, sqlDump, tableDump } from '../../../test/support/dump.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';

let t: TestApp;
const keys: string[] = [];
const batchIds: string[] = [];

before(async () => {
  t = await createTestApp({ logLevel: 'trace' });
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  const admin = await createActor(t, vendor.id, ['vendor_admin']);
  const { planId } = await createTestPlan(t);
  const make = async (quantity: number, idempotencyKey?: string) => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/key-batches',
      headers: { ...admin.writeHeaders, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: { planId, kind: 'subscription', quantity, seatsPerKey: 1, redeemBy: '2030-12-31' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json() as { batch: { id: string }; keys: string[] };
    keys.push(...created.keys);
    batchIds.push(created.batch.id);
    return created;
  };
  // Its response (all 200 keys) is kept for replay, and its CSV is never downloaded.
  await make(200, 'keep-for-replay');
  // This one's CSV is downloaded, so it was sealed, then cleared.
  const downloaded = await make(50);
  const csv = await t.inject({ method: 'GET', url: `/v1/key-batches/${downloaded.batch.id}/keys.csv`, headers: admin.writeHeaders });
  assert.equal(csv.statusCode, 200);
  for (const [i, key] of keys.slice(0, 5).entries()) {
    const headers = { ...admin.writeHeaders, 'idempotency-key': `lookup-${i}` };
    assert.equal((await t.inject({ method: 'POST', url: '/v1/product-keys/lookup', headers, payload: { key: key.toLowerCase() } })).statusCode, 200);
  }
  const revoke = await t.inject({ method: 'POST', url: '/v1/product-keys/revoke', headers: { ...admin.writeHeaders, 'idempotency-key': 'revoke-1' }, payload: { key: keys[7] } });
  assert.equal(revoke.statusCode, 200, revoke.body);
  const revokeBatch = await t.inject({ method: 'POST', url: `/v1/key-batches/${downloaded.batch.id}/revoke`, headers: { ...admin.writeHeaders, 'idempotency-key': 'revoke-2' } });
  assert.equal(revokeBatch.statusCode, 200, revokeBatch.body);
});
after(() => t.close());

function forms(key: string): string[] {
  return [key, key.replaceAll('-', '')];
}

test('the rows of the key tables, the audit log and the idempotency records hold no key', async () => {
  assert.equal(keys.length, 250);
  const tables = ['product_keys', 'key_batches', 'audit_events', 'idempotency_keys'];
  const dumps = Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await tableDump(t, table)] as const)));
  // The dumps are real: they hold what is kept of the keys, and the replayable record.
  assert.ok(keys.every((key) => dumps.product_keys!.includes(`"${key.slice(-5)}"`)));
  assert.ok(batchIds.every((id) => dumps.key_batches!.includes(id) && dumps.audit_events!.includes(id)));
  assert.ok(dumps.idempotency_keys!.includes('keep-for-replay'));
  for (const [table, dump] of Object.entries(dumps)) {
    for (const key of keys) for (const form of forms(key)) assert.ok(!dump.includes(form), `${table} holds the key ${form}`);
  }
});

test('no table at all holds a key, nor does the raw database', async () => {
  const everything = await sqlDump(t);
  const raw = rawDump(t);
  assert.ok(raw.includes(batchIds[0]!), 'the raw dump is real: it holds ordinary data');
  for (const key of keys) {
    for (const form of forms(key)) {
      assert.ok(!everything.includes(form), `a table holds the key ${form}`);
      assert.ok(!raw.includes(form), `the raw database holds the key ${form}`);
    }
  }
});

test('the logs hold no key, though they record every request', () => {
  const logs = t.logs.join('');
  assert.ok(logs.includes('/v1/key-batches') && logs.includes('/v1/product-keys/lookup'));
  for (const key of keys) for (const form of [...forms(key), key.toLowerCase()]) assert.ok(!logs.includes(form), `the logs hold ${form}`);
});
