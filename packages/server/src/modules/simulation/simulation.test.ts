// Simulations through the public API: a vendor admin creates one with its own frozen clock,
// makes a sandbox organization, redeems a key into it at the simulated time, advances 400 days
// (and more) and reads the road in the timeline. Real sweeps never touch sandboxes; simulated
// sweeps never touch real organizations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { customerAt, eventsOf, fresh, recordedState, redeemKey, sweepNow, SWEEPER_EVENTS } from '../sweeper/testing.ts';
import { SIMULATION_HEADER } from './request-clock.ts';

let t: TestApp;
let vendorAdmin: Actor;
let supportAgent: Actor;
let planId: string;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  vendorAdmin = await createActor(t, vendor.id, ['vendor_admin']);
  supportAgent = await createActor(t, vendor.id, ['support_agent']);
  planId = (await createTestPlan(t, { termMonths: 12 })).planId;
});
after(() => t.close());

async function post(actor: Actor, url: string, payload: object, headers: Record<string, string> = {}) {
  return t.inject({ method: 'POST', url, headers: { ...(await fresh(t, actor)).writeHeaders, ...headers }, payload });
}

async function get(actor: Actor, url: string, headers: Record<string, string> = {}) {
  return t.inject({ method: 'GET', url, headers: { ...(await fresh(t, actor)).headers, ...headers } });
}

async function newSimulation(startsAt: string) {
  const created = await post(vendorAdmin, '/v1/simulations', { name: 'Road in Tokyo', startsAt });
  assert.equal(created.statusCode, 201, created.body);
  return created.json() as { id: string; now: string; startsAt: string };
}

async function sandbox(simulationId: string, body: object = {}) {
  const created = await post(vendorAdmin, `/v1/simulations/${simulationId}/organizations`, { name: 'Sandbox KK', country: 'JP', segment: 'government', ...body });
  assert.equal(created.statusCode, 201, created.body);
  return created.json() as { id: string; simulationId: string; createdAt: string };
}

