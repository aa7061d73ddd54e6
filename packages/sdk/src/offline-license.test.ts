import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { JSONWebKeySet } from 'jose';
import type { LicenseFileErrorCode } from './errors.ts';
import { LicenseFileError } from './errors.ts';
import { OfflineLicense } from './offline-license.ts';
import { MemoryStorage } from './storage.ts';
import { at, createTestKey, DAY, FINGERPRINT, ISSUER, jwksOf, licenseClaims, sign, T0, validationClaims } from './testing.ts';
import type { TestKey } from './testing.ts';

let key: TestKey;
let jwks: JSONWebKeySet;

before(async () => {
  key = await createTestKey();
  jwks = jwksOf(key);
});

/** An OfflineLicense on a device whose clock the test sets (in seconds). */
function device(storage = new MemoryStorage()) {
  const clock = { now: T0 + 60 };
  const license = new OfflineLicense({ storage, jwks, issuer: ISSUER, deviceFingerprint: FINGERPRINT, clock: () => at(clock.now) });
  return { license, clock, storage };
}

const fileIssuedAt = (iat: number) => sign(key, licenseClaims({ jti: `jti-${iat}` }, iat));

async function rejects(promise: Promise<unknown>, code: LicenseFileErrorCode) {
  await assert.rejects(promise, (error: unknown) => error instanceof LicenseFileError && error.code === code);
}

describe('OfflineLicense', () => {
  it('has no file before installation', async () => {
    assert.equal(await device().license.current(), undefined);
  });

  it('installs a file and keeps verifying it as time moves forward', async () => {
    const { license, clock } = device();
    await license.install(await fileIssuedAt(T0));
    for (const later of [T0 + 3600, T0 + 10 * DAY, T0 + 31 * DAY]) {
      clock.now = later;
      const current = await license.current();
      assert.equal(current?.claims.license.id, 'lic_01');
      assert.equal(current?.refreshDue, later >= T0 + 30 * DAY);
    }
    clock.now = T0 + 37 * DAY;
    await rejects(license.current(), 'EXPIRED');
  });

  it('CLOCK_ROLLBACK: an expired file does not come back by setting the clock back', async () => {
    const { license, clock } = device();
    await license.install(await fileIssuedAt(T0));
    clock.now = T0 + 40 * DAY;
    await rejects(license.current(), 'EXPIRED');
    clock.now = T0 + 20 * DAY;
    await rejects(license.current(), 'CLOCK_ROLLBACK');
  });

  it('CLOCK_ROLLBACK: the clock set back before the installed file was issued', async () => {
    const { license, clock } = device();
    clock.now = T0 + 10 * DAY;
    await license.install(await fileIssuedAt(T0 + 10 * DAY));
    clock.now = T0 + 2 * DAY;
    await rejects(license.current(), 'CLOCK_ROLLBACK');
    await rejects(license.install(await fileIssuedAt(T0 + 2 * DAY)), 'CLOCK_ROLLBACK');
  });

  it('a rollback within the tolerance passes, but expiry is judged by the high-water mark', async () => {
    const { license, clock } = device();
    await license.install(await fileIssuedAt(T0));
    clock.now = T0 + 37 * DAY + 1; // seen: expired
    await rejects(license.current(), 'EXPIRED');
    clock.now = T0 + 37 * DAY - 120; // two minutes back: inside the tolerance, still expired
    await rejects(license.current(), 'EXPIRED');
  });

  it('STALE_FILE: an older file put back is refused, the newer one is kept', async () => {
    const { license, clock } = device();
    const older = await fileIssuedAt(T0);
    clock.now = T0 + DAY;
    const newer = await fileIssuedAt(T0 + DAY);
    await license.install(newer);
    await rejects(license.install(older), 'STALE_FILE');
    assert.equal((await license.current())?.claims.iat, T0 + DAY);
    // Re-installing the same file (or one issued in the same second) is fine.
    await license.install(newer);
  });

  it('STALE_FILE: a stored file swapped for an older copy behind the SDK\'s back', async () => {
    const { license, clock, storage } = device();
    const older = await fileIssuedAt(T0);
    clock.now = T0 + DAY;
    await license.install(await fileIssuedAt(T0 + DAY));
    storage.set('licentia.license_file', older);
    await rejects(license.current(), 'STALE_FILE');
  });

  it('keeps the stored file when a bad one is offered', async () => {
    const { license } = device();
    await license.install(await fileIssuedAt(T0));
    const other = await createTestKey();
    await rejects(license.install(await sign(other, licenseClaims({}, T0 + 10))), 'UNKNOWN_KEY');
    assert.equal((await license.current())?.claims.iat, T0);
  });

  it('a signed server time repairs a guard tripped by a clock that ran ahead', async () => {
    const { license, clock } = device();
    await license.install(await fileIssuedAt(T0));
    clock.now = T0 + 300 * DAY; // the user's clock jumps ahead, then is corrected
    await rejects(license.current(), 'EXPIRED');
    clock.now = T0 + DAY;
    await rejects(license.current(), 'CLOCK_ROLLBACK');
    const nonce = 'bm9uY2Vfbm9uY2Vfbm9uY2U';
    const response = await sign(key, validationClaims({ nonce }, T0 + DAY), {}, 'license-validation+jwt');
    const verified = await license.acceptValidationResponse(response, nonce);
    assert.deepEqual(verified.serverTime, at(T0 + DAY));
    assert.equal((await license.current())?.claims.iat, T0);
  });

  it('a validation response with another nonce changes nothing', async () => {
    const { license, clock } = device();
    await license.install(await fileIssuedAt(T0));
    clock.now = T0 + 300 * DAY;
    await rejects(license.current(), 'EXPIRED');
    const replayed = await sign(key, validationClaims({}, T0 + DAY), {}, 'license-validation+jwt');
    await rejects(license.acceptValidationResponse(replayed, 'another_nonce_0123456'), 'NONCE_MISMATCH');
    clock.now = T0 + DAY;
    await rejects(license.current(), 'CLOCK_ROLLBACK');
  });
});
