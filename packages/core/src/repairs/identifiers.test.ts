import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { luhnCheckDigit, normalizeHardwareIdentifier, normalizeImei } from './identifiers.ts';

describe('serial and product numbers', () => {
  it('one canonical form for the ways people type them', () => {
    for (const typed of ['pf-3abc12', 'PF3ABC12', ' ＰＦ－３ＡＢＣ１２ ', 'pf 3abc 12']) assert.deepEqual(normalizeHardwareIdentifier(typed), { ok: true, value: 'PF3ABC12' });
    assert.deepEqual(normalizeHardwareIdentifier('5zg63ea#abj'), { ok: true, value: '5ZG63EA#ABJ' });
  });
  it('refuses empty, over-long and strange input', () => {
    assert.deepEqual(normalizeHardwareIdentifier(' - '), { ok: false, problem: 'EMPTY' });
    assert.deepEqual(normalizeHardwareIdentifier('A'.repeat(65)), { ok: false, problem: 'TOO_LONG' });
    assert.deepEqual(normalizeHardwareIdentifier('A'.repeat(64)), { ok: true, value: 'A'.repeat(64) });
    assert.deepEqual(normalizeHardwareIdentifier('PF<script>'), { ok: false, problem: 'BAD_CHARACTERS' });
  });
});

describe('IMEI', () => {
  const VALID = '490154203237518'; // the IMEI of the 3GPP TS 23.003 worked example
  it('accepts a valid IMEI however it is typed', () => {
    for (const typed of [VALID, '49-015420-323751-8', '49 015420 323751 8', '４９０１５４２０３２３７５１８']) assert.deepEqual(normalizeImei(typed), { ok: true, value: VALID });
  });
  it('refuses a wrong length, letters and a failed check digit', () => {
    assert.deepEqual(normalizeImei('49015420323751'), { ok: false, problem: 'IMEI_LENGTH' });
    assert.deepEqual(normalizeImei('49015420323751X'), { ok: false, problem: 'BAD_CHARACTERS' });
    assert.deepEqual(normalizeImei('490154203237519'), { ok: false, problem: 'IMEI_CHECK_FAILED' });
  });
  it('the check digit catches every single-digit mistake (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 9 }), (payload, position, delta) => {
        const imei = `${payload}${luhnCheckDigit(payload)}`;
        assert.equal(normalizeImei(imei).ok, true);
        const wrong = imei.slice(0, position) + String((Number(imei[position]) + delta) % 10) + imei.slice(position + 1);
        assert.deepEqual(normalizeImei(wrong), { ok: false, problem: 'IMEI_CHECK_FAILED' });
      }),
    );
  });
});
