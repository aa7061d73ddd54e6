// The whole road through the public API (SPEC §4 "States"), moving the clock and sweeping
// explicitly: active → expired → disabled → deleted, with what users and administrators can do
// in each; and a renewal by key in each state (the start-date rule).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { at, customerAt, eventsOf, fresh as freshIn, recordedState, redeemKey, renewalKey, sweepNow, SWEEPER_EVENTS, type Customer } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
});
after(() => t.close());

function customer(start: string): Promise<Customer> {
  return customerAt(t, start);
}

async function sweepAt(local: string) {
  t.clock.set(at(local, TOKYO));
  return sweepNow(t.ctx.database, t.clock.now());
}

const fresh = (actor: Customer['admin']) => freshIn(t, actor);
const redeem = (actor: Customer['admin'], organizationId: string, key: string) => redeemKey(t, actor, organizationId, key);

async function lifecycleEvents(organizationId: string) {
  return (await eventsOf(t.ctx.database.db, organizationId)).filter((e) => SWEEPER_EVENTS.has(e.type));
}

async function assignSeat(c: Customer, userId: string) {
  const admin = await fresh(c.admin);
  return t.inject({ method: 'POST', url: `/v1/organizations/${c.organizationId}/seats/${c.planId}/assignments`, headers: admin.writeHeaders, payload: { userId } });
}

async function seatState(c: Customer) {
  const admin = await fresh(c.admin);
  const response = await t.inject({ method: 'GET', url: `/v1/organizations/${c.organizationId}/seats`, headers: admin.headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().data[0];
}

describe('the road: active → expired → disabled → deleted', () => {
  // Redeemed 2027-01-10 in Tokyo: E = 2028-01-09; grace 2028-01-10 … 2028-02-08; disabled
  // 2028-02-09 … 2028-05-08; deleted from 2028-05-09.
  let c: Customer;
  let deviceToken: string;
  before(async () => {
    c = await customer('2027-01-10T10:00');
  });

  test('active until E: the last minute of E changes nothing', async () => {
    await sweepAt('2027-01-10T10:05');
    // A machine activated on the key: the customer's device until the data goes (E+121).
    const activated = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: c.key, fingerprint: 'f'.repeat(64), name: 'TARO-PC' } });
    assert.equal(activated.statusCode, 201, activated.body);
    deviceToken = activated.json().deviceToken;
    await sweepAt('2028-01-09T23:59');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'active');
    const types = (await lifecycleEvents(c.organizationId)).map((e) => e.type);
    assert.ok(!types.includes('subscription.expired'), types.join());
    assert.equal((await seatState(c)).state, 'active');
  });

  test('E+1: expired (grace); users keep working, seats can still be assigned; admins are warned', async () => {
    const report = await sweepAt('2028-01-10T00:01');
    assert.ok(report.transitions >= 1);
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'expired');
    const expired = (await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.expired');
    assert.equal(expired.length, 1);
    assert.deepEqual(expired[0]!.payload, { subscriptionId: c.subscriptionId, planId: c.planId, endDate: '2028-01-09', state: 'expired', disabledFrom: '2028-02-09' });
    const member = await createActor(t, c.organizationId, ['member']);
    const assigned = await assignSeat(c, member.userId);
    assert.equal(assigned.statusCode, 201, assigned.body);
    assert.equal((await seatState(c)).state, 'expired');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select(['actor_type', 'actor_id']).where('organization_id', '=', c.organizationId).where('action', '=', 'subscription.expired').execute();
    assert.deepEqual(audit.map((row) => ({ ...row })), [{ actor_type: 'system', actor_id: null }]);
  });

  test('E+31: disabled; seats can no longer be assigned; administrators keep access to the data', async () => {
    await sweepAt('2028-02-08T23:59');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'expired');
    await sweepAt('2028-02-09T00:01');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'disabled');
    const disabled = (await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.disabled');
    assert.deepEqual(disabled.map((e) => e.payload), [
      { subscriptionId: c.subscriptionId, planId: c.planId, endDate: '2028-01-09', state: 'disabled', disabledFrom: '2028-02-09', deletedFrom: '2028-05-09' },
    ]);
    const member = await createActor(t, c.organizationId, ['member']);
    const refused = await assignSeat(c, member.userId);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'SEATS_NOT_ASSIGNABLE');
    const admin = await fresh(c.admin);
    assert.equal((await seatState(c)).state, 'disabled');
    const audit = await t.inject({ method: 'GET', url: `/v1/organizations/${c.organizationId}/audit-events`, headers: admin.headers });
    assert.equal(audit.statusCode, 200, audit.body);
    const assignments = await t.inject({ method: 'GET', url: `/v1/organizations/${c.organizationId}/seats/${c.planId}/assignments`, headers: admin.headers });
    assert.equal(assignments.json().data.length, 1, 'the seat assigned in grace is still there');
  });

  test('E+114: the deletion is announced once, a week ahead', async () => {
    await sweepAt('2028-05-01T23:59');
    assert.equal((await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.deletion_soon').length, 0);
    await sweepAt('2028-05-02T00:01');
    await sweepAt('2028-05-03T00:01');
    const notices = (await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.deletion_soon');
    assert.deepEqual(notices.map((e) => e.payload), [
      { subscriptionId: c.subscriptionId, planId: c.planId, endDate: '2028-01-09', deletedFrom: '2028-05-09', state: 'disabled' },
    ]);
  });

  test('E+121: deleted and deprovisioned; a renewal key is refused (NOT_RENEWABLE)', async () => {
    await sweepAt('2028-05-09T00:01');
    const db = t.ctx.database.db;
    const devices = await db.selectFrom('devices').select('id').where('organization_id', '=', c.organizationId).execute();
    const licenses = await db.selectFrom('licenses').select('id').where('organization_id', '=', c.organizationId).execute();
    assert.deepEqual([devices, licenses], [[], []], 'devices and their licenses are deprovisioned with the plan');
    const validated = await t.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { deviceToken, fingerprint: 'f'.repeat(64), nonce: 'n'.repeat(16) } });
    assert.equal(validated.statusCode, 200, validated.body);
    assert.deepEqual([validated.json().valid, validated.json().code], [false, 'NOT_FOUND'], 'the device token no longer names a device');
    assert.equal(await recordedState(db, c.organizationId, c.subscriptionId), 'deleted');
    const deleted = (await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.deleted');
    assert.deepEqual(deleted.map((e) => e.payload), [{ subscriptionId: c.subscriptionId, planId: c.planId, endDate: '2028-01-09', state: 'deleted', deletedFrom: '2028-05-09' }]);
    const seats = await db.selectFrom('seat_assignments').select('user_id').where('organization_id', '=', c.organizationId).where('plan_id', '=', c.planId).execute();
    assert.deepEqual(seats, [], 'seat assignments are deprovisioned');
    const audit = await db.selectFrom('audit_events').select('data').where('organization_id', '=', c.organizationId).where('action', '=', 'subscription.deprovisioned').execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.data).seatAssignmentsRemoved, 1, 'the seat assigned in grace');
    assert.equal(JSON.parse(audit[0]!.data).devicesRemoved, 1);
    const sweep = await db.selectFrom('subscription_sweeps').selectAll().where('subscription_id', '=', c.subscriptionId).executeTakeFirstOrThrow();
    assert.ok(sweep.deprovisioned_at);
    assert.equal(sweep.due_at, null, 'nothing is ever due again');

    const refused = await redeem(c.admin, c.organizationId, await renewalKey(t, c.planId));
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().code, 'SUBSCRIPTION_UNAVAILABLE');
    assert.equal(refused.json().reason, 'NOT_RENEWABLE');
  });

  test('sweeping again changes nothing', async () => {
    const before = await lifecycleEvents(c.organizationId);
    const report = await sweepAt('2028-05-09T00:02');
    assert.equal(report.transitions + report.reminders + report.deletionNotices + report.deprovisioned, 0);
    assert.deepEqual(await lifecycleEvents(c.organizationId), before);
  });
});

