// License files and signed validation responses (SPEC §6, §10): compact JWS, EdDSA over
// Ed25519, verifiable offline by any standard JOSE library against the published JWKS.
//
// Claim layout of a license file (protected header `{ alg: 'EdDSA', kid, typ: 'license+jwt' }`):
//   iss         issuer: the server's public URL
//   sub         license id (= license.id)
//   aud         the device fingerprint hash (= device.fingerprint): the one party that may
//               accept the file, so a generic JOSE verifier checks the device with `audience`
//   iat, nbf    issue time (nbf = iat), NumericDate seconds
//   refresh_by  when the client must check in for a fresh file (iat + 30 days by default,
//               at least 1 hour). Past it the file still works, but the app should say so.
//   exp         hard expiry: refresh_by + offline grace (7 days by default). Past it the file is
//               invalid offline. Keeping the two apart lets a device that misses its check-in
//               (a trip, a broken network) keep working for a while, with warnings, instead
//               of failing at the same moment it was asked to refresh.
//   jti         unique file id (for audit and support)
//   license     { id, key_last5?, plan: { id, name }, entitlements, seats?, ends_on, state }
//   device      { id, fingerprint }
// Private claims use snake_case like the registered ones (`ends_on`, `key_last5`, `refresh_by`)
// so the whole payload reads as one vocabulary to third-party verifiers.
//
// The route that issues files should cap `refreshAfterSeconds` so that refresh_by does not
// pass the license's next state change (end date, grace end): the file's `state` is a snapshot,
// and the next check-in is what carries a renewal or an expiry to the device.
//
// `typ` differs between the two kinds of JWS because both are signed by the same key: without
// it a validation response could be presented where a license file is expected (and vice
// versa); the SDK checks `typ` before anything else in the payload.
import { randomUUID, sign as signBytes } from 'node:crypto';
import { SUBSCRIPTION_STATES } from '@licentia/core/lifecycle';
import type { SubscriptionState } from '@licentia/core/lifecycle';
import type { Temporal } from 'temporal-polyfill';
import type { LicenseSigningKeys } from './signing-keys.ts';

export const LICENSE_FILE_TYP = 'license+jwt';
export const VALIDATION_RESPONSE_TYP = 'license-validation+jwt';

export const DEFAULT_REFRESH_AFTER_SECONDS = 30 * 24 * 3600;
export const MIN_REFRESH_AFTER_SECONDS = 3600;
export const MAX_REFRESH_AFTER_SECONDS = 366 * 24 * 3600;
export const DEFAULT_OFFLINE_GRACE_SECONDS = 7 * 24 * 3600;
export const MAX_OFFLINE_GRACE_SECONDS = 30 * 24 * 3600;
/** The longest a file can live: what `SigningKeyRing.pruneRetired` must wait for. */
export const MAX_LICENSE_FILE_LIFETIME_SECONDS = MAX_REFRESH_AFTER_SECONDS + MAX_OFFLINE_GRACE_SECONDS;

/** Client nonces: base64url, 16 to 128 characters (the SDK sends 22: 16 random bytes). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** Validation codes are stable API codes like the error codes: `VALID`, `LICENSE_EXPIRED` … */
export const VALIDATION_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

const ENDS_ON_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const KEY_LAST5_PATTERN = /^[BCDFGHJKMPQRTVWXY2346789]{5}$/;

export interface LicensePlanClaim {
  id: string;
  name: string;
}

export interface LicenseClaim {
  id: string;
  /** The last five characters of the product key, for display ("…-7XK3Q"); absent for digital licenses. */
  key_last5?: string;
  plan: LicensePlanClaim;
  entitlements: string[];
  seats?: number;
  /** The subscription's end date, a civil date `YYYY-MM-DD`. */
  ends_on: string;
  /** The subscription's state when the file was issued. */
  state: SubscriptionState;
}

export interface DeviceClaim {
  id: string;
  fingerprint: string;
}

export interface LicenseFileClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  refresh_by: number;
  jti: string;
  license: LicenseClaim;
  device: DeviceClaim;
}

export interface LicenseFileInput {
  issuer: string;
  license: LicenseClaim;
  device: DeviceClaim;
  /** Seconds from issue to refresh-by. Default 30 days; at least 1 hour, at most 366 days. */
  refreshAfterSeconds?: number;
  /** Seconds from refresh-by to hard expiry. Default 7 days; 0 to 30 days. */
  offlineGraceSeconds?: number;
}

export interface SignedLicenseFile {
  jws: string;
  kid: string;
  claims: LicenseFileClaims;
}

export interface ValidationResponseInput {
  issuer: string;
  /** The client's nonce, echoed so the client knows the answer is fresh and meant for it. */
  nonce: string;
  valid: boolean;
  code: string;
  licenseId?: string;
  deviceFingerprint?: string;
}

export interface ValidationResponseClaims {
  iss: string;
  /** Server time, NumericDate seconds. */
  iat: number;
  /** Server time with millisecond precision, ISO-8601 UTC; the same instant as `iat`. */
  server_time: string;
  jti: string;
  nonce: string;
  valid: boolean;
  code: string;
  sub?: string;
  aud?: string;
}

export interface SignedValidationResponse {
  jws: string;
  kid: string;
  claims: ValidationResponseClaims;
}

function requireString(value: unknown, name: string, maxLength = 256): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new RangeError(`${name} must be a string of 1 to ${maxLength} characters`);
  }
  return value;
}

