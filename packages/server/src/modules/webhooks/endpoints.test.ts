// The webhook endpoint API: the secret is shown at creation and rotation only (an idempotent
// replay shows the same one), kept sealed (never in a dump of the database or in the logs),
// URLs are checked, there is a limit per organization, and deleting cancels what was queued.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { rawDump, sqlDump } from '../../../test/support/dump.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { fanOutBatch } from '../notifications/fanout.ts';
import { createPerson, emitEvent, type Person } from '../notifications/test-fixtures.ts';
import { MAX_ENDPOINTS_PER_ORGANIZATION } from './endpoints.ts';

let t: TestApp;
let customerId: string;
let admin: Person;
const secrets: string[] = [];

before(async () => {
  t = await createTestApp({ logLevel: 'trace' });
  customerId = (await createOrg(t, { name: 'Endpoint KK' })).id;
  admin = await createPerson(t, customerId, ['global_admin'], 'ja');
});
after(() => t.close());

const base = () => `/v1/organizations/${customerId}/webhook-endpoints`;

function create(payload: object, key?: string) {
  return t.inject({ method: 'POST', url: base(), headers: { ...admin.writeHeaders, ...(key ? { 'idempotency-key': key } : {}) }, payload });
}

describe('creating an endpoint', () => {
  test('answers the secret once; reading the endpoint never shows it; a replay shows the same one', async () => {
    const first = await create({ url: 'https://hooks.example.com/a' }, 'endpoint-a');
    assert.equal(first.statusCode, 201, first.body);
    const { webhookEndpoint, secret } = first.json();
    secrets.push(secret);
    assert.deepEqual(webhookEndpoint.eventTypes, ['*'], 'every event type unless filtered');
    assert.equal(webhookEndpoint.active, true);
    const replay = await create({ url: 'https://hooks.example.com/a' }, 'endpoint-a');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.json().secret, secret);

    const read = await t.inject({ method: 'GET', url: `${base()}/${webhookEndpoint.id}`, headers: admin.headers });
    assert.equal(read.statusCode, 200);
    assert.ok(!read.body.includes(secret));
    const list = await t.inject({ method: 'GET', url: base(), headers: admin.headers });
    assert.deepEqual(list.json().data.map((e: { id: string }) => e.id), [webhookEndpoint.id]);
    assert.ok(!list.body.includes(secret));

    const rotated = await t.inject({ method: 'POST', url: `${base()}/${webhookEndpoint.id}/rotate-secret`, headers: admin.writeHeaders, payload: {} });
    assert.equal(rotated.statusCode, 200, rotated.body);
    secrets.push(rotated.json().secret);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', customerId).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action).filter((a) => a.startsWith('webhook')), ['webhook_endpoint.created', 'webhook_endpoint.secret_rotated']);
  });

  test('refuses URLs that are not absolute http(s), or carry credentials or a fragment', async () => {
    for (const url of ['not a url', 'ftp://files.example.com/x', 'https://user:pw@hooks.example.com/', 'https://hooks.example.com/#x']) {
      const response = await create({ url });
      assert.equal(response.statusCode, 422, url);
      assert.equal(response.json().code, 'WEBHOOK_URL_INVALID');
    }
    const badType = await create({ url: 'https://hooks.example.com/b', eventTypes: ['Subscription Expired'] });
    assert.equal(badType.statusCode, 400);
  });

  test(`allows at most ${MAX_ENDPOINTS_PER_ORGANIZATION} per organization`, async () => {
    const other = (await createOrg(t, { name: 'Many hooks KK' })).id;
    const owner = await createPerson(t, other, ['global_admin'], 'en');
    for (let i = 0; i < MAX_ENDPOINTS_PER_ORGANIZATION; i++) {
      const made = await t.inject({ method: 'POST', url: `/v1/organizations/${other}/webhook-endpoints`, headers: owner.writeHeaders, payload: { url: `https://hooks.example.com/${i}` } });
      assert.equal(made.statusCode, 201);
      secrets.push(made.json().secret);
    }
    const refused = await t.inject({ method: 'POST', url: `/v1/organizations/${other}/webhook-endpoints`, headers: owner.writeHeaders, payload: { url: 'https://hooks.example.com/one-more' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'WEBHOOK_ENDPOINT_LIMIT');
  });
});

test('changing an endpoint is audited with what changed', async () => {
  const made = await create({ url: 'https://hooks.example.com/c', eventTypes: ['subscription.*'] });
  secrets.push(made.json().secret);
  const id = made.json().webhookEndpoint.id as string;
  const changed = await t.inject({ method: 'PATCH', url: `${base()}/${id}`, headers: admin.writeHeaders, payload: { eventTypes: ['redemption.completed'], description: 'ERP' } });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual([changed.json().eventTypes, changed.json().description], [['redemption.completed'], 'ERP']);
  const row = await t.ctx.database.db.selectFrom('audit_events').select('data').where('target_id', '=', id).where('action', '=', 'webhook_endpoint.updated').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.data).event_types, { before: '["subscription.*"]', after: '["redemption.completed"]' });
});

test('deleting an endpoint cancels what is queued for it, and it is gone', async () => {
  const made = await create({ url: 'https://hooks.example.com/d' });
  secrets.push(made.json().secret);
  const id = made.json().webhookEndpoint.id as string;
  const eventId = await emitEvent(t, customerId, 'subscription.seats_added', { subscriptionId: 'sub_d' });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  const deleted = await t.inject({ method: 'DELETE', url: `${base()}/${id}`, headers: admin.writeHeaders });
  assert.equal(deleted.statusCode, 204);
  assert.equal((await t.inject({ method: 'GET', url: `${base()}/${id}`, headers: admin.headers })).statusCode, 404);
  assert.equal((await t.inject({ method: 'GET', url: `${base()}/${id}/deliveries`, headers: admin.headers })).statusCode, 404);
  const row = await t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).where('recipient_id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.state, row.last_error], ['cancelled', 'the endpoint was deleted']);
});

test('no webhook secret is stored or logged in plaintext', async () => {
  assert.ok(secrets.length > 3);
  const haystacks = { rows: await sqlDump(t), raw: rawDump(t), logs: t.logs.join('\n') };
  for (const secret of secrets) {
    for (const [where, text] of Object.entries(haystacks)) {
      assert.ok(!text.includes(secret), `a secret is in the ${where}`);
      assert.ok(!text.includes(secret.slice('whsec_'.length)), `a secret's body is in the ${where}`);
    }
  }
});
