// Online validation through the API (SPEC §6, §10): every code of the documented list, as data
// (HTTP 200), signed with the server time and the client's nonce echoed; when several problems
// apply, the one first in the documented order is the answer; limits per license and per
// client address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNonce, verifyValidationResponse } from '@licentia/sdk';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createRedeemedKey, createSeatHolder, newFingerprint } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000, validationLimitPerMinute: 1000 });
});
after(() => t.close());

type Credential = { key: string } | { deviceToken: string };

/** Validates, checks the signature, the echoed nonce and the server time; returns the code. */
async function validate(credential: Credential, fingerprint: string, app: TestApp = t): Promise<string> {
  const nonce = createNonce();
  const response = await app.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { ...credential, fingerprint, nonce } });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  const signed = await verifyValidationResponse(body.signed, { jwks: app.ctx.signingKeys.publicJwks(), issuer: app.ctx.config.publicUrl, nonce, deviceFingerprint: fingerprint });
  assert.equal(body.nonce, nonce);
  assert.deepEqual([signed.valid, signed.code], [body.valid, body.code], 'the signed answer says what the body says');
  assert.equal(signed.serverTime.getTime(), app.clock.now().epochMilliseconds, 'the server time, to the millisecond');
  assert.equal(body.serverTime, signed.claims.server_time);
  assert.equal(body.valid, body.code === 'VALID' || body.code === 'GRACE_PERIOD');
  return body.code;
}

async function activated(payload: object, headers: Record<string, string> = {}) {
  const response = await t.inject({ method: 'POST', url: '/v1/activations', headers, payload });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { deviceToken: string; device: { id: string } };
}

function setSubscription(subscriptionId: string, changes: { end_date?: string; cancelled_on?: string; seats?: number }) {
  return t.ctx.database.db.updateTable('subscriptions').set(changes).where('id', '=', subscriptionId).execute();
}

