import assert from 'node:assert/strict';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Temporal } from 'temporal-polyfill';
import {
  DEFAULT_OFFLINE_GRACE_SECONDS,
  DEFAULT_REFRESH_AFTER_SECONDS,
  MIN_REFRESH_AFTER_SECONDS,
  signLicenseFile,
  signValidationResponse,
} from './license-file.ts';
import type { LicenseFileInput } from './license-file.ts';
import { generateSigningKeySet, SigningKeyRing } from './signing-keys.ts';

const NOW = Temporal.Instant.from('2026-01-15T09:30:15.789Z');
const IAT = Math.floor(NOW.epochMilliseconds / 1000);
const ring = new SigningKeyRing(generateSigningKeySet(NOW), { source: 'test' });

const input: LicenseFileInput = {
  issuer: 'https://licensing.example.com',
  license: {
    id: 'lic_01',
    key_last5: 'BCDF2',
    plan: { id: 'plan_biz_1y', name: 'Office Business (1 year)' },
    entitlements: ['word', 'excel'],
    seats: 5,
    ends_on: '2026-12-31',
    state: 'active',
  },
  device: { id: 'dev_01', fingerprint: 'fp_7d1c0a9b3e' },
};

describe('signLicenseFile', () => {
  it('signs the documented header and claim layout', async () => {
    const { jws, kid, claims } = await signLicenseFile(ring, input, NOW);
    assert.equal(kid, ring.activeSigningKey().kid);
    assert.deepEqual(decodeProtectedHeader(jws), { alg: 'EdDSA', kid, typ: 'license+jwt' });
    const { jti, ...rest } = claims;
    assert.match(jti, /^[0-9a-f-]{36}$/);
    assert.deepEqual(rest, {
      iss: input.issuer,
      sub: 'lic_01',
      aud: 'fp_7d1c0a9b3e',
      iat: IAT,
      nbf: IAT,
      exp: IAT + DEFAULT_REFRESH_AFTER_SECONDS + DEFAULT_OFFLINE_GRACE_SECONDS,
      refresh_by: IAT + 30 * 86_400,
      license: input.license,
      device: input.device,
    });
    assert.deepEqual(JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString()), claims);
  });

  it('defaults: refresh-by 30 days, offline grace 7 days', () => {
    assert.equal(DEFAULT_REFRESH_AFTER_SECONDS, 30 * 86_400);
    assert.equal(DEFAULT_OFFLINE_GRACE_SECONDS, 7 * 86_400);
    assert.equal(MIN_REFRESH_AFTER_SECONDS, 3600);
  });

  it('refresh-by is at least one hour; grace may be zero', async () => {
    await assert.rejects(signLicenseFile(ring, { ...input, refreshAfterSeconds: 3599 }, NOW), RangeError);
    await assert.rejects(signLicenseFile(ring, { ...input, refreshAfterSeconds: 3600.5 }, NOW), RangeError);
    await assert.rejects(signLicenseFile(ring, { ...input, offlineGraceSeconds: -1 }, NOW), RangeError);
    const { claims } = await signLicenseFile(ring, { ...input, refreshAfterSeconds: 3600, offlineGraceSeconds: 0 }, NOW);
    assert.equal(claims.refresh_by, IAT + 3600);
    assert.equal(claims.exp, IAT + 3600);
  });

  it('refuses input it would otherwise sign wrongly', async () => {
    const bad: LicenseFileInput[] = [
      { ...input, issuer: 'not a url' },
      { ...input, license: { ...input.license, ends_on: '2026-02-30' } },
      { ...input, license: { ...input.license, ends_on: '31/12/2026' } },
      { ...input, license: { ...input.license, key_last5: 'AAAAA' } },
      { ...input, license: { ...input.license, seats: 0 } },
      { ...input, license: { ...input.license, entitlements: ['word', 'word'] } },
      { ...input, license: { ...input.license, state: 'bogus' as 'active' } },
      { ...input, license: { ...input.license, id: '' } },
      { ...input, device: { ...input.device, fingerprint: '' } },
    ];
    for (const candidate of bad) await assert.rejects(signLicenseFile(ring, candidate, NOW), RangeError);
  });

  it('signs only the known members, never extras passed along by a caller', async () => {
    const sloppy = { ...input, license: { ...input.license, internal_note: 'vip' } } as LicenseFileInput;
    const { jws } = await signLicenseFile(ring, sloppy, NOW);
    assert.ok(!Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString().includes('internal_note'));
  });

  it('is verified by an independent implementation: raw node:crypto Ed25519, no jose', async () => {
    const { jws } = await signLicenseFile(ring, input, NOW);
    const [header = '', payload = '', signature = ''] = jws.split('.');
    const published = ring.publicJwks().keys[0];
    assert.ok(published);
    const publicKey = createPublicKey({ key: { kty: published.kty, crv: published.crv, x: published.x }, format: 'jwk' });
    const signingInput = Buffer.from(`${header}.${payload}`, 'ascii'); // RFC 7515 §5.2
    const signatureBytes = Buffer.from(signature, 'base64url');
    assert.equal(signatureBytes.length, 64);
    assert.equal(cryptoVerify(null, signingInput, publicKey, signatureBytes), true);
    const altered = Buffer.from(signingInput);
    const last = altered.length - 1;
    altered.writeUInt8(altered.readUInt8(last) ^ 1, last);
    assert.equal(cryptoVerify(null, altered, publicKey, signatureBytes), false);
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), {
      alg: 'EdDSA',
      kid: published.kid,
      typ: 'license+jwt',
    });
  });

  it('is accepted by a generic JOSE verifier with standard options (audience = fingerprint)', async () => {
    const { jws } = await signLicenseFile(ring, input, NOW);
    const { payload } = await jwtVerify(jws, createLocalJWKSet(ring.publicJwks()), {
      algorithms: ['EdDSA'],
      issuer: input.issuer,
      audience: input.device.fingerprint,
      typ: 'license+jwt',
      currentDate: new Date(NOW.epochMilliseconds),
    });
    assert.equal(payload.sub, 'lic_01');
  });
});

describe('signValidationResponse', () => {
  const nonce = 'bm9uY2Vfbm9uY2Vfbm9uY2U';

  it('carries the server time and echoes the nonce, with its own typ', async () => {
    const { jws, claims } = await signValidationResponse(
      ring,
      { issuer: input.issuer, nonce, valid: false, code: 'LICENSE_EXPIRED', licenseId: 'lic_01', deviceFingerprint: 'fp_1' },
      NOW,
    );
    assert.deepEqual(decodeProtectedHeader(jws), { alg: 'EdDSA', kid: ring.activeSigningKey().kid, typ: 'license-validation+jwt' });
    const { jti, ...rest } = claims;
    assert.ok(jti);
    assert.deepEqual(rest, {
      iss: input.issuer,
      iat: IAT,
      server_time: '2026-01-15T09:30:15.789Z',
      nonce,
      valid: false,
      code: 'LICENSE_EXPIRED',
      sub: 'lic_01',
      aud: 'fp_1',
    });
  });

  it('refuses a nonce or code outside the formats', async () => {
    const base = { issuer: input.issuer, nonce, valid: true, code: 'VALID' };
    for (const bad of [{ nonce: 'short' }, { nonce: `${nonce}.x` }, { code: 'valid' }, { code: '' }]) {
      await assert.rejects(signValidationResponse(ring, { ...base, ...bad }, NOW), RangeError);
    }
  });
});
