import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { currencyDigits, fromMinorUnits, isKnownCurrency, toMinorUnits } from './currency.ts';

test('ISO 4217 minor-unit digits', () => {
  const digits = Object.fromEntries(['JPY', 'KRW', 'USD', 'EUR', 'GBP', 'CNY', 'TWD', 'AUD', 'CAD', 'BHD', 'KWD'].map((c) => [c, currencyDigits(c)]));
  assert.deepEqual(digits, { JPY: 0, KRW: 0, USD: 2, EUR: 2, GBP: 2, CNY: 2, TWD: 2, AUD: 2, CAD: 2, BHD: 3, KWD: 3 });
});

test('unknown codes are refused, not defaulted to 2', () => {
  assert.equal(isKnownCurrency('XYZ'), false);
  assert.equal(isKnownCurrency('toString'), false);
  assert.throws(() => currencyDigits('XYZ'), RangeError);
  assert.throws(() => currencyDigits('jpy'), RangeError);
});

test('decimal strings to minor units and back, without floats', () => {
  assert.equal(toMinorUnits('1234.5', 'USD'), 123_450);
  assert.equal(toMinorUnits('1980', 'JPY'), 1980);
  assert.equal(toMinorUnits('1.005', 'BHD'), 1005);
  assert.equal(toMinorUnits('-0.01', 'EUR'), -1);
  assert.throws(() => toMinorUnits('1.005', 'USD'), RangeError);
  assert.throws(() => toMinorUnits('10.5', 'JPY'), RangeError);
  assert.throws(() => toMinorUnits('1e3', 'USD'), RangeError);
  assert.equal(fromMinorUnits(123_450, 'USD'), '1234.50');
  assert.equal(fromMinorUnits(5, 'BHD'), '0.005');
  assert.equal(fromMinorUnits(-1, 'EUR'), '-0.01');
  assert.equal(fromMinorUnits(1980, 'JPY'), '1980');
});

test('property: fromMinorUnits and toMinorUnits are inverse', () => {
  fc.assert(
    fc.property(fc.constantFrom('JPY', 'USD', 'BHD', 'CLF'), fc.integer({ min: -1e15, max: 1e15 }), (code, amount) => {
      assert.equal(toMinorUnits(fromMinorUnits(amount, code), code), amount);
    }),
  );
});
