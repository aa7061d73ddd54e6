// @licentia/sdk: the client library for the vendor's apps. Depends on jose and @licentia/core
// only, never on the server. Offline: check a product key (`parseKey`), verify a license file
// against the published JWKS, detect clock rollback. Online (`LicentiaClient`, over `fetch`):
// activate, check in, validate, deactivate; the files and signed answers it receives go
// through the offline checks before anything is stored.

export { parseKey, normalizeKeyInput, formatKey } from '@licentia/core/keys';
export { parseReactivationCode, REACTIVATION_OUTCOME_MESSAGES } from '@licentia/core/repairs';
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

export { LicentiaClient, DEFAULT_CHECK_IN_INTERVAL_MS, JWKS_PATH } from './client.ts';
export type { ActivationCredential, ActivationOptions, ActivationResult, CheckInResult, ClientStatus, LicentiaClientOptions } from './client.ts';
export { LicentiaApiError, LicentiaClientError, isLicentiaApiError, CLIENT_ERROR_CODES } from './client-errors.ts';
export type { ClientErrorCode, Problem } from './client-errors.ts';
export { hashComponents, hashIdentifier, machineFingerprint, readMachineId } from './fingerprint.ts';

export { VALIDATION_CODES } from './api-types.ts';
export type * from './api-types.ts';
