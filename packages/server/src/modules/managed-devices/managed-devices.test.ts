// Managed devices through the API (SPEC §6): the organization records each device's
// attributes and hears whether that makes it managed (the exceptions included), and the
// compliance report counts managed devices against per-device licenses, in JSON and in CSV.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, type Actor } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, createSeatHolder, newFingerprint } from '../devices/testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const NONE = {
  domainJoined: false,
  requiresAuthentication: false,
  enforcedAgent: false,
  groupPolicyEnforced: false,
  configuredByOrganization: false,
  virtualDesktopAccess: 'none',
  portableWorkspaceOnThirdPartyDevice: false,
};

async function record(admin: Actor, organizationId: string, deviceId: string, attributes: object) {
  const response = await t.inject({ method: 'PUT', url: `/v1/organizations/${organizationId}/devices/${deviceId}/management`, headers: admin.writeHeaders, payload: { ...NONE, ...attributes } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function activate(key: string) {
  const response = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint() } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().device.id as string;
}

describe('device attributes', () => {
  test('recorded by an administrator; the answer says managed or not, why, and which exception applied', async () => {
    const { key, organizationId } = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 } });
    const deviceId = await activate(key);
    const admin = await createActor(t, organizationId, ['license_admin']);
    const url = `/v1/organizations/${organizationId}/devices/${deviceId}/management`;
    const before = await t.inject({ method: 'GET', url, headers: admin.headers });
    assert.deepEqual(before.json(), { deviceId, attributes: null, managed: null, reasons: [], exception: null, updatedAt: null });
    assert.deepEqual(await record(admin, organizationId, deviceId, { domainJoined: true, groupPolicyEnforced: true }), {
      deviceId,
      attributes: { ...NONE, domainJoined: true, groupPolicyEnforced: true },
      managed: true,
      reasons: ['DOMAIN_JOINED', 'GROUP_POLICY_ENFORCED'],
      exception: null,
      updatedAt: '2026-11-21T00:30:00.000Z',
    });
    const roaming = await record(admin, organizationId, deviceId, { virtualDesktopAccess: 'only_under_roaming_rights' });
    assert.deepEqual([roaming.managed, roaming.exception], [false, 'ROAMING_RIGHTS_ONLY']);
    const portable = await record(admin, organizationId, deviceId, { portableWorkspaceOnThirdPartyDevice: true, requiresAuthentication: true });
    assert.deepEqual([portable.managed, portable.exception], [false, 'PORTABLE_WORKSPACE_ON_THIRD_PARTY_DEVICE']);
    const read = await t.inject({ method: 'GET', url, headers: admin.headers });
    assert.deepEqual([read.json().managed, read.json().attributes.requiresAuthentication], [false, true]);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', organizationId).where('action', '=', 'device.management_recorded').execute();
    assert.equal(audit.length, 3);
    const missing = await t.inject({ method: 'PUT', url: `/v1/organizations/${organizationId}/devices/dev_nope/management`, headers: admin.writeHeaders, payload: NONE });
    assert.equal(missing.statusCode, 404);
  });
});

describe('the compliance report', () => {
  test('managed devices against per-device licenses, per product, as JSON and CSV; a lapsed key stops counting', async () => {
    // Two keys of one plan (1 device per seat): 2 + 1 = 3 per-device licenses of the product.
    const first = await createRedeemedKey(t, { seats: 2, plan: { devicesPerSeat: 1 } });
    const { organizationId, planId, productId } = first;
    const second = await createRedeemedKey(t, { organizationId, seats: 1, plan: { devicesPerSeat: 1 } });
    await t.ctx.database.db.updateTable('key_batches').set({ plan_id: planId }).where('id', '=', (await t.ctx.database.db.selectFrom('product_keys').select('batch_id').where('id', '=', second.keyId).executeTakeFirstOrThrow()).batch_id).execute();
    await t.ctx.database.db.updateTable('subscriptions').set({ plan_id: planId }).where('id', '=', second.subscriptionId).execute();
    const [a, b] = [await activate(first.key), await activate(first.key)];
    const c = await activate(second.key);
    const admin = await createActor(t, organizationId, ['global_admin']);
    await record(admin, organizationId, a, { domainJoined: true });
    await record(admin, organizationId, b, { domainJoined: true, portableWorkspaceOnThirdPartyDevice: true });
    // c is not assessed.
    const report = async () => {
      const response = await t.inject({ method: 'GET', url: `/v1/organizations/${organizationId}/compliance-report`, headers: admin.headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const covered = await report();
    assert.equal(covered.compliant, true);
    assert.deepEqual({ ...covered.lines[0], productName: undefined }, { productId, productName: undefined, devices: 3, managed: 1, notManaged: 1, notAssessed: 1, perDeviceLicenses: 3, shortfall: 0, compliant: true });

    // The second key's subscription is cancelled: 2 licenses left, and 3 managed devices now.
    await t.ctx.database.db.updateTable('subscriptions').set({ cancelled_on: '2026-11-21' }).where('id', '=', second.subscriptionId).execute();
    await record(admin, organizationId, b, { virtualDesktopAccess: 'without_roaming_rights' });
    await record(admin, organizationId, c, { enforcedAgent: true });
    const short = await report();
    assert.equal(short.compliant, false);
    assert.deepEqual([short.lines[0].managed, short.lines[0].perDeviceLicenses, short.lines[0].shortfall], [3, 2, 1]);

    const csv = await t.inject({ method: 'GET', url: `/v1/organizations/${organizationId}/compliance-report.csv`, headers: { ...admin.headers, 'accept-language': 'ja' } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.split('\r\n');
    assert.equal(lines[0], 'product_id,product_name,devices,managed,not_managed,not_assessed,per_device_licenses,shortfall,compliant');
    assert.match(lines[1]!, new RegExp(`^${productId},オフィス ビジネス \\d+,3,3,0,0,2,1,false$`));
    assert.equal(lines[2], '');
  });

  test('seat licenses are per user: their managed devices count, they add no per-device licenses', async () => {
    const holder = await createSeatHolder(t, { plan: { devicesPerSeat: 2 } });
    const activation = await t.inject({ method: 'POST', url: '/v1/activations', headers: holder.token.headers, payload: { productId: holder.productId, fingerprint: newFingerprint() } });
    const admin = await createActor(t, holder.organizationId, ['global_admin']);
    await record(admin, holder.organizationId, activation.json().device.id, { configuredByOrganization: true });
    const response = await t.inject({ method: 'GET', url: `/v1/organizations/${holder.organizationId}/compliance-report`, headers: admin.headers });
    assert.deepEqual(response.json().lines.map((l: { managed: number; perDeviceLicenses: number; shortfall: number }) => [l.managed, l.perDeviceLicenses, l.shortfall]), [[1, 0, 1]]);
  });
});
