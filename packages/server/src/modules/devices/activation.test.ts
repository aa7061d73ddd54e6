// Activation through the API (SPEC §6): by product key and by account, the device limit and
// DEVICE_LIMIT_REACHED with the devices to free, deactivation by the app and by an
// administrator, the velocity limit, and each refusal with its code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createRedeemedKey, createSeatHolder, newFingerprint } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ activationVelocityPerDay: 3, keyEntryFailureLimit: 1000 });
});
after(() => t.close());

type Headers = Record<string, string>;

function activate(payload: object, headers: Headers = {}) {
  return t.inject({ method: 'POST', url: '/v1/activations', headers, payload });
}

async function activated(payload: object, headers: Headers = {}) {
  const response = await activate(payload, headers);
  assert.ok(response.statusCode === 201 || response.statusCode === 200, response.body);
  return response.json();
}

function deactivateByApp(deviceToken: string) {
  return t.inject({ method: 'POST', url: '/v1/devices/deactivate', payload: { deviceToken } });
}

describe('activation by product key', () => {
  test('a new device: 201 with its token, a license file and the license; the same machine again: 200, same device, new token', async () => {
    const { key, organizationId, planId } = await createRedeemedKey(t, { seats: 2, plan: { devicesPerSeat: 2 } });
    const fingerprint = newFingerprint();
    const first = await activate({ key: key.toLowerCase().replaceAll('-', ' '), fingerprint, name: 'TARO-PC', components: { board: 'a'.repeat(64), disk: 'b'.repeat(64) } });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['cache-control'], 'no-store');
    const body = first.json();
    assert.match(body.deviceToken, /^dvt_[A-Za-z0-9_-]{43}$/);
    assert.match(body.licenseFile, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual({ ...body.license, id: undefined }, { id: undefined, kind: 'key', planId, state: 'active', endsOn: '2027-11-20', deviceLimit: 4, activeDevices: 1 });
    assert.equal(body.device.name, 'TARO-PC');
    assert.equal(body.device.fingerprint, fingerprint);

    const again = await activate({ key, fingerprint });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().device.id, body.device.id);
    assert.equal(again.json().device.name, 'TARO-PC', 'a name not sent again is kept');
    assert.equal(again.json().license.activeDevices, 1);
    assert.notEqual(again.json().deviceToken, body.deviceToken);
    assert.equal((await deactivateByApp(body.deviceToken)).statusCode, 401, 'the replaced token no longer works');

    const db = t.ctx.database.db;
    const device = await db.selectFrom('devices').selectAll().where('id', '=', body.device.id).executeTakeFirstOrThrow();
    assert.equal(device.organization_id, organizationId);
    assert.equal(device.board_hash, 'a'.repeat(64));
    assert.notEqual(device.token_hash, again.json().deviceToken, 'only the hash is stored');
    const audit = await db.selectFrom('audit_events').selectAll().where('organization_id', '=', organizationId).where('action', '=', 'device.activated').execute();
    assert.equal(audit.length, 1, 'a repeated activation takes no slot and is not a new activation');
    assert.equal(JSON.parse(audit[0]!.data).keyLast5, key.slice(-5));
  });

  test('DEVICE_LIMIT_REACHED lists the devices that can be freed; deactivating one (app or admin) frees its slot', async () => {
    const { key, organizationId } = await createRedeemedKey(t, { seats: 1, plan: { devicesPerSeat: 2 } });
    const a = await activated({ key, fingerprint: newFingerprint(), name: 'A' });
    t.clock.advance({ minutes: 1 });
    const b = await activated({ key, fingerprint: newFingerprint(), name: 'B' });
    for (const [language, pattern] of [['en', /All 2 devices of this license are in use/], ['ja', /デバイス 2 台がすべて使用中/]] as const) {
      const full = await activate({ key, fingerprint: newFingerprint() }, { 'accept-language': language });
      assert.equal(full.statusCode, 409);
      const problem = full.json();
      assert.equal(problem.code, 'DEVICE_LIMIT_REACHED');
      assert.match(problem.title, pattern);
      assert.equal(problem.limit, 2);
      assert.deepEqual(problem.devices, [
        { id: a.device.id, name: 'A', activatedAt: a.device.activatedAt, lastCheckInAt: null },
        { id: b.device.id, name: 'B', activatedAt: b.device.activatedAt, lastCheckInAt: null },
      ]);
    }
    assert.equal((await deactivateByApp(a.deviceToken)).statusCode, 204);
    assert.equal((await deactivateByApp(a.deviceToken)).statusCode, 204, 'deactivating again changes nothing');
    const c = await activated({ key, fingerprint: newFingerprint(), name: 'C' });
    assert.equal(c.license.activeDevices, 2);

    const admin = await createActor(t, organizationId, ['license_admin']);
    const removed = await t.inject({ method: 'DELETE', url: `/v1/organizations/${organizationId}/devices/${b.device.id}`, headers: admin.writeHeaders });
    assert.equal(removed.statusCode, 204, removed.body);
    const listed = await t.inject({ method: 'GET', url: `/v1/organizations/${organizationId}/devices?active=false`, headers: admin.headers });
    assert.deepEqual(listed.json().data.map((d: { name: string; deactivatedBy: string }) => [d.name, d.deactivatedBy]), [['A', 'device'], ['B', 'admin']]);
    // A fourth new device today would pass the velocity limit (3 a day here): tomorrow, then.
    t.clock.advance({ hours: 24 });
    assert.equal((await activate({ key, fingerprint: newFingerprint() })).statusCode, 201);
    const db = t.ctx.database.db;
    const license = await db.selectFrom('licenses').selectAll().where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
    assert.equal(license.active_devices, 2);
    const actions = await db.selectFrom('audit_events').select(['action', 'actor_type', 'actor_id']).where('organization_id', '=', organizationId).where('action', '=', 'device.deactivated').execute();
    assert.deepEqual(actions.map((row) => [row.actor_type, row.actor_id]), [['system', null], ['user', admin.userId]]);
  });

  test('a deactivated machine coming back reuses its device record', async () => {
    const { key } = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 } });
    const fingerprint = newFingerprint();
    const first = await activated({ key, fingerprint });
    await deactivateByApp(first.deviceToken);
    const back = await activate({ key, fingerprint });
    assert.equal(back.statusCode, 201);
    assert.equal(back.json().device.id, first.device.id);
  });

  test('the velocity limit: more new devices in a day than allowed → 429 with Retry-After, audited once', async () => {
    // Limit: max(3 per day configured, device limit 1) = 3 new activations a day.
    const { key, organizationId } = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 } });
    for (let i = 0; i < 3; i++) {
      const device = await activated({ key, fingerprint: newFingerprint() });
      assert.equal((await deactivateByApp(device.deviceToken)).statusCode, 204);
    }
    for (let i = 0; i < 2; i++) {
      const refused = await activate({ key, fingerprint: newFingerprint() });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().code, 'ACTIVATION_RATE_LIMITED');
      assert.ok(Number(refused.headers['retry-after']) > 0);
    }
    const db = t.ctx.database.db;
    const audit = await db.selectFrom('audit_events').selectAll().where('organization_id', '=', organizationId).where('action', '=', 'license.activation_rate_limited').execute();
    assert.equal(audit.length, 1, 'one audit row per license per day, however often it is refused');
    assert.equal(JSON.parse(audit[0]!.data).perDay, 3);
    const license = await db.selectFrom('licenses').selectAll().where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
    assert.equal(license.active_devices, 0, 'the refused activations took no slot');
    t.clock.advance({ hours: 24 });
    assert.equal((await activate({ key, fingerprint: newFingerprint() })).statusCode, 201, 'a new day, new activations');
  });
});

