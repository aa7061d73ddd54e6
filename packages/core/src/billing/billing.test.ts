import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { checkRegistrationNumber, formatOrderNumber, invoiceTaxes, parseOrderNumber, registrationCheckDigit, REDUCED_RATE_MARK } from '../billing.ts';

test('order numbers: channel, Japan time to the second, nine-digit sequence', () => {
  // 00:30:15 UTC is 09:30:15 in Tokyo, the same day; 15:00 UTC is already the next day there.
  assert.equal(formatOrderNumber('AB', Temporal.Instant.from('2026-11-21T00:30:15.999Z'), 123), 'AB-20261121093015-000000123');
  assert.equal(formatOrderNumber('WB', Temporal.Instant.from('2026-12-31T15:00:00Z'), 999_999_999), 'WB-20270101000000-999999999');
  for (const channel of ['ab', 'A', 'ABC', 'A1']) assert.throws(() => formatOrderNumber(channel, Temporal.Now.instant(), 1), RangeError);
  for (const sequence of [0, 1_000_000_000, 1.5]) assert.throws(() => formatOrderNumber('AB', Temporal.Now.instant(), sequence), RangeError);
});

test('order numbers parse back; malformed ones and impossible times do not', () => {
  assert.deepEqual(parseOrderNumber('AB-20261121093015-000000123'), {
    channel: 'AB',
    orderedAt: Temporal.PlainDateTime.from('2026-11-21T09:30:15'),
    sequence: 123,
  });
  for (const bad of ['ab-20261121093015-000000123', 'AB-2026112109301-000000123', 'AB-20261121093015-00000123', 'AB-20261131093015-000000001', 'AB-20261121243015-000000001', 'AB-20261121093015-000000000', ' AB-20261121093015-000000001']) {
    assert.equal(parseOrderNumber(bad), undefined, bad);
  }
});

test('property: every order number formats to the pattern and parses to its parts', () => {
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => Temporal.Instant.fromEpochMilliseconds(ms));
  const channel = fc.tuple(fc.integer({ min: 65, max: 90 }), fc.integer({ min: 65, max: 90 })).map(([a, b]) => String.fromCharCode(a, b));
  fc.assert(
    fc.property(channel, instant, fc.integer({ min: 1, max: 999_999_999 }), (c, at, sequence) => {
      const parts = parseOrderNumber(formatOrderNumber(c, at, sequence))!;
      assert.equal(parts.channel, c);
      assert.equal(parts.sequence, sequence);
      assert.equal(parts.orderedAt.toString(), at.toZonedDateTimeISO('Asia/Tokyo').toPlainDateTime().round({ smallestUnit: 'second', roundingMode: 'trunc' }).toString());
    }),
  );
});

test('registration numbers: T and 13 digits whose first is the check digit', () => {
  // The Japan Federation of Certified Public Tax Accountants' Associations: 法人番号 7010705000725.
  assert.equal(registrationCheckDigit('010705000725'), 7);
  assert.deepEqual(checkRegistrationNumber('T7010705000725'), { ok: true, value: 'T7010705000725' });
  assert.deepEqual(checkRegistrationNumber('ｔ７０１０７０５０００７２５'), { ok: true, value: 'T7010705000725' });
  assert.deepEqual(checkRegistrationNumber('T7-0107-0500-0725'), { ok: true, value: 'T7010705000725' });
  assert.deepEqual(checkRegistrationNumber('T8010705000725'), { ok: false, problem: 'CHECK_DIGIT' });
  assert.deepEqual(checkRegistrationNumber('7010705000725'), { ok: false, problem: 'FORMAT' });
  assert.deepEqual(checkRegistrationNumber('T701070500072'), { ok: false, problem: 'FORMAT' });
  assert.deepEqual(checkRegistrationNumber('T0010705000725'), { ok: false, problem: 'CHECK_DIGIT' });
  // A sole proprietor's number has no published check digit: only its shape is checked.
  assert.deepEqual(checkRegistrationNumber('T8010705000725', 'sole_proprietor'), { ok: true, value: 'T8010705000725' });
  assert.deepEqual(checkRegistrationNumber('T801070500072', 'sole_proprietor'), { ok: false, problem: 'FORMAT' });
});

test('property: one wrong digit is caught unless it swaps 0 and 9', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 9 }), (base, position, digit) => {
      const number = `T${registrationCheckDigit(base)}${base}`;
      assert.equal(checkRegistrationNumber(number).ok, true);
      const original = Number(base[position]);
      if (digit === original) return;
      const typo = `T${registrationCheckDigit(base)}${base.slice(0, position)}${digit}${base.slice(position + 1)}`;
      const caught = !checkRegistrationNumber(typo).ok;
      assert.equal(caught, Math.abs(digit - original) !== 9);
    }),
  );
});

test('invoice taxes: three ¥105 lines at 10 % are ¥31 of tax, not ¥30', () => {
  const taxes = invoiceTaxes([1, 2, 3].map((n) => ({ description: `line ${n}`, amount: 105, rate: 'standard' as const })));
  assert.equal(taxes.summary.tax, 31);
  assert.equal(taxes.summary.gross, 346);
  assert.equal(taxes.hasReducedRate, false);
  assert.deepEqual(taxes.lines.map((l) => l.mark), ['', '', '']);
});

test('invoice taxes: mixed 10 % and 8 % lines, the reduced ones marked', () => {
  const taxes = invoiceTaxes([
    { description: 'software', amount: 1005, rate: 'standard' },
    { description: 'newsletter', amount: 1005, rate: 'reduced' },
    { description: 'support', amount: 1000, rate: 'standard' },
  ]);
  assert.deepEqual(taxes.lines.map((l) => l.mark), ['', REDUCED_RATE_MARK, '']);
  assert.deepEqual(taxes.summary.perRate.map((r) => [r.percent, r.taxable, r.tax]), [[10, 2005, 200], [8, 1005, 80]]); // 200.5 → 200, 80.4 → 80
  assert.equal(taxes.summary.tax, 280);
  assert.equal(taxes.hasReducedRate, true);
  assert.equal(invoiceTaxes([{ description: 'x', amount: 2005, rate: 'standard' }], 'half_up').summary.tax, 201);
});
