// Offline verification of license files and of signed validation responses.
//
// Both are stateless: they judge one token against a key set and a time. Clock-rollback and
// "is this older than the file I already have" need memory and live in `OfflineLicense`, which
// calls these with the time its guard vouches for.
//
// Order of checks (each failure has one code): structure and header (MALFORMED,
// ALGORITHM_NOT_ALLOWED, WRONG_TYPE), key (UNKNOWN_KEY), signature (SIGNATURE_INVALID), payload
// shape (MALFORMED), then claims: issuer, device, not-before, expiry. Claims are read only
// after the signature verified, so nothing an attacker wrote is ever interpreted.
import { base64url } from 'jose';
import { LICENSE_FILE_TYP, parseLicenseFileClaims, parseValidationResponseClaims, VALIDATION_RESPONSE_TYP } from './claims.ts';
import type { LicenseFileClaims, ValidationResponseClaims } from './claims.ts';
import { LicenseFileError } from './errors.ts';
import { verifyCompactJws } from './jws.ts';
import type { JwksInput } from './jwks.ts';
import { DEFAULT_CLOCK_TOLERANCE_MS } from './trusted-time.ts';

export interface VerifyLicenseFileOptions {
  jwks: JwksInput;
  /** The server's public URL, exactly as it signs `iss`. */
  issuer: string;
  /** This device's fingerprint hash, as sent at activation. */
  deviceFingerprint: string;
  /** The time to judge by; default the device clock. */
  now?: Date;
  /**
   * How far `nbf` may be ahead of `now` (default 5 minutes): a fresh file carries the server's
   * clock, which may run slightly ahead of the device's. Not applied to `exp`, which already
   * includes days of offline grace.
   */
  clockToleranceMs?: number;
}

export interface VerifiedLicenseFile {
  claims: LicenseFileClaims;
  /** The key that signed it. */
  kid: string;
  issuedAt: Date;
  /** When the app should check in for a new file. */
  refreshBy: Date;
  /** When the file stops being valid offline. */
  expiresAt: Date;
  /** `now` is at or past refresh-by: check in (the file is still valid until `expiresAt`). */
  refreshDue: boolean;
}

export async function verifyLicenseFile(jws: string, options: VerifyLicenseFileOptions): Promise<VerifiedLicenseFile> {
  const { payload, kid } = await verifyCompactJws(jws, LICENSE_FILE_TYP, options.jwks);
  const claims = parseLicenseFileClaims(payload);
  const now = (options.now ?? new Date()).getTime();
  if (!Number.isFinite(now)) throw new RangeError('invalid now');
  const tolerance = options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;

  if (claims.iss !== options.issuer) {
    throw new LicenseFileError('WRONG_ISSUER', `issued by ${claims.iss}, expected ${options.issuer}`);
  }
  // parseLicenseFileClaims made sure aud and device.fingerprint agree.
  if (claims.aud !== options.deviceFingerprint) {
    throw new LicenseFileError('WRONG_DEVICE', `issued to device ${claims.device.id}, not this one`);
  }
  if (now < claims.nbf * 1000 - tolerance) {
    throw new LicenseFileError('NOT_YET_VALID', `valid from ${new Date(claims.nbf * 1000).toISOString()}`);
  }
  // RFC 7519: exp is the time "on or after which the JWT MUST NOT be accepted".
  if (now >= claims.exp * 1000) {
    throw new LicenseFileError('EXPIRED', `expired at ${new Date(claims.exp * 1000).toISOString()}`);
  }
  return {
    claims,
    kid,
    issuedAt: new Date(claims.iat * 1000),
    refreshBy: new Date(claims.refresh_by * 1000),
    expiresAt: new Date(claims.exp * 1000),
    refreshDue: now >= claims.refresh_by * 1000,
  };
}

export interface VerifyValidationResponseOptions {
  jwks: JwksInput;
  issuer: string;
  /** The nonce this client sent with the request being answered. */
  nonce: string;
  /** When given and the response names a device (`aud`), it must be this one. */
  deviceFingerprint?: string;
}

export interface VerifiedValidationResponse {
  claims: ValidationResponseClaims;
  kid: string;
  valid: boolean;
  code: string;
  serverTime: Date;
}

/**
 * Checks a signed validation response. No expiry check: freshness is proven by the echoed
 * nonce, and the answer must be usable even when the device clock is wrong, since its server
 * time is how the client repairs its clock guard.
 */
export async function verifyValidationResponse(
  jws: string,
  options: VerifyValidationResponseOptions,
): Promise<VerifiedValidationResponse> {
  const { payload, kid } = await verifyCompactJws(jws, VALIDATION_RESPONSE_TYP, options.jwks);
  const claims = parseValidationResponseClaims(payload);
  if (claims.iss !== options.issuer) {
    throw new LicenseFileError('WRONG_ISSUER', `issued by ${claims.iss}, expected ${options.issuer}`);
  }
  if (claims.nonce !== options.nonce) throw new LicenseFileError('NONCE_MISMATCH', 'the response answers another request');
  if (options.deviceFingerprint !== undefined && claims.aud !== undefined && claims.aud !== options.deviceFingerprint) {
    throw new LicenseFileError('WRONG_DEVICE', 'the response is for another device');
  }
  return { claims, kid, valid: claims.valid, code: claims.code, serverTime: new Date(claims.server_time) };
}

/** A fresh nonce for a validation request: 16 random bytes, base64url (22 characters). */
export function createNonce(): string {
  return base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}
