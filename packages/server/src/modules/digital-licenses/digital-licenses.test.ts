// Digital licenses (SPEC §6): a person links the key of their personal account to their account
// and sees which licenses are linked; the app then activates it by signing in, and a sign-in
// moves it to a repaired machine, freeing the old device; only personal keys can be linked, by
// an administrator of their organization, to one account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, createUserToken, newFingerprint } from '../devices/testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function personalKey() {
  const redeemed = await createRedeemedKey(t, { segment: 'personal', plan: { devicesPerSeat: 1 } });
  const owner = await createActor(t, redeemed.organizationId, ['global_admin']);
  return { ...redeemed, owner, link: () => t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: owner.writeHeaders, payload: { key: redeemed.key.toLowerCase() } }) };
}

describe('linking', () => {
  test('the owner links the key (201, again 200), sees it listed, and it is audited once', async () => {
    const key = await personalKey();
    const linked = await key.link();
    assert.equal(linked.statusCode, 201, linked.body);
    assert.deepEqual({ ...(linked.json() as object), id: undefined, linkedAt: undefined }, { id: undefined, linkedAt: undefined, organizationId: key.organizationId, planId: key.planId, productId: key.productId, keyLast5: key.key.slice(-5), activeDevices: 0, deviceLimit: 1 });
    assert.equal((await key.link()).statusCode, 200);
    const listed = await t.inject({ method: 'GET', url: '/v1/me/linked-licenses', headers: key.owner.headers });
    assert.deepEqual(listed.json().data.map((l: { id: string }) => l.id), [linked.json().id]);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', key.organizationId).where('action', '=', 'license.linked').execute();
    assert.equal(audit.length, 1);
  });

  test('refusals: a business key, someone else\'s key, a member without the role, a license already linked to another account', async () => {
    const business = await createRedeemedKey(t);
    const businessAdmin = await createActor(t, business.organizationId, ['global_admin']);
    const refused = await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: { ...businessAdmin.writeHeaders, 'accept-language': 'ja' }, payload: { key: business.key } });
    assert.deepEqual([refused.statusCode, refused.json().code], [422, 'LICENSE_LINK_NOT_ALLOWED']);
    assert.match(refused.json().title, /個人向けアカウントのプロダクト キーだけ/);

    const key = await personalKey();
    const stranger = await personalKey();
    const foreign = await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: stranger.owner.writeHeaders, payload: { key: key.key } });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'NOT_FOUND'], 'another person\'s key is as unknown as a key never issued');
    const member = await createActor(t, key.organizationId, ['member']);
    assert.equal((await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: member.writeHeaders, payload: { key: key.key } })).statusCode, 404);

    assert.equal((await key.link()).statusCode, 201);
    const secondAdmin = await createActor(t, key.organizationId, ['global_admin']);
    const taken = await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: secondAdmin.writeHeaders, payload: { key: key.key } });
    assert.deepEqual([taken.statusCode, taken.json().code], [409, 'LICENSE_ALREADY_LINKED']);
  });
});

describe('a linked license with the account', () => {
  test('activates by signing in; after unlinking, the account holds nothing', async () => {
    const key = await personalKey();
    await key.link();
    const token = await createUserToken(t, key.organizationId, key.owner.userId);
    const activation = await t.inject({ method: 'POST', url: '/v1/activations', headers: token.headers, payload: { productId: key.productId, fingerprint: newFingerprint() } });
    assert.equal(activation.statusCode, 201, activation.body);
    assert.equal(activation.json().license.kind, 'key');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', key.organizationId).where('action', '=', 'device.activated').executeTakeFirstOrThrow();
    assert.deepEqual([JSON.parse(audit.data).via, JSON.parse(audit.data).userId], ['account', key.owner.userId]);
    const unlinked = await t.inject({ method: 'DELETE', url: `/v1/me/linked-licenses/${activation.json().license.id}`, headers: key.owner.writeHeaders });
    assert.equal(unlinked.statusCode, 204);
    assert.deepEqual((await t.inject({ method: 'GET', url: '/v1/me/linked-licenses', headers: key.owner.headers })).json().data, []);
    const again = await t.inject({ method: 'POST', url: '/v1/activations', headers: token.headers, payload: { productId: key.productId, fingerprint: newFingerprint() } });
    assert.deepEqual([again.statusCode, again.json().code], [403, 'SEAT_NOT_ASSIGNED']);
    assert.equal((await t.inject({ method: 'DELETE', url: `/v1/me/linked-licenses/${activation.json().license.id}`, headers: key.owner.writeHeaders })).statusCode, 404);
  });

  test('moves to a machine the license cannot recognize (new board and new disk) when the person signs in and names the old device, freeing it', async () => {
    const key = await personalKey();
    await key.link();
    const first = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: key.key, fingerprint: newFingerprint(), components: { board: newFingerprint() } } });
    const oldDevice = first.json().device.id;
    const repaired = { fingerprint: newFingerprint(), components: { board: newFingerprint() } };
    const token = await createUserToken(t, key.organizationId, key.owner.userId);
    const full = await t.inject({ method: 'POST', url: '/v1/activations', headers: token.headers, payload: { productId: key.productId, ...repaired } });
    assert.deepEqual([full.json().code, full.json().devices.map((d: { id: string }) => d.id)], ['DEVICE_LIMIT_REACHED', [oldDevice]]);
    const byKey = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: key.key, ...repaired, replacesDeviceId: oldDevice } });
    assert.deepEqual([byKey.statusCode, byKey.json().code], [409, 'REACTIVATION_SIGN_IN_REQUIRED'], 'with the key alone the table asks for the account');
    const unknown = await t.inject({ method: 'POST', url: '/v1/activations', headers: token.headers, payload: { productId: key.productId, ...repaired, replacesDeviceId: 'dev_not_of_this_license' } });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'NOT_FOUND']);
    const moved = await t.inject({ method: 'POST', url: '/v1/activations', headers: token.headers, payload: { productId: key.productId, ...repaired, replacesDeviceId: oldDevice } });
    assert.equal(moved.statusCode, 201, moved.body);
    assert.deepEqual([moved.json().hardwareChange.outcome, moved.json().hardwareChange.replacedDeviceId, moved.json().license.activeDevices], ['REACTIVATED_BY_SIGN_IN', oldDevice, 1]);
    const old = await t.ctx.database.db.selectFrom('devices').selectAll().where('id', '=', oldDevice).executeTakeFirstOrThrow();
    assert.deepEqual([old.deactivated_by, old.replaced_by_device_id], ['replaced', moved.json().device.id]);
  });
});
