// The answer to "may this device use this license now?" as data (ARCHITECTURE practice 3,
// after Keygen's license validation): one code from a fixed list, checked in a fixed order, so
// the answer names the most fundamental problem. The order, first to last:
//
//   the license     NOT_FOUND → KEY_REVOKED → KEY_NOT_REDEEMED → KEY_NOT_A_LICENSE
//   its subscription DELETED → CANCELLED → DISABLED        (users have lost access)
//   a seat license  SEAT_NOT_ASSIGNED → SEAT_UNLICENSED
//   the device      DEVICE_NOT_ACTIVATED → FINGERPRINT_MISMATCH → HARDWARE_CHANGED → DEVICE_LIMIT_EXCEEDED
//   valid           GRACE_PERIOD (expired, still working: warn) → VALID
//
// Subscription problems come before device problems: a device of a cancelled subscription
// should be told "cancelled" (renew) rather than "not activated" (activate, which would fail).
import type { SubscriptionState } from '@licentia/core/lifecycle';
import type { SeatStatus } from './standing.ts';

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

/** Codes under which the app may run. */
export const VALID_CODES: ReadonlySet<ValidationCode> = new Set(['GRACE_PERIOD', 'VALID']);

export type DeviceFact =
  /** No device of this fingerprint on the license (or the token names none). */
  | { kind: 'none' }
  | { kind: 'deactivated' }
  /**
   * `rank`: active devices activated before it; over a lowered limit, the newest lose first.
   * `boardReplaced`: it reports another board than it was activated on (SPEC §6: a new device,
   * which must be reactivated as the hardware-change table says).
   */
  | { kind: 'active'; fingerprintMatches: boolean; rank: number; boardReplaced: boolean };

export type ValidationFacts =
  | { license: 'NOT_FOUND' | 'KEY_REVOKED' | 'KEY_NOT_REDEEMED' | 'KEY_NOT_A_LICENSE' }
  | { license: 'found'; state: SubscriptionState; seat: SeatStatus | null; deviceLimit: number; device: DeviceFact };

export interface Verdict {
  valid: boolean;
  code: ValidationCode;
}

const verdict = (code: ValidationCode): Verdict => ({ valid: VALID_CODES.has(code), code });

export function decideValidation(facts: ValidationFacts): Verdict {
  if (facts.license !== 'found') return verdict(facts.license);
  switch (facts.state) {
    case 'deleted':
      return verdict('DELETED');
    case 'cancelled':
      return verdict('CANCELLED');
    case 'disabled':
      return verdict('DISABLED');
    case 'active':
    case 'expired':
      break;
  }
  if (facts.seat === 'unassigned') return verdict('SEAT_NOT_ASSIGNED');
  if (facts.seat === 'unlicensed') return verdict('SEAT_UNLICENSED');
  const device = facts.device;
  if (device.kind !== 'active') return verdict('DEVICE_NOT_ACTIVATED');
  if (!device.fingerprintMatches) return verdict('FINGERPRINT_MISMATCH');
  if (device.boardReplaced) return verdict('HARDWARE_CHANGED');
  if (device.rank >= facts.deviceLimit) return verdict('DEVICE_LIMIT_EXCEEDED');
  return verdict(facts.state === 'expired' ? 'GRACE_PERIOD' : 'VALID');
}

/**
 * Whether a check-in hands this device a new license file. The device must hold its place on
 * the license (activated, its own fingerprint, within the limit and its seat); a subscription
 * that has lost access still gets a file, one that says so in `license.state`, so the app
 * learns of it even offline later.
 */
export function issuesLicenseFile(facts: ValidationFacts, verdict: Verdict): boolean {
  if (facts.license !== 'found' || facts.device.kind !== 'active' || !facts.device.fingerprintMatches) return false;
  return verdict.valid || verdict.code === 'DELETED' || verdict.code === 'CANCELLED' || verdict.code === 'DISABLED';
}
