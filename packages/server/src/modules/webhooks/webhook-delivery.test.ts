// Webhooks to a real HTTP receiver in this process, checked the way a receiver checks them
// (verifyWebhook on the raw bytes): valid, tampered, wrong secret, stale and future timestamps,
// two secrets during a rotation; retries with backoff and dead letters with a failing
// receiver (the manual clock moves, nothing sleeps), and redelivery.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOrg, signInAs } from '../../../test/support/fixtures.ts';
import { BACKOFF_BASE_MS } from '../notifications/deliveries.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../notifications/testing.ts';
import { createPerson, emitEvent, settleOutbox, type Person } from '../notifications/test-fixtures.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { verifyWebhook } from './signature.ts';

let t: TestApp;
let receiver: WebhookReceiver;
let customerId: string;
let admin: Person;
let endpointId: string;
let secret: string;

const seconds = () => Math.floor(t.clock.now().epochMilliseconds / 1000);
const base = () => `/v1/organizations/${customerId}/webhook-endpoints`;

before(async () => {
  receiver = await startWebhookReceiver();
  t = await createTestApp({ deliveryMaxAttempts: 3, webhookTimeoutMs: 500 });
  customerId = (await createOrg(t, { name: 'Hooked KK' })).id;
  admin = await createPerson(t, customerId, ['global_admin'], 'en');
  const created = await t.inject({
    method: 'POST',
    url: base(),
    headers: { ...admin.writeHeaders, 'idempotency-key': 'create-endpoint-1' },
    payload: { url: receiver.url, eventTypes: ['subscription.*'], description: 'CRM' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.headers['cache-control'], 'no-store');
  endpointId = created.json().webhookEndpoint.id;
  secret = created.json().secret;
  assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
});
after(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(async () => {
  await settleOutbox(t);
  receiver.requests.length = 0;
  receiver.respondWith(200);
  Object.assign(admin, await signInAs(t, admin.userId));
});

// Webhook-only event types, so that no mail is involved (notifications/event-registry.ts).
async function deliverOne(type = 'subscription.seats_added') {
  const eventId = await emitEvent(t, customerId, type, { subscriptionId: 'sub_hook', endDate: '2026-11-20' });
  await deliverAllDue(t.ctx);
  return { eventId, request: receiver.requests.at(-1)! };
}

describe('a delivery', () => {
  test('is a signed POST of { id, type, createdAt, organizationId, data } that verifies with the secret', async () => {
    const { eventId, request } = await deliverOne();
    assert.equal(receiver.requests.length, 1);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['licentia-event-id'], eventId);
    assert.deepEqual(JSON.parse(request.body.toString('utf8')), {
      id: eventId,
      type: 'subscription.seats_added',
      createdAt: t.clock.now().toString({ smallestUnit: 'millisecond' }),
      organizationId: customerId,
      data: { subscriptionId: 'sub_hook', endDate: '2026-11-20' },
    });
    const header = String(request.headers['licentia-signature']);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    const check = (overrides: Partial<Parameters<typeof verifyWebhook>[0]>) => verifyWebhook({ body: request.body, header, secrets: [secret], now: seconds(), ...overrides });
    assert.deepEqual(check({}), { ok: true });
    const tampered = Buffer.from(request.body);
    const at = tampered.length - 3;
    tampered[at] = tampered[at]! ^ 1;
    assert.deepEqual(check({ body: tampered }), { ok: false, reason: 'NO_MATCHING_SIGNATURE' });
    assert.deepEqual(check({ secrets: ['whsec_not-the-secret'] }), { ok: false, reason: 'NO_MATCHING_SIGNATURE' });
    assert.deepEqual(check({ now: seconds() + 300 }), { ok: true });
    assert.deepEqual(check({ now: seconds() + 301 }), { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' });
    assert.deepEqual(check({ now: seconds() - 301 }), { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' });
  });

  test('goes only to endpoints whose filter takes the event type', async () => {
    await deliverOne('invoice.issued');
    assert.equal(receiver.requests.length, 0);
  });
});

describe('secret rotation', () => {
  test('signs with both secrets during the grace period, then with the new one only', async () => {
    const rotated = await t.inject({ method: 'POST', url: `${base()}/${endpointId}/rotate-secret`, headers: admin.writeHeaders, payload: { graceHours: 24 } });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh = rotated.json().secret as string;
    assert.notEqual(fresh, secret);
    assert.equal(rotated.json().webhookEndpoint.previousSecretExpiresAt, t.clock.now().add({ hours: 24 }).toString({ smallestUnit: 'millisecond' }));

    const during = (await deliverOne()).request;
    const header = String(during.headers['licentia-signature']);
    assert.equal(header.split(',').filter((p) => p.startsWith('v1=')).length, 2);
    for (const held of [[secret], [fresh], [secret, fresh]]) {
      assert.deepEqual(verifyWebhook({ body: during.body, header, secrets: held, now: seconds() }), { ok: true });
    }

    t.clock.advance({ hours: 25 });
    Object.assign(admin, await signInAs(t, admin.userId));
    const afterGrace = (await deliverOne()).request;
    const later = String(afterGrace.headers['licentia-signature']);
    assert.equal(later.split(',').filter((p) => p.startsWith('v1=')).length, 1);
    assert.deepEqual(verifyWebhook({ body: afterGrace.body, header: later, secrets: [fresh], now: seconds() }), { ok: true });
    assert.deepEqual(verifyWebhook({ body: afterGrace.body, header: later, secrets: [secret], now: seconds() }), { ok: false, reason: 'NO_MATCHING_SIGNATURE' });
    secret = fresh;
  });

  test('with no grace, the old secret stops at once', async () => {
    const rotated = await t.inject({ method: 'POST', url: `${base()}/${endpointId}/rotate-secret`, headers: admin.writeHeaders, payload: { graceHours: 0 } });
    const fresh = rotated.json().secret as string;
    const { request } = await deliverOne();
    const header = String(request.headers['licentia-signature']);
    assert.deepEqual(verifyWebhook({ body: request.body, header, secrets: [secret], now: seconds() }), { ok: false, reason: 'NO_MATCHING_SIGNATURE' });
    assert.deepEqual(verifyWebhook({ body: request.body, header, secrets: [fresh], now: seconds() }), { ok: true });
    secret = fresh;
  });
});

describe('a failing receiver', () => {
  test('is retried with backoff until the delivery is dead; an admin sees it in the log and redelivers it', async () => {
    receiver.respondWith(500);
    const eventId = await emitEvent(t, customerId, 'subscription.cancelled', { subscriptionId: 'sub_fail' });
    const row = () => t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).where('channel', '=', 'webhook').executeTakeFirstOrThrow();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await deliverAllDue(t.ctx);
      const current = await row();
      assert.equal(current.attempts, attempt);
      assert.equal(current.last_status, 500);
      assert.equal(current.last_error, 'HTTP 500', "the receiver's answer is never stored");
      if (attempt < 3) {
        assert.equal(current.state, 'pending');
        const wait = Temporal.Instant.from(current.next_attempt_at).since(t.clock.now()).total('milliseconds');
        assert.ok(wait >= (BACKOFF_BASE_MS * 2 ** (attempt - 1)) / 2 && wait <= BACKOFF_BASE_MS * 2 ** (attempt - 1), `waits ${wait} ms`);
        t.clock.advance({ milliseconds: wait });
      } else {
        assert.equal(current.state, 'dead');
      }
    }
    assert.equal(receiver.requests.length, 3);
    assert.ok(receiver.requests.every((r) => JSON.parse(r.body.toString('utf8')).id === eventId), 'every attempt carries the same event id');

    Object.assign(admin, await signInAs(t, admin.userId));
    const log = await t.inject({ method: 'GET', url: `${base()}/${endpointId}/deliveries?state=dead`, headers: admin.headers });
    assert.equal(log.statusCode, 200);
    const dead = log.json().data as { id: string; eventId: string; lastStatus: number }[];
    assert.deepEqual(dead.map((d) => [d.eventId, d.lastStatus]), [[eventId, 500]]);

    receiver.respondWith(204);
    const redelivered = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${dead[0]!.id}/redeliver`, headers: admin.writeHeaders });
    assert.equal(redelivered.statusCode, 200, redelivered.body);
    await deliverAllDue(t.ctx);
    assert.deepEqual([(await row()).state, (await row()).last_status], ['delivered', 204]);
  });

  test('that never answers times out and is retried', async () => {
    receiver.respondWith('hang');
    const eventId = await emitEvent(t, customerId, 'subscription.auto_renewed', { subscriptionId: 'sub_hang' });
    await deliverAllDue(t.ctx);
    const row = await t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.last_error], ['pending', 'no answer within 0.5 s']);
  });
});

describe('disabling and deleting an endpoint', () => {
  test('cancels what is queued for it; redelivery waits until it is enabled again', async () => {
    receiver.respondWith(503);
    const eventId = await emitEvent(t, customerId, 'subscription.deleted', { subscriptionId: 'sub_off' });
    await deliverAllDue(t.ctx);
    const disabled = await t.inject({ method: 'PATCH', url: `${base()}/${endpointId}`, headers: admin.writeHeaders, payload: { active: false } });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().active, false);
    const row = await t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.last_error], ['cancelled', 'the endpoint was disabled']);
    const refused = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${row.id}/redeliver`, headers: admin.writeHeaders });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'WEBHOOK_ENDPOINT_INACTIVE');

    receiver.respondWith(200);
    await t.inject({ method: 'PATCH', url: `${base()}/${endpointId}`, headers: admin.writeHeaders, payload: { active: true } });
    const redelivered = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${row.id}/redeliver`, headers: admin.writeHeaders });
    assert.equal(redelivered.statusCode, 200, redelivered.body);
    await deliverAllDue(t.ctx);
    const after = await t.ctx.database.db.selectFrom('deliveries').select('state').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(after.state, 'delivered');
  });
});
