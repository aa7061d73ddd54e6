// A mail server that keeps refusing: retries back off exponentially (with jitter, inside known
// bounds), the delivery becomes a dead letter after the last attempt, administrators see it and
// redeliver it through the API; a refusal for good (550) is dead at once.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOrg, signInAs } from '../../../test/support/fixtures.ts';
import { BACKOFF_BASE_MS, backoffMs, BACKOFF_CAP_MS } from './deliveries.ts';
import { deliverEmailBatch } from './email-delivery.ts';
import { fanOutBatch } from './fanout.ts';
import { startSmtpPeer, type SmtpPeer } from './testing.ts';
import { createPerson, createTestSubscription, emitEvent, settleOutbox, type Person } from './test-fixtures.ts';

const MAX_ATTEMPTS = 4;
let t: TestApp;
let peer: SmtpPeer;
let customerId: string;
let admin: Person;
let vendorAdmin: Person;
let supportAgent: Person;

before(async () => {
  peer = await startSmtpPeer();
  t = await createTestApp({ smtp: { url: peer.url }, deliveryMaxAttempts: MAX_ATTEMPTS });
  const vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor KK' })).id;
  vendorAdmin = await createPerson(t, vendorId, ['vendor_admin'], 'en');
  supportAgent = await createPerson(t, vendorId, ['support_agent'], 'en');
  customerId = (await createOrg(t, { name: 'Refused KK' })).id;
  admin = await createPerson(t, customerId, ['global_admin'], 'en');
});
after(async () => {
  await t.close();
  await peer.close();
});
beforeEach(async () => {
  await settleOutbox(t);
  peer.received.length = 0;
  peer.refuseWith(undefined);
});

test('backoff doubles from a minute up to 12 hours, with jitter in the upper half', () => {
  assert.equal(backoffMs(1, 0), BACKOFF_BASE_MS / 2);
  assert.equal(backoffMs(1, 1), BACKOFF_BASE_MS);
  assert.equal(backoffMs(3, 1), BACKOFF_BASE_MS * 4);
  assert.equal(backoffMs(30, 1), BACKOFF_CAP_MS);
  assert.equal(backoffMs(30, 0), BACKOFF_CAP_MS / 2);
});

async function mailOneEvent(): Promise<string> {
  const { subscriptionId } = await createTestSubscription(t, customerId, { endsInDays: -1 });
  const eventId = await emitEvent(t, customerId, 'subscription.expired', { subscriptionId });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  return eventId;
}

async function deliveryOf(eventId: string) {
  return t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
}

test('a temporary refusal is retried with backoff, then parked as a dead letter that admins see and redeliver', async () => {
  peer.refuseWith(451);
  const eventId = await mailOneEvent();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = t.clock.now();
    assert.equal(await deliverEmailBatch(t.ctx), 1, `attempt ${attempt} runs`);
    const row = await deliveryOf(eventId);
    assert.equal(row.attempts, attempt);
    assert.equal(row.last_status, 451);
    assert.match(row.last_error!, /451/);
    if (attempt < MAX_ATTEMPTS) {
      assert.equal(row.state, 'pending');
      const wait = Temporal.Instant.from(row.next_attempt_at).since(before).total('milliseconds');
      const ceiling = BACKOFF_BASE_MS * 2 ** (attempt - 1);
      assert.ok(wait >= ceiling / 2 && wait <= ceiling, `attempt ${attempt}: waits ${wait} ms`);
      assert.equal(await deliverEmailBatch(t.ctx), 0, 'not due before its time');
      t.clock.advance({ milliseconds: wait });
    } else {
      assert.equal(row.state, 'dead');
    }
  }
  t.clock.advance({ hours: 24 });
  assert.equal(await deliverEmailBatch(t.ctx), 0, 'a dead letter is not retried by itself');
  // Days have passed on the clock: everyone signs in again.
  for (const person of [admin, vendorAdmin, supportAgent]) Object.assign(person, await signInAs(t, person.userId));

  const own = await t.inject({ method: 'GET', url: `/v1/organizations/${customerId}/deliveries?state=dead`, headers: admin.headers });
  assert.equal(own.statusCode, 200);
  const dead = own.json().data as { id: string; eventId: string; state: string; attempts: number; lastError: string }[];
  assert.deepEqual(dead.map((d) => [d.eventId, d.state, d.attempts]), [[eventId, 'dead', MAX_ATTEMPTS]]);
  for (const staff of [vendorAdmin, supportAgent]) {
    const all = await t.inject({ method: 'GET', url: '/v1/dead-letters', headers: staff.headers });
    assert.equal(all.statusCode, 200);
    assert.ok((all.json().data as { id: string }[]).some((d) => d.id === dead[0]!.id));
  }
  const refused = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${dead[0]!.id}/redeliver`, headers: supportAgent.writeHeaders });
  assert.equal(refused.statusCode, 404, 'support agents read, they do not redeliver');

  peer.refuseWith(undefined);
  const redelivered = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${dead[0]!.id}/redeliver`, headers: admin.writeHeaders });
  assert.equal(redelivered.statusCode, 200, redelivered.body);
  assert.equal(redelivered.json().state, 'pending');
  assert.equal(redelivered.json().attempts, 0);
  const again = await t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/deliveries/${dead[0]!.id}/redeliver`, headers: admin.writeHeaders });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'DELIVERY_PENDING');

  assert.equal(await deliverEmailBatch(t.ctx), 1);
  assert.equal(peer.received.length, 1);
  assert.equal((await deliveryOf(eventId)).state, 'delivered');
  const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', customerId).where('action', '=', 'delivery.redelivered').execute();
  assert.equal(audit.length, 1);
});

test('a refusal for good (550) is a dead letter at once', async () => {
  peer.refuseWith(550);
  const eventId = await mailOneEvent();
  await deliverEmailBatch(t.ctx);
  const row = await deliveryOf(eventId);
  assert.deepEqual([row.state, row.attempts, row.last_status], ['dead', 1, 550]);
});

test('an unreachable mail server is retried, not given up', async () => {
  await peer.close();
  const eventId = await mailOneEvent();
  await deliverEmailBatch(t.ctx);
  const row = await deliveryOf(eventId);
  assert.equal(row.state, 'pending');
  assert.match(row.last_error!, /ECONNREFUSED|ESOCKET|ECONNECTION/);
  peer = await startSmtpPeer();
  t.ctx.config.smtp = { url: peer.url };
  t.clock.advance({ milliseconds: BACKOFF_BASE_MS });
  await deliverEmailBatch(t.ctx);
  assert.equal((await deliveryOf(eventId)).state, 'delivered');
  assert.equal(peer.received.length, 1);
});