describe('renewal by key in each state (SPEC §4 start-date rule)', () => {
  async function renewAt(c: Customer, local: string) {
    await sweepAt(local);
    const done = await redeem(c.admin, c.organizationId, await renewalKey(t, c.planId));
    assert.equal(done.statusCode, 201, done.body);
    const renewed = (await eventsOf(t.ctx.database.db, c.organizationId)).filter((e) => e.type === 'subscription.renewed');
    return renewed.at(-1)!.payload;
  }

  test('active (E−10): the new term continues from E+1', async () => {
    const c = await customer('2027-01-10T10:00');
    const renewed = await renewAt(c, '2027-12-30T12:00');
    assert.deepEqual([renewed.basis, renewed.termStart, renewed.endDate], ['continues', '2028-01-10', '2029-01-09']);
    await sweepAt('2028-01-10T00:01');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'active');
    assert.ok(!(await lifecycleEvents(c.organizationId)).some((e) => e.type === 'subscription.expired' || e.type === 'subscription.reactivated'));
  });

  test('expired, in grace (E+5): the new term continues from E+1, nothing is lost', async () => {
    const c = await customer('2027-01-10T10:00');
    await sweepAt('2028-01-10T00:01');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'expired');
    const renewed = await renewAt(c, '2028-01-14T12:00');
    assert.deepEqual([renewed.basis, renewed.termStart, renewed.endDate], ['continues', '2028-01-10', '2029-01-09']);
    await sweepAt('2028-01-14T12:01');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'active');
    assert.ok(!(await lifecycleEvents(c.organizationId)).some((e) => e.type === 'subscription.reactivated'));
  });

  test('disabled (E+40): the new term restarts on the renewal day, and the reactivation is announced', async () => {
    const c = await customer('2027-01-10T10:00');
    await sweepAt('2028-02-09T00:01');
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'disabled');
    const renewed = await renewAt(c, '2028-02-18T12:00');
    assert.deepEqual([renewed.basis, renewed.termStart, renewed.endDate], ['restarts', '2028-02-18', '2029-02-17']);
    await sweepAt('2028-02-18T12:05');
    const reactivated = (await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.reactivated');
    assert.deepEqual(reactivated.map((e) => e.payload), [
      { subscriptionId: c.subscriptionId, planId: c.planId, previousEndDate: '2028-01-09', termStartDate: '2028-02-18', endDate: '2029-02-17', state: 'active' },
    ]);
    assert.equal(await recordedState(t.ctx.database.db, c.organizationId, c.subscriptionId), 'active');
    const member = await createActor(t, c.organizationId, ['member']);
    assert.equal((await assignSeat(c, member.userId)).statusCode, 201, 'seats can be assigned again');
    await sweepAt('2028-02-19T12:05');
    assert.equal((await lifecycleEvents(c.organizationId)).filter((e) => e.type === 'subscription.reactivated').length, 1, 'announced once');
  });
});