describe('the road in a simulation', () => {
  let simulationId: string;
  let sandboxId: string;
  let subscriptionId: string;
  let real: Awaited<ReturnType<typeof customerAt>>;

  before(async () => {
    // A real customer whose subscription ends 2027-11-20, well inside the simulated year.
    real = await customerAt(t, '2026-11-21T09:30');
    t.clock.set(TEST_START);
  });

  test('create: the clock is frozen at startsAt; a sandbox organization is made at that time', async () => {
    const simulation = await newSimulation('2027-01-10T01:00:00Z');
    simulationId = simulation.id;
    assert.equal(simulation.now, '2027-01-10T01:00:00.000Z');
    const organization = await sandbox(simulationId);
    sandboxId = organization.id;
    assert.equal(organization.simulationId, simulationId);
    assert.equal(organization.createdAt, '2027-01-10T01:00:00.000Z', 'made at the simulated time');
    const read = await get(supportAgent, `/v1/simulations/${simulationId}`);
    assert.deepEqual(read.json().organizationIds, [sandboxId]);
  });

  test('redeeming with the simulation header runs at the simulated time; routes of the sandbox need no header', async () => {
    const key = (await createTestKeys(t, planId, { seats: 3 })).keys[0]!.key;
    const done = await redeemKey(t, vendorAdmin, sandboxId, key, { [SIMULATION_HEADER]: simulationId });
    assert.equal(done.statusCode, 201, done.body);
    const [effect] = done.json().effects;
    subscriptionId = effect.subscriptionId;
    // 2027-01-10T01:00Z is 10:00 in Tokyo: a year's term to 2028-01-09 (real time would give 2026-11-21).
    assert.deepEqual([effect.startDate, effect.endDate], ['2027-01-10', '2028-01-09']);
    const seats = await get(vendorAdmin, `/v1/organizations/${sandboxId}/seats`);
    assert.equal(seats.statusCode, 200, seats.body);
    assert.equal(seats.json().data[0].state, 'active');
  });

  test('real sweeps never touch a sandbox, even far past its end date', async () => {
    const report = await sweepNow(t.ctx.database, t.clock.now().add({ hours: 24 * 800 }));
    assert.ok(report.examined >= 1, 'the real customer was swept');
    assert.equal(await recordedState(t.ctx.database.db, sandboxId, subscriptionId), 'active');
    assert.deepEqual((await eventsOf(t.ctx.database.db, sandboxId)).filter((e) => SWEEPER_EVENTS.has(e.type)), []);
  });

  test('advance 400 days, then 100 more: the sweeper runs for the sandbox at each day', async () => {
    // The real customer's sweep state, to show the simulated sweeps leave it alone.
    const realEventsBefore = await eventsOf(t.ctx.database.db, real.organizationId);
    const first = await post(vendorAdmin, `/v1/simulations/${simulationId}/advance`, { days: 400 });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().from, '2027-01-10T01:00:00.000Z');
    assert.equal(first.json().to, '2028-02-14T01:00:00.000Z');
    assert.equal(first.json().simulation.now, '2028-02-14T01:00:00.000Z');
    assert.equal(first.json().sweeps.transitions, 2, 'expired, then disabled');
    assert.equal(await recordedState(t.ctx.database.db, sandboxId, subscriptionId), 'disabled');
    const second = await post(vendorAdmin, `/v1/simulations/${simulationId}/advance`, { days: 100 });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(await recordedState(t.ctx.database.db, sandboxId, subscriptionId), 'deleted');
    assert.deepEqual(await eventsOf(t.ctx.database.db, real.organizationId), realEventsBefore, 'the real organization was not swept');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('action', '=', 'simulation.advanced').execute();
    assert.equal(audit.length, 2);
  });

  test('the timeline shows the road in simulated time', async () => {
    const response = await get(supportAgent, `/v1/simulations/${simulationId}/timeline?limit=200`);
    assert.equal(response.statusCode, 200, response.body);
    const entries = response.json().data as { occurredAt: string; type: string; subscriptionId: string | null; data: Record<string, unknown> }[];
    const road = entries
      .filter((e) => e.subscriptionId === subscriptionId && (SWEEPER_EVENTS.has(e.type) || e.type === 'subscription.created'))
      .map((e) => [e.type, e.occurredAt, e.data.daysBefore ?? e.data.state ?? null]);
    assert.deepEqual(road, [
      ['subscription.created', '2027-01-10T01:00:00.000Z', null],
      ['subscription.renewal_reminder', '2027-11-10T01:00:00.000Z', 60],
      ['subscription.renewal_reminder', '2027-12-10T01:00:00.000Z', 30],
      ['subscription.renewal_reminder', '2028-01-02T01:00:00.000Z', 7],
      ['subscription.renewal_reminder', '2028-01-08T01:00:00.000Z', 1],
      ['subscription.expired', '2028-01-10T01:00:00.000Z', 'expired'],
      ['subscription.disabled', '2028-02-09T01:00:00.000Z', 'disabled'],
      ['subscription.deletion_soon', '2028-05-02T01:00:00.000Z', 'disabled'],
      ['subscription.deleted', '2028-05-09T01:00:00.000Z', 'deleted'],
    ]);
    assert.ok(entries.some((e) => e.type === 'redemption.completed'));
    // Pages follow on without gaps or repeats.
    const first = await get(supportAgent, `/v1/simulations/${simulationId}/timeline?limit=3`);
    const next = await get(supportAgent, `/v1/simulations/${simulationId}/timeline?limit=3&cursor=${first.json().nextCursor}`);
    assert.deepEqual([...first.json().data, ...next.json().data], entries.slice(0, 6));
  });
});

