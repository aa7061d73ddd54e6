// The bodies the client exchanges with the server's device routes (SPEC §6). Written here again
// because the SDK may not import the server; the server's `sdk-contract.test.ts` fails to
// compile when these and the server's schemas drift apart. Every license file travels as a
// compact JWS string, every validation answer also as a signed JWS (`signed`) echoing `nonce`.
import type { LicenseColumn, ReactivationPath } from '@licentia/core/repairs';

/** Hashes of hardware components (SPEC §6): hex or base64url, 16–128 characters; never raw serial numbers. */
export interface HardwareComponentHashes {
  board?: string;
  disk?: string;
  osInstall?: string;
  cpu?: string;
  mac?: string;
}

/** POST /v1/activations. Either `key`, or an account (Authorization header) with `productId`. */
export interface ActivationRequest {
  key?: string;
  productId?: string;
  organizationId?: string;
  fingerprint: string;
  components?: HardwareComponentHashes;
  name?: string;
  /** A one-time code from support that moves the license to this machine after a repair. */
  reactivationCode?: string;
  /** After a repair the license cannot recognize: the device (from DEVICE_LIMIT_REACHED's list) this machine replaces. */
  replacesDeviceId?: string;
}

export interface DeviceInfo {
  id: string;
  name: string | null;
  fingerprint: string;
  activatedAt: string;
  lastCheckInAt: string | null;
}

export interface LicenseSummary {
  id: string;
  kind: 'key' | 'seat';
  planId: string;
  state: 'active' | 'expired' | 'disabled' | 'deleted' | 'cancelled';
  endsOn: string;
  deviceLimit: number;
  activeDevices: number;
}

/**
 * SPEC §6 "Hardware changes": the license knew this machine before a repair. `os_or_disk`: the
 * same device (its record reused, no extra slot); `board`: a new device took over the old one's
 * slot (`replacedDeviceId`). The outcome says how it was settled, `message` says it in words.
 */
export interface HardwareChangeInfo {
  change: 'os_or_disk' | 'board';
  column: LicenseColumn;
  path: ReactivationPath;
  outcome: 'SELF_SERVICE_REACTIVATION' | 'REACTIVATED_BY_SIGN_IN' | 'REACTIVATED_BY_CODE';
  message: string;
  replacedDeviceId: string | null;
}

export interface ActivationResponse {
  device: DeviceInfo;
  /** The device's credential for check-in, validation and deactivation; shown once. */
  deviceToken: string;
  /** The license file, to be passed to `OfflineLicense.install`. */
  licenseFile: string;
  license: LicenseSummary;
  /** Null unless the activation settled a repair of a machine the license knew. */
  hardwareChange: HardwareChangeInfo | null;
}

/**
 * Validation codes, in the order the server checks them (docs/api.md): the first that applies
 * is the answer. `GRACE_PERIOD` and `VALID` are valid; every other code is not.
 */
export const VALIDATION_CODES = [
  'NOT_FOUND',
  'KEY_REVOKED',
  'KEY_NOT_REDEEMED',
  'KEY_NOT_A_LICENSE',
  'DELETED',
  'CANCELLED',
  'DISABLED',
  'SEAT_NOT_ASSIGNED',
  'SEAT_UNLICENSED',
  'DEVICE_NOT_ACTIVATED',
  'FINGERPRINT_MISMATCH',
  'HARDWARE_CHANGED',
  'DEVICE_LIMIT_EXCEEDED',
  'GRACE_PERIOD',
  'VALID',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** POST /v1/devices/check-in */
export interface CheckInRequest {
  deviceToken: string;
  fingerprint: string;
  /** From `createNonce()`; the signed answer must echo it. */
  nonce: string;
  components?: HardwareComponentHashes;
}

export interface CheckInResponse {
  valid: boolean;
  code: ValidationCode;
  serverTime: string;
  /** The signed validation answer (server time, echoed nonce). */
  signed: string;
  /** A new license file, or null when the device no longer holds its place on the license. */
  licenseFile: string | null;
}

/** POST /v1/licenses/validate: exactly one of `key` and `deviceToken`. */
export interface ValidationRequest {
  key?: string;
  deviceToken?: string;
  fingerprint: string;
  nonce: string;
  /** Default true. false: no `signed` in the answer, for an app that trusts TLS (`validateUnsigned`). */
  signed?: boolean;
}

export interface ValidationResponseBody {
  valid: boolean;
  code: ValidationCode;
  serverTime: string;
  nonce: string;
  /** Signed, to be passed to `OfflineLicense.acceptValidationResponse`; absent when the request sent `signed: false`. */
  signed?: string;
}

/** POST /v1/devices/deactivate */
export interface DeactivationRequest {
  deviceToken: string;
}
