// @licentia/sdk: the client library for the vendor's apps. Depends on jose and @licentia/core
// only, never on the server. Offline: check a product key (`parseKey`), verify a license file
// against the published JWKS, detect clock rollback. The HTTP client for activation and
// check-in arrives with the server routes; `api-types.ts` drafts its bodies.

export { parseKey, normalizeKeyInput, formatKey } from '@licentia/core/keys';
export type { KeyProblem, KeyProblemCode, ParseKeyResult } from '@licentia/core/keys';

export { LicenseFileError, isLicenseFileError, LICENSE_FILE_ERROR_CODES } from './errors.ts';
export type { LicenseFileErrorCode } from './errors.ts';

export { LICENSE_FILE_TYP, VALIDATION_RESPONSE_TYP } from './claims.ts';
export type { DeviceClaim, LicenseClaim, LicenseFileClaims, LicensePlanClaim, ValidationResponseClaims } from './claims.ts';

export { verifyLicenseFile, verifyValidationResponse, createNonce } from './verify.ts';
export type {
  VerifiedLicenseFile,
  VerifiedValidationResponse,
  VerifyLicenseFileOptions,
  VerifyValidationResponseOptions,
} from './verify.ts';

export { normalizeJwks, JwksFormatError } from './jwks.ts';
export type { JwksInput, JwksSource } from './jwks.ts';
export { JwksCache, DEFAULT_JWKS_MAX_AGE_MS, DEFAULT_UNKNOWN_KID_REFETCH_INTERVAL_MS } from './jwks-cache.ts';
export type { JwksCacheOptions } from './jwks-cache.ts';

export { TrustedTimeGuard, DEFAULT_CLOCK_TOLERANCE_MS } from './trusted-time.ts';
export type { TrustedTimeGuardOptions } from './trusted-time.ts';
export { OfflineLicense } from './offline-license.ts';
export type { OfflineLicenseOptions } from './offline-license.ts';

export { MemoryStorage, FileStorage } from './storage.ts';
export type { LicenseStorage } from './storage.ts';

export type * from './api-types.ts';
