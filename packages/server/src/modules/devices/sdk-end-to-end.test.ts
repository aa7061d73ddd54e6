// The SDK's client against a listening server, as an app uses it: activation installs a
// verified file; a renewal and a cancellation made on the server reach the device at its next
// check-in; a clock set back is refused, and a signed online answer repairs the guard; the
// JWKS is public and cacheable, a file verifies with raw node:crypto too, and a key rotation
// keeps the files already in the field valid.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { isLicenseFileError, LicentiaApiError, LicentiaClient, MemoryStorage } from '@licentia/sdk';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { buildApp } from '../../http/app.ts';
import { loadOrCreateSigningKeys } from '../licenses/signing-keys.ts';
import { createRedeemedKey, newFingerprint } from './testing.ts';

let t: TestApp;
let url: string;
/** The device clock, offset from the server's manual clock (0: the two agree). */
let deviceOffsetMs = 0;

before(async () => {
  t = await createTestApp({ logLevel: 'warn' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
after(() => t.close());

function client(options: { serverUrl?: string; fingerprint?: string; storage?: MemoryStorage } = {}) {
  return new LicentiaClient({
    serverUrl: options.serverUrl ?? url,
    issuer: t.ctx.config.publicUrl,
    fingerprint: options.fingerprint ?? newFingerprint(),
    storage: options.storage ?? new MemoryStorage(),
    clock: () => new Date(t.clock.now().epochMilliseconds + deviceOffsetMs),
    language: 'ja',
  });
}

async function redeemRenewal(organizationId: string, planId: string) {
  const admin = await createActor(t, organizationId, ['global_admin']);
  const renewal = (await createTestKeys(t, planId, { kind: 'renewal' })).keys[0]!;
  const cart = await t.inject({ method: 'POST', url: '/v1/redemption-carts', headers: admin.writeHeaders });
  const cartId = cart.json().id;
  assert.equal((await t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/keys`, headers: admin.writeHeaders, payload: { keys: [renewal.key] } })).statusCode, 200);
  const target = { organizationId };
  const reviewed = await t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/review`, headers: admin.writeHeaders, payload: { target } });
  assert.equal(reviewed.statusCode, 200, reviewed.body);
  const completed = await t.inject({
    method: 'POST',
    url: `/v1/redemption-carts/${cartId}/complete`,
    headers: admin.writeHeaders,
    payload: { target, reviewToken: reviewed.json().reviewToken, confirm: true },
  });
  assert.equal(completed.statusCode, 201, completed.body);
}

describe('an app using the SDK', () => {
  test('activation installs a verified file: license, plan, entitlements, end date, state, device', async () => {
    const { key, planId, productId } = await createRedeemedKey(t, { seats: 3, plan: { devicesPerSeat: 2 } });
    const app = client();
    const { file, license, device } = await app.activate({ key }, { name: 'TARO-PC' });
    assert.equal(license.deviceLimit, 6);
    const claims = file.claims;
    assert.equal(claims.license.id, license.id);
    assert.equal(claims.license.plan.id, planId);
    assert.match(claims.license.plan.name, /オフィス/, 'the plan name in the language asked for');
    assert.deepEqual(claims.license.entitlements, [`product:${productId}`, `plan:${(await t.ctx.database.db.selectFrom('plans').select('sku').where('id', '=', planId).executeTakeFirstOrThrow()).sku}`]);
    assert.deepEqual([claims.license.ends_on, claims.license.state, claims.license.seats, claims.license.key_last5], ['2027-11-20', 'active', 3, key.slice(-5)]);
    assert.deepEqual(claims.device, { id: device.id, fingerprint: device.fingerprint });
    assert.equal(claims.refresh_by - claims.iat, 30 * 86_400, 'refresh-by: 30 days by default');
    assert.equal((await app.status()).checkInDue, false);
    const validated = await app.validate();
    assert.deepEqual([validated.valid, validated.code], [true, 'VALID']);
    assert.deepEqual(await app.validateUnsigned(), { valid: true, code: 'VALID', serverTime: new Date(t.clock.now().epochMilliseconds).toISOString() });
    assert.equal((await app.validateUnsigned({ key })).code, 'VALID', 'by key: the license, and this machine on it by its fingerprint');
  });

  test('a renewal on the server reaches the device at its next check-in', async () => {
    const { key, organizationId, planId } = await createRedeemedKey(t);
    const app = client();
    await app.activate({ key });
    // Past the end date: grace. The file's refresh-by never passes the next state change.
    t.clock.set('2027-11-10T00:00:00Z');
    const before = await app.checkIn();
    assert.equal(before.file?.claims.refresh_by, Date.parse('2027-11-20T15:00:00Z') / 1000, 'refresh by midnight in Tokyo, when the state changes');
    t.clock.set('2027-11-25T00:00:00Z');
    const grace = await app.checkIn();
    assert.deepEqual([grace.valid, grace.code, grace.file?.claims.license.state], [true, 'GRACE_PERIOD', 'expired']);
    await redeemRenewal(organizationId, planId);
    const renewed = await app.checkIn();
    assert.deepEqual([renewed.valid, renewed.code], [true, 'VALID']);
    assert.deepEqual([renewed.file?.claims.license.state, renewed.file?.claims.license.ends_on], ['active', '2028-11-20']);
    assert.equal((await app.status()).file?.claims.license.ends_on, '2028-11-20');
    t.clock.set('2026-11-21T00:30:00Z');
  });

  test('a cancellation on the server reaches the device at its next check-in, and the file stops working offline', async () => {
    const { key, subscriptionId } = await createRedeemedKey(t);
    const app = client();
    await app.activate({ key });
    await t.ctx.database.db.updateTable('subscriptions').set({ cancelled_on: '2026-11-21' }).where('id', '=', subscriptionId).execute();
    const result = await app.checkIn();
    assert.deepEqual([result.valid, result.code], [false, 'CANCELLED']);
    const file = (await app.status()).file;
    assert.equal(file?.claims.license.state, 'cancelled', 'the installed file says so');
    assert.equal(file?.claims.exp, file?.claims.refresh_by, 'no offline grace once users have lost access');
  });

  test('a device deactivated by an administrator loses its file at the next check-in', async () => {
    const { key, organizationId } = await createRedeemedKey(t);
    const app = client();
    const { device } = await app.activate({ key });
    const admin = await createActor(t, organizationId, ['global_admin']);
    await t.inject({ method: 'DELETE', url: `/v1/organizations/${organizationId}/devices/${device.id}`, headers: admin.writeHeaders });
    const result = await app.checkIn();
    assert.deepEqual([result.valid, result.code, result.file], [false, 'DEVICE_NOT_ACTIVATED', undefined]);
    assert.equal((await app.status()).file, undefined);
  });

  test('the SDK refuses its file when the device clock goes back, until a signed answer resets the guard', async () => {
    const { key } = await createRedeemedKey(t);
    const app = client();
    await app.activate({ key });
    deviceOffsetMs = 10 * 86_400_000;
    assert.ok((await app.status()).file, 'ten days later the file is still fine');
    deviceOffsetMs = 0; // the clock goes back ten days
    const status = await app.status();
    assert.equal(status.file, undefined);
    assert.ok(isLicenseFileError(status.fileError, 'CLOCK_ROLLBACK'), String(status.fileError));
    // Online, the server's signed time (fresh by our nonce) is trusted over the stored mark.
    await app.validate();
    assert.ok((await app.status()).file);
    deviceOffsetMs = 0;
  });

  test('refusals arrive as typed errors', async () => {
    const { key } = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 } });
    await client().activate({ key });
    await assert.rejects(client().activate({ key }), (error: unknown) => {
      assert.ok(error instanceof LicentiaApiError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'DEVICE_LIMIT_REACHED');
      assert.equal((error.problem.devices as unknown[]).length, 1);
      assert.match(error.message, /デバイス/);
      return true;
    });
  });
});

describe('the published keys', () => {
  test('JWKS: public and cacheable; a file verifies with raw node:crypto Ed25519 against it', async () => {
    const response = await fetch(`${url}/.well-known/jwks.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    const jwks = (await response.json()) as { keys: { kty: string; crv: string; x: string; kid: string }[] };
    const { key } = await createRedeemedKey(t);
    const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint() } });
    const jws: string = activation.json().licenseFile;
    const [header = '', payload = '', signature = ''] = jws.split('.');
    const { kid } = decodeProtectedHeader(jws);
    const published = jwks.keys.find((k) => k.kid === kid);
    assert.ok(published, 'the signing key is published');
    const publicKey = createPublicKey({ key: { kty: published.kty, crv: published.crv, x: published.x }, format: 'jwk' });
    assert.equal(cryptoVerify(null, Buffer.from(`${header}.${payload}`, 'ascii'), publicKey, Buffer.from(signature, 'base64url')), true);
  });

  test('rotation: files signed before it stay valid; new files are signed by the new key, which the SDK fetches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'licentia-rotation-'));
    const ring = loadOrCreateSigningKeys({ dataDir: dir, now: t.clock.now() });
    const rotating = await buildApp({ ...t.ctx, signingKeys: ring }, { logLevel: 'warn' });
    const rotatingUrl = await rotating.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { key } = await createRedeemedKey(t);
      const app = client({ serverUrl: rotatingUrl });
      const before = await app.activate({ key });
      ring.rotate(t.clock.now());
      t.clock.advance({ minutes: 1 });
      assert.equal((await app.status()).file?.kid, before.file.kid, 'the old file still verifies');
      const after = await app.checkIn();
      assert.notEqual(after.file?.kid, before.file.kid);
      assert.equal(after.file?.kid, ring.activeSigningKey().kid);
      const published = (await (await fetch(`${rotatingUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      assert.deepEqual(published.keys.map((k) => k.kid), [after.file?.kid, before.file.kid], 'the retired key stays published');
    } finally {
      await rotating.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