describe('activation with an account (a digital license)', () => {
  test('by API token and by session: the person\'s seat allows devicesPerSeat devices', async () => {
    const holder = await createSeatHolder(t, { plan: { devicesPerSeat: 2 } });
    const byToken = await activate({ productId: holder.productId, fingerprint: newFingerprint() }, holder.token.headers);
    assert.equal(byToken.statusCode, 201, byToken.body);
    assert.deepEqual([byToken.json().license.kind, byToken.json().license.deviceLimit], ['seat', 2]);
    const bySession = await activate({ productId: holder.productId, fingerprint: newFingerprint() }, holder.user.writeHeaders);
    assert.equal(bySession.statusCode, 201, bySession.body);
    assert.equal(bySession.json().license.id, byToken.json().license.id, 'one license: the seat');
    const third = await activate({ productId: holder.productId, fingerprint: newFingerprint() }, holder.token.headers);
    assert.equal(third.json().code, 'DEVICE_LIMIT_REACHED');
  });

  test('refusals: no credential 401, no product 422, no seat 403', async () => {
    const holder = await createSeatHolder(t);
    const none = await activate({ fingerprint: newFingerprint() });
    assert.deepEqual([none.statusCode, none.json().code], [401, 'LICENSE_CREDENTIAL_REQUIRED']);
    const noProduct = await activate({ fingerprint: newFingerprint() }, holder.token.headers);
    assert.deepEqual([noProduct.statusCode, noProduct.json().code], [422, 'ACTIVATION_PRODUCT_REQUIRED']);
    const other = await createTestPlan(t);
    const noSeat = await activate({ productId: other.productId, fingerprint: newFingerprint() }, holder.token.headers);
    assert.deepEqual([noSeat.statusCode, noSeat.json().code], [403, 'SEAT_NOT_ASSIGNED']);
    const colleague = await createActor(t, holder.organizationId, ['member']);
    const colleagueAsks = await activate({ productId: holder.productId, fingerprint: newFingerprint() }, colleague.writeHeaders);
    assert.deepEqual([colleagueAsks.statusCode, colleagueAsks.json().code], [403, 'SEAT_NOT_ASSIGNED']);
  });
});