describe('a renewal and a refund in a simulation', () => {
  test('auto-renewed on E+1 in simulated time, cancelled within its window three simulated days later: refunded by simulated days, all in the timeline', async () => {
    const simulation = await newSimulation('2027-01-10T01:00:00Z');
    const box = await sandbox(simulation.id, { segment: 'commercial' });
    const key = (await createTestKeys(t, planId, { seats: 3 })).keys[0]!.key;
    const done = await redeemKey(t, vendorAdmin, box.id, key, { [SIMULATION_HEADER]: simulation.id });
    assert.equal(done.statusCode, 201, done.body);
    const subscriptionId = done.json().effects[0].subscriptionId as string;

    // 365 days: the sweep of 2028-01-10 (E+1, 10:00 in Tokyo) renews it at ¥15,000 × 3.
    const advanced = await post(vendorAdmin, `/v1/simulations/${simulation.id}/advance`, { days: 365 });
    assert.equal(advanced.statusCode, 200, advanced.body);
    assert.equal(advanced.json().sweeps.autoRenewals, 1, advanced.body);
    assert.equal(await recordedState(t.ctx.database.db, box.id, subscriptionId), 'active');
    assert.equal((await post(vendorAdmin, `/v1/simulations/${simulation.id}/advance`, { days: 3 })).statusCode, 200);

    const url = `/v1/organizations/${box.id}/subscriptions/${subscriptionId}`;
    const view = await get(vendorAdmin, url);
    assert.equal(view.statusCode, 200, view.body);
    assert.equal(view.json().endDate, '2029-01-09');
    const renewal = view.json().changes.find((c: { kind: string }) => c.kind === 'renewal');
    assert.equal(renewal.cancellation.closesAt, '2028-01-17T01:00:00.000Z', '168 h after the simulated order');
    const cancelled = await post(vendorAdmin, `${url}/changes/${renewal.id}/cancel`, { confirm: true });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    // Simulated today is 2028-01-13: 4 of the renewed term's 366 days used; 45,000 × 362 / 366 = 44,508.2.
    const { cancelDay, refund, changes } = cancelled.json().cancellation;
    assert.deepEqual([cancelDay, refund.amountMinor, changes[0].usedDays, changes[0].termDays], ['2028-01-13', 44_508, 4, 366]);
    assert.deepEqual([cancelled.json().subscription.state, cancelled.json().subscription.endDate], ['cancelled', '2028-01-09']);

    const timeline = await get(supportAgent, `/v1/simulations/${simulation.id}/timeline?limit=200`);
    const road = (timeline.json().data as { occurredAt: string; type: string; subscriptionId: string | null }[])
      .filter((e) => e.subscriptionId === subscriptionId && ['subscription.auto_renewed', 'subscription.renewed', 'subscription.cancelled'].includes(e.type))
      .map((e) => [e.type, e.occurredAt]);
    assert.deepEqual(road, [
      ['subscription.renewed', '2028-01-10T01:00:00.000Z'],
      ['subscription.auto_renewed', '2028-01-10T01:00:00.000Z'],
      ['subscription.cancelled', '2028-01-13T01:00:00.000Z'],
    ]);
  });
});

describe('who may use a simulation, and on what', () => {
  test('the header is refused on a real organization, and unknown to callers outside the simulation', async () => {
    const simulation = await newSimulation('2027-06-01T00:00:00Z');
    const realOrg = await createOrg(t);
    const realAdmin = await createActor(t, realOrg.id, ['global_admin']);
    const mismatch = await get(realAdmin, `/v1/organizations/${realOrg.id}/seats`, { [SIMULATION_HEADER]: simulation.id });
    assert.equal(mismatch.statusCode, 409, mismatch.body);
    assert.equal(mismatch.json().code, 'SIMULATION_MISMATCH');
    const outsider = await post(realAdmin, '/v1/redemption-carts', {}, { [SIMULATION_HEADER]: simulation.id });
    assert.equal(outsider.statusCode, 404, outsider.body);
    const unknown = await post(vendorAdmin, '/v1/redemption-carts', {}, { [SIMULATION_HEADER]: 'sim_unknown' });
    assert.equal(unknown.statusCode, 404, unknown.body);
    const other = await newSimulation('2027-06-01T00:00:00Z');
    const box = await sandbox(other.id);
    const crossed = await get(vendorAdmin, `/v1/organizations/${box.id}/seats`, { [SIMULATION_HEADER]: simulation.id });
    assert.equal(crossed.json().code, 'SIMULATION_MISMATCH');
  });

  test('support agents read; only vendor administrators create and advance; at most 400 days at once', async () => {
    const simulation = await newSimulation('2027-06-01T00:00:00Z');
    assert.equal((await get(supportAgent, `/v1/simulations/${simulation.id}/timeline`)).statusCode, 200);
    const refused = await post(supportAgent, `/v1/simulations/${simulation.id}/advance`, { days: 1 });
    assert.equal(refused.statusCode, 403, refused.body);
    const tooFar = await post(vendorAdmin, `/v1/simulations/${simulation.id}/advance`, { days: 401 });
    assert.equal(tooFar.statusCode, 400, tooFar.body);
    const list = await get(supportAgent, '/v1/simulations?limit=1');
    assert.equal(list.json().data.length, 1);
    assert.ok(list.json().nextCursor);
  });
});
