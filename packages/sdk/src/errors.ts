// One error type for everything that makes a license file (or a signed validation response)
// unusable. Apps branch on `code`, which is stable; `message` is for logs and support, in
// English, and never contains the file itself.

export const LICENSE_FILE_ERROR_CODES = [
  /** Not a compact JWS, not canonical base64url, bad JSON, or claims of the wrong shape. */
  'MALFORMED',
  /** Signed, but another kind of token (`typ`): e.g. a validation response given as a file. */
  'WRONG_TYPE',
  /** `alg` is not EdDSA (HS256 with a public key as the secret, `none`, RS256 …). */
  'ALGORITHM_NOT_ALLOWED',
  /** No published key has this `kid` (never published, or removed after rotation). */
  'UNKNOWN_KEY',
  /** The signature does not verify with the key named by `kid`: the file was altered. */
  'SIGNATURE_INVALID',
  /** Signed by our key, but for another server (`iss`). */
  'WRONG_ISSUER',
  /** Issued to another device (`aud` / `device.fingerprint`). */
  'WRONG_DEVICE',
  /** `nbf` is later than the device clock (beyond the tolerance). */
  'NOT_YET_VALID',
  /** Past `exp`: the device must check in online for a fresh file. */
  'EXPIRED',
  /** The device clock went back past the trusted-time high-water mark. */
  'CLOCK_ROLLBACK',
  /** The file was issued before the one already accepted (an old file put back). */
  'STALE_FILE',
  /** A validation response that does not echo the nonce of this request (a replay). */
  'NONCE_MISMATCH',
  /** No key set could be fetched and none is cached. */
  'JWKS_UNAVAILABLE',
] as const;

export type LicenseFileErrorCode = (typeof LICENSE_FILE_ERROR_CODES)[number];

export class LicenseFileError extends Error {
  readonly code: LicenseFileErrorCode;

  constructor(code: LicenseFileErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'LicenseFileError';
    this.code = code;
  }
}

export function isLicenseFileError(error: unknown, code?: LicenseFileErrorCode): error is LicenseFileError {
  return error instanceof LicenseFileError && (code === undefined || error.code === code);
}