describe('each code', () => {
  test('NOT_FOUND: an unknown key, something that is not a key, an unknown device token', async () => {
    assert.equal(await validate({ key: 'BCDFG-HJKMP-QRTVW-XY234-6789B' }, newFingerprint()), 'NOT_FOUND');
    assert.equal(await validate({ key: 'hello' }, newFingerprint()), 'NOT_FOUND');
    assert.equal(await validate({ deviceToken: 'dvt_nothing' }, newFingerprint()), 'NOT_FOUND');
  });

  test('KEY_REVOKED, KEY_NOT_REDEEMED, KEY_NOT_A_LICENSE', async () => {
    const { planId } = await createTestPlan(t);
    const { keys } = await createTestKeys(t, planId, { quantity: 2 });
    await t.ctx.database.db.updateTable('product_keys').set({ state: 'revoked' }).where('id', '=', keys[0]!.id).execute();
    assert.equal(await validate({ key: keys[0]!.key }, newFingerprint()), 'KEY_REVOKED');
    assert.equal(await validate({ key: keys[1]!.key }, newFingerprint()), 'KEY_NOT_REDEEMED');
    const renewal = await createRedeemedKey(t, { kind: 'renewal' });
    assert.equal(await validate({ key: renewal.key }, newFingerprint()), 'KEY_NOT_A_LICENSE');
  });

  test('by the state of the subscription: DELETED, CANCELLED, DISABLED, GRACE_PERIOD (valid), VALID', async () => {
    const { key, subscriptionId } = await createRedeemedKey(t);
    const fingerprint = newFingerprint();
    await activated({ key, fingerprint });
    assert.equal(await validate({ key }, fingerprint), 'VALID');
    // Today is 2026-11-21 in Tokyo; the default policy: grace 30 days, disabled 90 more.
    await setSubscription(subscriptionId, { end_date: '2026-11-01' });
    assert.equal(await validate({ key }, fingerprint), 'GRACE_PERIOD');
    await setSubscription(subscriptionId, { end_date: '2026-10-01' });
    assert.equal(await validate({ key }, fingerprint), 'DISABLED');
    await setSubscription(subscriptionId, { end_date: '2026-01-01' });
    assert.equal(await validate({ key }, fingerprint), 'DELETED');
    await setSubscription(subscriptionId, { end_date: '2027-11-20', cancelled_on: '2026-11-21' });
    assert.equal(await validate({ key }, fingerprint), 'CANCELLED');
  });

  test('SEAT_NOT_ASSIGNED, SEAT_UNLICENSED (a digital license whose seat is gone or over the seats)', async () => {
    const holder = await createSeatHolder(t);
    const fingerprint = newFingerprint();
    const { deviceToken } = await activated({ productId: holder.productId, fingerprint }, holder.token.headers);
    assert.equal(await validate({ deviceToken }, fingerprint), 'VALID');
    await setSubscription(holder.subscriptionId, { seats: 0 });
    assert.equal(await validate({ deviceToken }, fingerprint), 'SEAT_UNLICENSED');
    await t.ctx.database.db.deleteFrom('seat_assignments').where('organization_id', '=', holder.organizationId).execute();
    assert.equal(await validate({ deviceToken }, fingerprint), 'SEAT_NOT_ASSIGNED');
  });

  test('DEVICE_NOT_ACTIVATED (never, or deactivated), FINGERPRINT_MISMATCH', async () => {
    const { key } = await createRedeemedKey(t, { plan: { devicesPerSeat: 2 } });
    assert.equal(await validate({ key }, newFingerprint()), 'DEVICE_NOT_ACTIVATED', 'a key with no device yet');
    const fingerprint = newFingerprint();
    const { deviceToken } = await activated({ key, fingerprint });
    assert.equal(await validate({ deviceToken }, newFingerprint()), 'FINGERPRINT_MISMATCH', 'a token copied to another machine');
    assert.equal(await validate({ key }, newFingerprint()), 'DEVICE_NOT_ACTIVATED', 'the key on a machine not activated');
    await t.inject({ method: 'POST', url: '/v1/devices/deactivate', payload: { deviceToken } });
    assert.equal(await validate({ deviceToken }, fingerprint), 'DEVICE_NOT_ACTIVATED');
    assert.equal(await validate({ key }, fingerprint), 'DEVICE_NOT_ACTIVATED');
  });

  test('DEVICE_LIMIT_EXCEEDED: the limit lowered below the active devices, the newest are over it', async () => {
    const { key, planId } = await createRedeemedKey(t, { plan: { devicesPerSeat: 2 } });
    const [first, second] = [newFingerprint(), newFingerprint()];
    await activated({ key, fingerprint: first });
    t.clock.advance({ seconds: 1 });
    await activated({ key, fingerprint: second });
    await t.ctx.database.db.updateTable('plans').set({ devices_per_seat: 1 }).where('id', '=', planId).execute();
    assert.equal(await validate({ key }, first), 'VALID');
    assert.equal(await validate({ key }, second), 'DEVICE_LIMIT_EXCEEDED');
  });
});

describe('the documented order decides when several problems apply', () => {
  test('the subscription before the seat, the seat before the device', async () => {
    const holder = await createSeatHolder(t);
    const fingerprint = newFingerprint();
    const { deviceToken } = await activated({ productId: holder.productId, fingerprint }, holder.token.headers);
    await t.inject({ method: 'POST', url: '/v1/devices/deactivate', payload: { deviceToken } });
    await t.ctx.database.db.deleteFrom('seat_assignments').where('organization_id', '=', holder.organizationId).execute();
    assert.equal(await validate({ deviceToken }, newFingerprint()), 'SEAT_NOT_ASSIGNED', 'seat gone, device deactivated, wrong machine');
    await setSubscription(holder.subscriptionId, { cancelled_on: '2026-11-21' });
    assert.equal(await validate({ deviceToken }, newFingerprint()), 'CANCELLED', 'and the subscription cancelled');
  });

  test('a deactivated device on another machine: not activated, before the fingerprint', async () => {
    const { key } = await createRedeemedKey(t);
    const { deviceToken } = await activated({ key, fingerprint: newFingerprint() });
    await t.inject({ method: 'POST', url: '/v1/devices/deactivate', payload: { deviceToken } });
    assert.equal(await validate({ deviceToken }, newFingerprint()), 'DEVICE_NOT_ACTIVATED');
  });
});

