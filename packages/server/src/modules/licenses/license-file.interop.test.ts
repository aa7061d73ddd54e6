// The server's signer against the client SDK, as shipped: what one signs the other accepts,
// and each refusal the SDK promises holds for real server output. The SDK may not import the
// server, so this is the one place both are exercised together.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LicenseFileError, MemoryStorage, OfflineLicense, verifyLicenseFile, verifyValidationResponse } from '@licentia/sdk';
import type { LicenseFileClaims as SdkLicenseFileClaims, LicenseFileErrorCode, ValidationResponseClaims as SdkValidationClaims } from '@licentia/sdk';
import { Temporal } from 'temporal-polyfill';
import { signLicenseFile, signValidationResponse } from './license-file.ts';
import type { LicenseFileClaims, LicenseFileInput, ValidationResponseClaims } from './license-file.ts';
import { generateSigningKeySet, loadOrCreateSigningKeys, SigningKeyRing } from './signing-keys.ts';

// The two claim layouts are written twice (server and SDK); these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const CLAIMS_AGREE: Same<LicenseFileClaims, SdkLicenseFileClaims> = true;
const VALIDATION_AGREE: Same<ValidationResponseClaims, SdkValidationClaims> = true;
void CLAIMS_AGREE;
void VALIDATION_AGREE;

const NOW = Temporal.Instant.from('2026-01-15T00:00:00Z');
const ISSUER = 'https://licensing.example.com';
const FINGERPRINT = 'fp_7d1c0a9b3e';
const input: LicenseFileInput = {
  issuer: ISSUER,
  license: {
    id: 'lic_01',
    plan: { id: 'plan_biz_1y', name: 'オフィス ビジネス (1年)' },
    entitlements: ['word', 'excel', 'powerpoint'],
    seats: 25,
    ends_on: '2026-12-31',
    state: 'active',
  },
  device: { id: 'dev_01', fingerprint: FINGERPRINT },
};

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const at = (instant: Temporal.Instant) => new Date(instant.epochMilliseconds);

async function rejects(promise: Promise<unknown>, code: LicenseFileErrorCode) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof LicenseFileError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('server signer → SDK', () => {
  const ring = new SigningKeyRing(generateSigningKeySet(NOW), { source: 'test' });
  const options = (now: Temporal.Instant, overrides: object = {}) => ({
    jwks: ring.publicJwks(),
    issuer: ISSUER,
    deviceFingerprint: FINGERPRINT,
    now: at(now),
    ...overrides,
  });

  it('round-trips every claim', async () => {
    const { jws, claims, kid } = await signLicenseFile(ring, input, NOW);
    const verified = await verifyLicenseFile(jws, options(NOW.add({ minutes: 1 })));
    assert.deepEqual(verified.claims, claims);
    assert.equal(verified.kid, kid);
    assert.deepEqual(verified.refreshBy, new Date(claims.refresh_by * 1000));
    assert.deepEqual(verified.expiresAt, new Date(claims.exp * 1000));
  });

  it('refuses another device, an expired file, a not-yet-valid file', async () => {
    const { jws, claims } = await signLicenseFile(ring, input, NOW);
    await rejects(verifyLicenseFile(jws, options(NOW, { deviceFingerprint: 'fp_other' })), 'WRONG_DEVICE');
    await rejects(verifyLicenseFile(jws, { ...options(NOW), now: new Date(claims.exp * 1000) }), 'EXPIRED');
    await rejects(verifyLicenseFile(jws, options(NOW.subtract({ minutes: 6 }))), 'NOT_YET_VALID');
  });

  it('refuses a file signed by a key that is not published', async () => {
    const stranger = new SigningKeyRing(generateSigningKeySet(NOW), { source: 'stranger' });
    const { jws } = await signLicenseFile(stranger, input, NOW);
    await rejects(verifyLicenseFile(jws, options(NOW)), 'UNKNOWN_KEY');
  });

  it('validation responses: accepted with the nonce, refused as a license file', async () => {
    const nonce = 'bm9uY2Vfbm9uY2Vfbm9uY2U';
    const { jws } = await signValidationResponse(ring, { issuer: ISSUER, nonce, valid: true, code: 'VALID' }, NOW);
    const verified = await verifyValidationResponse(jws, { jwks: ring.publicJwks(), issuer: ISSUER, nonce });
    assert.deepEqual(verified.serverTime, at(NOW));
    await rejects(verifyLicenseFile(jws, options(NOW)), 'WRONG_TYPE');
  });
});

describe('rotation, end to end', () => {
  it('a retired key verifies while published, and is UNKNOWN_KEY once removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'licentia-rotation-'));
    dirs.push(dir);
    const ring = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const before = await signLicenseFile(ring, input, NOW);
    const later = NOW.add({ hours: 24 });
    ring.rotate(later);
    const afterRotation = await signLicenseFile(ring, input, later);
    assert.notEqual(afterRotation.kid, before.kid);

    const check = (jws: string) =>
      verifyLicenseFile(jws, { jwks: ring.publicJwks(), issuer: ISSUER, deviceFingerprint: FINGERPRINT, now: at(later) });
    assert.equal((await check(before.jws)).kid, before.kid);
    assert.equal((await check(afterRotation.jws)).kid, afterRotation.kid);

    ring.removeRetired(before.kid);
    await rejects(check(before.jws), 'UNKNOWN_KEY');
    assert.equal((await check(afterRotation.jws)).kid, afterRotation.kid);
  });
});

describe('clock rollback with real files', () => {
  it('the SDK refuses the file when the device clock goes back past its high-water mark', async () => {
    const ring = new SigningKeyRing(generateSigningKeySet(NOW), { source: 'test' });
    const clock = { now: NOW };
    const device = new OfflineLicense({
      storage: new MemoryStorage(),
      jwks: ring.publicJwks(),
      issuer: ISSUER,
      deviceFingerprint: FINGERPRINT,
      clock: () => at(clock.now),
    });
    await device.install((await signLicenseFile(ring, input, NOW)).jws);
    clock.now = NOW.add({ hours: 24 * 20 });
    assert.equal((await device.current())?.claims.sub, 'lic_01');
    clock.now = NOW.add({ hours: 24 * 10 });
    await rejects(device.current(), 'CLOCK_ROLLBACK');
  });
});
