import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { base64url, CompactSign, compactVerify, createLocalJWKSet } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { LicenseFileErrorCode } from './errors.ts';
import { LicenseFileError } from './errors.ts';
import { at, createTestKey, DAY, FINGERPRINT, ISSUER, jwksOf, licenseClaims, sign, signRaw, T0, validationClaims } from './testing.ts';
import type { TestKey } from './testing.ts';
import { createNonce, verifyLicenseFile, verifyValidationResponse } from './verify.ts';

let key: TestKey;
let other: TestKey;
let jwks: JSONWebKeySet;

before(async () => {
  key = await createTestKey();
  other = await createTestKey();
  jwks = jwksOf(key);
});

function verify(jws: string, now = at(T0 + 60), overrides: { deviceFingerprint?: string; issuer?: string; jwks?: JSONWebKeySet } = {}) {
  return verifyLicenseFile(jws, { jwks, issuer: ISSUER, deviceFingerprint: FINGERPRINT, now, ...overrides });
}

async function rejects(promise: Promise<unknown>, code: LicenseFileErrorCode): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof LicenseFileError, `expected LicenseFileError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

const b64json = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('verifyLicenseFile', () => {
  it('accepts a well-formed file and returns its claims and times', async () => {
    const claims = licenseClaims();
    const result = await verify(await sign(key, claims));
    assert.deepEqual(result.claims, claims);
    assert.equal(result.kid, key.kid);
    assert.deepEqual(result.issuedAt, at(T0));
    assert.deepEqual(result.refreshBy, at(T0 + 30 * DAY));
    assert.deepEqual(result.expiresAt, at(T0 + 37 * DAY));
    assert.equal(result.refreshDue, false);
  });

  it('says refresh is due from refresh_by on, and the file still verifies until exp', async () => {
    const jws = await sign(key, licenseClaims());
    assert.equal((await verify(jws, at(T0 + 30 * DAY))).refreshDue, true);
    assert.equal((await verify(jws, at(T0 + 37 * DAY - 1))).refreshDue, true);
  });

  it('EXPIRED at exp exactly (RFC 7519: on or after)', async () => {
    await rejects(verify(await sign(key, licenseClaims()), at(T0 + 37 * DAY)), 'EXPIRED');
  });

  it('NOT_YET_VALID beyond the 5-minute tolerance, accepted within it', async () => {
    const jws = await sign(key, licenseClaims());
    await verify(jws, at(T0 - 299));
    await rejects(verify(jws, at(T0 - 301)), 'NOT_YET_VALID');
  });

  it('WRONG_DEVICE for a file issued to another device', async () => {
    const jws = await sign(key, licenseClaims());
    await rejects(verify(jws, undefined, { deviceFingerprint: 'fp_someone_else' }), 'WRONG_DEVICE');
  });

  it('WRONG_ISSUER for a file from another server', async () => {
    await rejects(verify(await sign(key, licenseClaims({ iss: 'https://evil.example' }))), 'WRONG_ISSUER');
  });

  it('UNKNOWN_KEY for a key that is not published', async () => {
    await rejects(verify(await sign(other, licenseClaims())), 'UNKNOWN_KEY');
  });

  it('SIGNATURE_INVALID for another key that claims a published kid', async () => {
    await rejects(verify(await sign(other, licenseClaims(), { kid: key.kid })), 'SIGNATURE_INVALID');
  });

  it('ALGORITHM_NOT_ALLOWED: HS256 keyed with the public key (algorithm confusion)', async () => {
    const secret = base64url.decode(String(key.publicJwk.x));
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(licenseClaims())))
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'license+jwt' })
      .sign(secret);
    await rejects(verify(jws), 'ALGORITHM_NOT_ALLOWED');
  });

  it('ALGORITHM_NOT_ALLOWED: alg none, with and without a signature segment', async () => {
    const unsigned = `${b64json({ alg: 'none', kid: key.kid, typ: 'license+jwt' })}.${b64json(licenseClaims())}`;
    await rejects(verify(`${unsigned}.`), 'ALGORITHM_NOT_ALLOWED');
    const real = await sign(key, licenseClaims());
    await rejects(verify(`${unsigned}.${real.split('.')[2]}`), 'ALGORITHM_NOT_ALLOWED');
  });

  it('ALGORITHM_NOT_ALLOWED: ES256, and the fully-specified "Ed25519" name', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = await new CompactSign(new TextEncoder().encode(JSON.stringify(licenseClaims())))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'license+jwt' })
      .sign(privateKey);
    await rejects(verify(es), 'ALGORITHM_NOT_ALLOWED');
    await rejects(verify(await sign(key, licenseClaims(), { alg: 'Ed25519' })), 'ALGORITHM_NOT_ALLOWED');
  });

  it('WRONG_TYPE: a validation response offered as a license file, and a missing typ', async () => {
    await rejects(verify(await sign(key, validationClaims(), {}, 'license-validation+jwt')), 'WRONG_TYPE');
    await rejects(verify(await sign(key, licenseClaims(), { typ: undefined })), 'WRONG_TYPE');
  });

  it('MALFORMED: structure, crit, missing kid, claims of the wrong shape', async () => {
    const good = await sign(key, licenseClaims());
    for (const broken of ['', 'a.b', `${good}.x`, good.replace('.', '..'), `${good} `]) {
      await rejects(verify(broken), 'MALFORMED');
    }
    const header = { alg: 'EdDSA', kid: key.kid, typ: 'license+jwt' };
    await verify(signRaw(key, header, licenseClaims())); // control: the raw signer makes valid files
    await rejects(verify(signRaw(key, { ...header, crit: ['exp'], exp: 1 }, licenseClaims())), 'MALFORMED');
    await rejects(verify(signRaw(key, { ...header, b64: false, crit: ['b64'] }, licenseClaims())), 'MALFORMED');
    await rejects(verify(await sign(key, licenseClaims(), { kid: undefined })), 'MALFORMED');
    await rejects(verify(await sign(key, { ...licenseClaims(), license: 'x' })), 'MALFORMED');
    await rejects(verify(await sign(key, licenseClaims({ aud: 'fp_other' }))), 'MALFORMED');
  });

  it('MALFORMED: a non-canonical signature spelling that jose alone would accept', async () => {
    const good = await sign(key, licenseClaims());
    const [h, p, s = ''] = good.split('.');
    // 64 bytes = 86 base64url characters; the last carries 2 data bits and 4 unused bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s.at(-1) ?? '');
    assert.equal(last & 0b1111, 0, 'canonical encoding leaves the unused bits zero');
    const variant = `${h}.${p}.${s.slice(0, -1)}${alphabet[last | 1]}`;
    await compactVerify(variant, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] }); // jose: fine
    await rejects(verify(variant), 'MALFORMED');
  });

  it('JWKS_UNAVAILABLE when the key set given is not a JWKS', async () => {
    const jws = await sign(key, licenseClaims());
    await rejects(verify(jws, undefined, { jwks: {} as JSONWebKeySet }), 'JWKS_UNAVAILABLE');
  });
});

describe('verifyValidationResponse', () => {
  const nonce = 'bm9uY2Vfbm9uY2Vfbm9uY2U';

  it('returns valid, code and the server time when the nonce is echoed', async () => {
    const jws = await sign(key, validationClaims({}, T0 + 7), {}, 'license-validation+jwt');
    const result = await verifyValidationResponse(jws, { jwks, issuer: ISSUER, nonce });
    assert.equal(result.valid, true);
    assert.equal(result.code, 'VALID');
    assert.deepEqual(result.serverTime, at(T0 + 7));
  });

  it('NONCE_MISMATCH for a replayed answer to another request', async () => {
    const jws = await sign(key, validationClaims(), {}, 'license-validation+jwt');
    await rejects(verifyValidationResponse(jws, { jwks, issuer: ISSUER, nonce: createNonce() }), 'NONCE_MISMATCH');
  });

  it('WRONG_TYPE for a license file offered as a validation response', async () => {
    const jws = await sign(key, licenseClaims());
    await rejects(verifyValidationResponse(jws, { jwks, issuer: ISSUER, nonce }), 'WRONG_TYPE');
  });

  it('WRONG_DEVICE when the response names another device', async () => {
    const jws = await sign(key, validationClaims({ aud: 'fp_other' }), {}, 'license-validation+jwt');
    await rejects(
      verifyValidationResponse(jws, { jwks, issuer: ISSUER, nonce, deviceFingerprint: FINGERPRINT }),
      'WRONG_DEVICE',
    );
  });

  it('MALFORMED when server_time and iat disagree', async () => {
    const jws = await sign(key, validationClaims({ iat: T0 + 5 }), {}, 'license-validation+jwt');
    await rejects(verifyValidationResponse(jws, { jwks, issuer: ISSUER, nonce }), 'MALFORMED');
  });
});

describe('createNonce', () => {
  it('gives 22 base64url characters, different each time', () => {
    const a = createNonce();
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a, createNonce());
  });
});