describe('limits and input', () => {
  test('per license: more validations in a minute than allowed → 429 with Retry-After', async () => {
    const limited = await createTestApp({ validationLimitPerMinute: 3 });
    try {
      const { key } = await createRedeemedKey(limited);
      for (let i = 0; i < 3; i++) await validate({ key }, newFingerprint(), limited);
      const refused = await limited.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { key, fingerprint: newFingerprint(), nonce: createNonce() } });
      assert.deepEqual([refused.statusCode, refused.json().code], [429, 'RATE_LIMITED']);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      limited.clock.advance({ minutes: 1 });
      assert.equal(await validate({ key }, newFingerprint(), limited), 'DEVICE_NOT_ACTIVATED');
    } finally {
      await limited.close();
    }
  });

  test('per client address: keys that find nothing are guesses, limited', async () => {
    const limited = await createTestApp({ keyEntryFailureLimit: 2 });
    try {
      for (let i = 0; i < 2; i++) assert.equal(await validate({ key: 'BCDFG-HJKMP-QRTVW-XY234-6789B' }, newFingerprint(), limited), 'NOT_FOUND');
      const refused = await limited.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { key: 'BCDFG-HJKMP-QRTVW-XY234-6789B', fingerprint: newFingerprint(), nonce: createNonce() } });
      assert.deepEqual([refused.statusCode, refused.json().code], [429, 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });

  test('signed: false answers the same verdict without the JWS, with the server time and the nonce', async () => {
    const { key } = await createRedeemedKey(t, { seats: 2 });
    const fingerprint = newFingerprint();
    const { deviceToken } = await activated({ key, fingerprint });
    const other = await activated({ key, fingerprint: newFingerprint() });
    const cases: Array<[Credential, string, string]> = [
      [{ deviceToken }, fingerprint, 'VALID'],
      [{ deviceToken }, newFingerprint(), 'FINGERPRINT_MISMATCH'],
      [{ deviceToken: other.deviceToken }, fingerprint, 'FINGERPRINT_MISMATCH'],
      [{ key }, newFingerprint(), 'DEVICE_NOT_ACTIVATED'],
      [{ deviceToken: 'dvt_nothing' }, fingerprint, 'NOT_FOUND'],
    ];
    for (const [credential, deviceFingerprint, code] of cases) {
      const nonce = createNonce();
      const response = await t.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { ...credential, fingerprint: deviceFingerprint, nonce, signed: false } });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.deepEqual(response.json(), { valid: code === 'VALID', code, serverTime: new Date(t.clock.now().epochMilliseconds).toISOString(), nonce });
      // The signed form of the same request gives the same code.
      assert.equal(await validate(credential, deviceFingerprint), code);
    }
    const explicit = await t.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { deviceToken, fingerprint, nonce: createNonce(), signed: true } });
    assert.equal(typeof explicit.json().signed, 'string', 'signed: true is the default form');
  });

  test('exactly one of key and deviceToken; a nonce is required', async () => {
    for (const payload of [{ fingerprint: newFingerprint(), nonce: createNonce() }, { key: 'x', deviceToken: 'y', fingerprint: newFingerprint(), nonce: createNonce() }, { key: 'x', fingerprint: newFingerprint() }, { key: 'x', fingerprint: newFingerprint(), signed: false }, { key: 'x', fingerprint: newFingerprint(), nonce: createNonce(), signed: 'no' }]) {
      const response = await t.inject({ method: 'POST', url: '/v1/licenses/validate', payload });
      assert.deepEqual([response.statusCode, response.json().code], [400, 'VALIDATION_FAILED'], JSON.stringify(payload));
    }
  });
});