describe('refusals of a key', () => {
  test('malformed 422 KEY_INVALID, unknown 404, revoked 422, not redeemed 409, renewal key 422, cancelled subscription 403', async () => {
    const malformed = await activate({ key: 'BCDFG-HJKMP', fingerprint: newFingerprint() });
    assert.deepEqual([malformed.statusCode, malformed.json().code, malformed.json().problem], [422, 'KEY_INVALID', 'WRONG_LENGTH']);
    const { planId } = await createTestPlan(t);
    const { keys } = await createTestKeys(t, planId, { quantity: 2 });
    await t.ctx.database.db.updateTable('product_keys').set({ state: 'revoked' }).where('id', '=', keys[1]!.id).execute();
    const unused = await activate({ key: keys[0]!.key, fingerprint: newFingerprint() });
    assert.deepEqual([unused.statusCode, unused.json().code], [409, 'KEY_NOT_REDEEMED']);
    const revoked = await activate({ key: keys[1]!.key, fingerprint: newFingerprint() });
    assert.deepEqual([revoked.statusCode, revoked.json().code], [422, 'KEY_REVOKED']);
    const renewal = await createRedeemedKey(t, { kind: 'renewal' });
    const notALicense = await activate({ key: renewal.key, fingerprint: newFingerprint() });
    assert.deepEqual([notALicense.statusCode, notALicense.json().code], [422, 'KEY_NOT_A_LICENSE']);
    const cancelled = await createRedeemedKey(t);
    await t.ctx.database.db.updateTable('subscriptions').set({ cancelled_on: '2026-11-21' }).where('id', '=', cancelled.subscriptionId).execute();
    const refused = await activate({ key: cancelled.key, fingerprint: newFingerprint() });
    assert.deepEqual([refused.statusCode, refused.json().code, refused.json().state], [403, 'LICENSE_NOT_USABLE', 'cancelled']);
  });

  test('raw identifiers are refused: a fingerprint or component must look like a hash', async () => {
    const { key } = await createRedeemedKey(t);
    const mac = await activate({ key, fingerprint: newFingerprint(), components: { mac: '00:1A:2B:3C:4D:5E' } });
    assert.deepEqual([mac.statusCode, mac.json().code], [400, 'VALIDATION_FAILED']);
    const short = await activate({ key, fingerprint: 'C02XK1ABJG5J' });
    assert.deepEqual([short.statusCode, short.json().code], [400, 'VALIDATION_FAILED']);
  });

  test('unknown keys are limited per client address: failures only, then 429', async () => {
    const limited = await createTestApp({ keyEntryFailureLimit: 2 });
    try {
      const { key } = await createRedeemedKey(limited);
      const unknown = 'BCDFG-HJKMP-QRTVW-XY234-6789B';
      const first = await limited.inject({ method: 'POST', url: '/v1/activations', payload: { key: unknown, fingerprint: newFingerprint() } });
      assert.ok([404, 422].includes(first.statusCode), first.body);
      const good = await limited.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint() } });
      assert.equal(good.statusCode, 201, 'a good key never counts');
      await limited.inject({ method: 'POST', url: '/v1/activations', payload: { key: unknown, fingerprint: newFingerprint() } });
      const third = await limited.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint() } });
      assert.deepEqual([third.statusCode, third.json().code], [429, 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});