function requireSeconds(value: number, name: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be whole seconds from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function requireIssuer(issuer: string): string {
  try {
    new URL(issuer);
  } catch {
    throw new RangeError(`issuer must be an absolute URL, got "${issuer}"`);
  }
  return issuer;
}

function isRealDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** Copies exactly the known members, so nothing unexpected from the caller is signed. */
function checkedLicense(license: LicenseClaim): LicenseClaim {
  const entitlements = license.entitlements.map((entitlement, index) =>
    requireString(entitlement, `license.entitlements[${index}]`, 128),
  );
  if (new Set(entitlements).size !== entitlements.length) throw new RangeError('license.entitlements has duplicates');
  if (!ENDS_ON_PATTERN.test(license.ends_on) || !isRealDate(license.ends_on)) {
    throw new RangeError(`license.ends_on must be a date YYYY-MM-DD, got "${license.ends_on}"`);
  }
  if (!SUBSCRIPTION_STATES.includes(license.state)) throw new RangeError(`license.state is not a state: "${license.state}"`);
  const checked: LicenseClaim = {
    id: requireString(license.id, 'license.id'),
    plan: { id: requireString(license.plan.id, 'license.plan.id'), name: requireString(license.plan.name, 'license.plan.name') },
    entitlements,
    ends_on: license.ends_on,
    state: license.state,
  };
  if (license.key_last5 !== undefined) {
    if (!KEY_LAST5_PATTERN.test(license.key_last5)) throw new RangeError('license.key_last5 must be 5 key characters');
    checked.key_last5 = license.key_last5;
  }
  if (license.seats !== undefined) {
    if (!Number.isSafeInteger(license.seats) || license.seats < 1) throw new RangeError('license.seats must be a positive integer');
    checked.seats = license.seats;
  }
  return checked;
}

/** The protected headers, encoded once per key and type: they never change between signatures. */
const encodedHeaders = new Map<string, string>();

function encodedHeader(kid: string, typ: string): string {
  const cacheKey = `${kid} ${typ}`;
  let header = encodedHeaders.get(cacheKey);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ })).toString('base64url');
    encodedHeaders.set(cacheKey, header);
  }
  return header;
}

// A compact JWS (RFC 7515 §7.1) made with node:crypto directly: Ed25519 over the signing input
// with the KeyObject imported once. jose's CompactSign makes the same bytes through WebCrypto,
// whose asynchronous job took more than half of a validation's CPU; jose still verifies them
// (license-file.interop.test.ts).
function sign(keys: LicenseSigningKeys, typ: string, claims: object): { jws: string; kid: string } {
  const { kid, privateKey } = keys.activeSigningKey();
  const signingInput = `${encodedHeader(kid, typ)}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = signBytes(null, Buffer.from(signingInput), privateKey).toString('base64url');
  return { jws: `${signingInput}.${signature}`, kid };
}

export async function signLicenseFile(
  keys: LicenseSigningKeys,
  input: LicenseFileInput,
  now: Temporal.Instant,
): Promise<SignedLicenseFile> {
  const refreshAfter = requireSeconds(
    input.refreshAfterSeconds ?? DEFAULT_REFRESH_AFTER_SECONDS,
    'refreshAfterSeconds',
    MIN_REFRESH_AFTER_SECONDS,
    MAX_REFRESH_AFTER_SECONDS,
  );
  const grace = requireSeconds(input.offlineGraceSeconds ?? DEFAULT_OFFLINE_GRACE_SECONDS, 'offlineGraceSeconds', 0, MAX_OFFLINE_GRACE_SECONDS);
  const license = checkedLicense(input.license);
  const device: DeviceClaim = {
    id: requireString(input.device.id, 'device.id'),
    fingerprint: requireString(input.device.fingerprint, 'device.fingerprint'),
  };
  // Whole seconds, truncated: a file must never claim to be issued later than it was.
  const iat = Math.floor(now.epochMilliseconds / 1000);
  const refreshBy = iat + refreshAfter;
  const claims: LicenseFileClaims = {
    iss: requireIssuer(input.issuer),
    sub: license.id,
    aud: device.fingerprint,
    iat,
    nbf: iat,
    exp: refreshBy + grace,
    refresh_by: refreshBy,
    jti: randomUUID(),
    license,
    device,
  };
  const { jws, kid } = sign(keys, LICENSE_FILE_TYP, claims);
  return { jws, kid, claims };
}

/**
 * The answer to an online validation. Freshness comes from the echoed nonce, not from an
 * expiry: a client whose clock is wrong must still be able to trust the answer, because the
 * server time in it is how the client repairs its clock high-water mark.
 */
export async function signValidationResponse(
  keys: LicenseSigningKeys,
  input: ValidationResponseInput,
  now: Temporal.Instant,
): Promise<SignedValidationResponse> {
  if (!NONCE_PATTERN.test(input.nonce)) throw new RangeError('nonce must be 16 to 128 base64url characters');
  if (!VALIDATION_CODE_PATTERN.test(input.code)) throw new RangeError(`validation code must be UPPER_SNAKE, got "${input.code}"`);
  const claims: ValidationResponseClaims = {
    iss: requireIssuer(input.issuer),
    iat: Math.floor(now.epochMilliseconds / 1000),
    server_time: new Date(now.epochMilliseconds).toISOString(),
    jti: randomUUID(),
    nonce: input.nonce,
    valid: input.valid,
    code: input.code,
  };
  if (input.licenseId !== undefined) claims.sub = requireString(input.licenseId, 'licenseId');
  if (input.deviceFingerprint !== undefined) claims.aud = requireString(input.deviceFingerprint, 'deviceFingerprint');
  const { jws, kid } = sign(keys, VALIDATION_RESPONSE_TYP, claims);
  return { jws, kid, claims };
}
