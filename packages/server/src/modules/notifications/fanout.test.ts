// Fan-out: every event becomes exactly one delivery per (channel, recipient), however often and
// by however many workers at once it runs, and an event that commits late with a smaller id
// than those already handled is not skipped.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { toStoredInstant } from '../../clock.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { createEndpoint } from '../webhooks/endpoints.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createSimulation } from '../simulation/service.ts';
import { fanOutBatch } from './fanout.ts';
import { createPerson, emitEvent, settleOutbox } from './test-fixtures.ts';

let t: TestApp;
let customerId: string;
let vendorId: string;

before(async () => {
  t = await createTestApp();
  vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor KK' })).id;
  customerId = (await createOrg(t, { name: 'Fan-out KK' })).id;
  await createPerson(t, customerId, ['global_admin'], 'ja');
  await createPerson(t, customerId, ['billing_admin', 'global_admin'], 'en');
  await createPerson(t, customerId, ['member'], 'en');
  const audit = { principal: { kind: 'anonymous' as const }, now: t.clock.now() };
  const key = t.ctx.secrets.derive('webhook-secret-seal');
  await inTransaction(t.ctx.database.db, async (tx) => {
    await createEndpoint(tx, t.ctx.database.dialect, audit, vendorId, { url: 'https://crm.example.com/hooks', eventTypes: ['*'] }, key);
    await createEndpoint(tx, t.ctx.database.dialect, audit, customerId, { url: 'https://customer.example.com/hooks', eventTypes: ['subscription.*'] }, key);
    await createEndpoint(tx, t.ctx.database.dialect, audit, customerId, { url: 'https://off.example.com/hooks', active: false }, key);
  });
});
after(() => t.close());
beforeEach(() => settleOutbox(t));

async function deliveriesOf(eventIds: readonly string[]) {
  return t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', 'in', eventIds).execute();
}

test('mail to each admin once (the same person in two roles too), webhooks to every matching active endpoint', async () => {
  const expired = await emitEvent(t, customerId, 'subscription.expired', { subscriptionId: 'sub_1' });
  const redeemed = await emitEvent(t, customerId, 'redemption.completed', { effects: [] });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  const rows = await deliveriesOf([expired, redeemed]);
  const summary = (eventId: string) => rows.filter((r) => r.event_id === eventId).map((r) => `${r.channel}:${r.organization_id === vendorId ? 'vendor' : 'customer'}`).sort();
  assert.deepEqual(summary(expired), ['email:customer', 'email:customer', 'webhook:customer', 'webhook:vendor']);
  assert.deepEqual(summary(redeemed), ['email:customer', 'email:customer', 'webhook:vendor'], 'the customer endpoint takes subscription.* only');
  assert.ok(rows.every((r) => r.state === 'pending' && r.attempts === 0));
});

test('running the fan-out again, or on events marked as not yet fanned out, adds nothing', async () => {
  const eventId = await emitEvent(t, customerId, 'subscription.disabled', { subscriptionId: 'sub_2' });
  const db = t.ctx.database.db;
  await fanOutBatch(db, t.ctx.database.dialect, t.clock.now());
  assert.equal(await fanOutBatch(db, t.ctx.database.dialect, t.clock.now()), 0);
  // As if a worker had died after inserting but before marking: the constraint holds the line.
  await db.updateTable('outbox_events').set({ fanned_out_at: null }).where('id', '=', eventId).execute();
  assert.equal(await fanOutBatch(db, t.ctx.database.dialect, t.clock.now()), 1);
  assert.equal((await deliveriesOf([eventId])).length, 4);
});

test('an event that commits late with a smaller id than those already fanned out is still fanned out', async () => {
  const later = await emitEvent(t, customerId, 'subscription.deleted', { subscriptionId: 'sub_3' });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  const early = 'evt_00000000000000000000000001';
  await t.ctx.database.db
    .insertInto('outbox_events')
    .values({ id: early, organization_id: customerId, type: 'subscription.deleted', payload: '{}', occurred_at: toStoredInstant(t.clock.now()), fanned_out_at: null })
    .execute();
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  assert.equal((await deliveriesOf([early])).length, 2);
  assert.equal((await deliveriesOf([later])).length, 2);
});

test('concurrent workers on separate connections fan out every event exactly once', async () => {
  const events: string[] = [];
  for (let i = 0; i < 60; i++) events.push(await emitEvent(t, customerId, 'subscription.expired', { subscriptionId: `sub_c${i}` }));
  const workers = Array.from({ length: 4 }, () => t.testDatabase.reopen());
  await Promise.all(
    workers.map(async (database) => {
      while ((await fanOutBatch(database.db, database.dialect, t.clock.now(), 7)) > 0);
    }),
  );
  const rows = await deliveriesOf(events);
  assert.equal(rows.length, events.length * 4);
  const keys = new Set(rows.map((r) => `${r.event_id}/${r.channel}/${r.recipient_id}`));
  assert.equal(keys.size, rows.length, 'no (event, recipient) twice');
  const left = await t.ctx.database.db.selectFrom('outbox_events').select('id').where('id', 'in', events).where('fanned_out_at', 'is', null).execute();
  assert.deepEqual(left, []);
});

test("a simulation's sandbox organization mails no one and calls no endpoint (its events show in the simulation's timeline)", async () => {
  const sandboxId = (await createOrg(t, { name: 'Sandbox KK' })).id;
  await createPerson(t, sandboxId, ['global_admin'], 'ja');
  await inTransaction(t.ctx.database.db, async (tx) => {
    const simulation = await createSimulation(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { startsAt: t.clock.now() });
    await tx.insertInto('simulation_organizations').values({ organization_id: sandboxId, simulation_id: simulation.id, created_at: toStoredInstant(t.clock.now()) }).execute();
  });
  const eventId = await emitEvent(t, sandboxId, 'subscription.expired', { subscriptionId: 'sub_sandbox' });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  assert.deepEqual(await deliveriesOf([eventId]), [], 'not even to the vendor endpoint that takes every event');
  const event = await t.ctx.database.db.selectFrom('outbox_events').select('fanned_out_at').where('id', '=', eventId).executeTakeFirstOrThrow();
  assert.notEqual(event.fanned_out_at, null);
});
