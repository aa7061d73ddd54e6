// Test support only (not exported from index.ts): a minimal issuer that signs tokens in the
// server's format, so the SDK's tests need no server code. The server's own interop tests
// check that its real signer and this SDK agree.
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { base64url, calculateJwkThumbprint, CompactSign } from 'jose';
import type { JSONWebKeySet, JWK } from 'jose';
import type { LicenseFileClaims, ValidationResponseClaims } from './claims.ts';

export const ISSUER = 'https://licensing.example.com';
export const FINGERPRINT = 'fp_7d1c0a9b3e';
/** 2026-01-15T00:00:00Z, in seconds. */
export const T0 = 1_768_435_200;
export const DAY = 86_400;

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

export async function createTestKey(): Promise<TestKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const exported = publicKey.export({ format: 'jwk' });
  const base = { kty: 'OKP', crv: 'Ed25519', x: String(exported.x) };
  const kid = await calculateJwkThumbprint(base);
  return { kid, privateKey, publicJwk: { ...base, kid, alg: 'EdDSA', use: 'sig' } };
}

export function jwksOf(...keys: TestKey[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

export function licenseClaims(overrides: Partial<LicenseFileClaims> = {}, iat = T0): LicenseFileClaims {
  return {
    iss: ISSUER,
    sub: 'lic_01',
    aud: FINGERPRINT,
    iat,
    nbf: iat,
    exp: iat + 37 * DAY,
    refresh_by: iat + 30 * DAY,
    jti: `jti-${iat}`,
    license: {
      id: 'lic_01',
      key_last5: 'BCDF2',
      plan: { id: 'plan_biz_1y', name: 'Office Business (1 year)' },
      entitlements: ['word', 'excel'],
      seats: 5,
      ends_on: '2026-12-31',
      state: 'active',
    },
    device: { id: 'dev_01', fingerprint: FINGERPRINT },
    ...overrides,
  };
}

export function validationClaims(overrides: Partial<ValidationResponseClaims> = {}, iat = T0): ValidationResponseClaims {
  return {
    iss: ISSUER,
    iat,
    server_time: new Date(iat * 1000).toISOString(),
    jti: `jti-v-${iat}`,
    nonce: 'bm9uY2Vfbm9uY2Vfbm9uY2U',
    valid: true,
    code: 'VALID',
    ...overrides,
  };
}

export function sign(
  key: TestKey,
  payload: object,
  header: Record<string, unknown> = {},
  typ = 'license+jwt',
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ, ...header })
    .sign(key.privateKey);
}

export function at(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** Signs any header, bypassing jose's own header checks (for tokens jose refuses to make). */
export function signRaw(key: TestKey, header: object, payload: object): string {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`;
  return `${input}.${base64url.encode(cryptoSign(null, Buffer.from(input), key.privateKey))}`;
}
