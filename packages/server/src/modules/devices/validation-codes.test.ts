// The validation order as a property: for any set of problems, the answer is the one listed
// first in VALIDATION_CODES; and the lifetime of a license file around state changes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { SUBSCRIPTION_STATES } from '@licentia/core/lifecycle';
import { fileLifetime } from './license-files.ts';
import { decideValidation, VALIDATION_CODES, type ValidationCode, type ValidationFacts } from './validation-codes.ts';

/** Every code that applies to the facts, each judged on its own. */
function applicable(facts: Extract<ValidationFacts, { license: 'found' }>): ValidationCode[] {
  const codes: ValidationCode[] = [];
  if (facts.state === 'deleted') codes.push('DELETED');
  if (facts.state === 'cancelled') codes.push('CANCELLED');
  if (facts.state === 'disabled') codes.push('DISABLED');
  if (facts.seat === 'unassigned') codes.push('SEAT_NOT_ASSIGNED');
  if (facts.seat === 'unlicensed') codes.push('SEAT_UNLICENSED');
  const device = facts.device;
  if (device.kind !== 'active') codes.push('DEVICE_NOT_ACTIVATED');
  else {
    if (!device.fingerprintMatches) codes.push('FINGERPRINT_MISMATCH');
    if (device.boardReplaced) codes.push('HARDWARE_CHANGED');
    if (device.rank >= facts.deviceLimit) codes.push('DEVICE_LIMIT_EXCEEDED');
  }
  codes.push(facts.state === 'expired' ? 'GRACE_PERIOD' : 'VALID');
  return codes;
}

const foundFacts = fc.record({
  license: fc.constant('found' as const),
  state: fc.constantFrom(...SUBSCRIPTION_STATES),
  seat: fc.constantFrom('licensed' as const, 'unassigned' as const, 'unlicensed' as const, null),
  deviceLimit: fc.integer({ min: 1, max: 5 }),
  device: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.constant({ kind: 'deactivated' as const }),
    fc.record({ kind: fc.constant('active' as const), fingerprintMatches: fc.boolean(), rank: fc.integer({ min: 0, max: 6 }), boardReplaced: fc.boolean() }),
  ),
});

describe('decideValidation', () => {
  test('the answer is the applicable code listed first; valid exactly for GRACE_PERIOD and VALID', () => {
    fc.assert(
      fc.property(foundFacts, (facts) => {
        const expected = applicable(facts).sort((a, b) => VALIDATION_CODES.indexOf(a) - VALIDATION_CODES.indexOf(b))[0];
        const verdict = decideValidation(facts);
        assert.equal(verdict.code, expected);
        assert.equal(verdict.valid, expected === 'GRACE_PERIOD' || expected === 'VALID');
      }),
      { numRuns: 2000 },
    );
  });

  test('no license: its own code, invalid', () => {
    for (const license of ['NOT_FOUND', 'KEY_REVOKED', 'KEY_NOT_REDEEMED', 'KEY_NOT_A_LICENSE'] as const) {
      assert.deepEqual(decideValidation({ license }), { valid: false, code: license });
    }
  });
});

describe('fileLifetime', () => {
  const now = Temporal.Instant.from('2026-11-21T00:30:00Z');
  const settings = { issuer: 'https://x.example', refreshAfterSeconds: 30 * 86_400, offlineGraceSeconds: 7 * 86_400 };
  const at = (iso: string) => Temporal.Instant.from(iso);

  test('far from any change: the configured refresh and grace', () => {
    assert.deepEqual(fileLifetime({ state: 'active', nextChangeAt: at('2027-11-20T15:00:00Z'), accessEndsAt: at('2027-12-20T15:00:00Z') }, settings, now), {
      refreshAfterSeconds: 30 * 86_400,
      offlineGraceSeconds: 7 * 86_400,
    });
  });

  test('refresh-by stops at the next state change, but never under an hour', () => {
    assert.equal(fileLifetime({ state: 'active', nextChangeAt: at('2026-11-23T15:00:00Z'), accessEndsAt: null }, settings, now).refreshAfterSeconds, 2 * 86_400 + 14.5 * 3600);
    assert.equal(fileLifetime({ state: 'active', nextChangeAt: at('2026-11-21T00:40:00Z'), accessEndsAt: null }, settings, now).refreshAfterSeconds, 3600);
  });

  test('the offline grace never reaches past the moment users lose access, and is none once they have', () => {
    const soon = fileLifetime({ state: 'expired', nextChangeAt: at('2026-11-24T15:00:00Z'), accessEndsAt: at('2026-11-26T15:00:00Z') }, settings, now);
    assert.equal(soon.refreshAfterSeconds + soon.offlineGraceSeconds, 5 * 86_400 + 14.5 * 3600);
    assert.equal(fileLifetime({ state: 'cancelled', nextChangeAt: null, accessEndsAt: null }, settings, now).offlineGraceSeconds, 0);
  });
});
