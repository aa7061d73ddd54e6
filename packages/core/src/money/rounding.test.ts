import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { divideRoundHalfUp, divideRounded, scaleAmount, toSafeNumber } from './rounding.ts';

test('half up: halves go away from zero, below half goes down', () => {
  assert.equal(divideRoundHalfUp(5, 2), 3);
  assert.equal(divideRoundHalfUp(7, 4), 2); // 1.75
  assert.equal(divideRoundHalfUp(5, 4), 1); // 1.25
  assert.equal(divideRoundHalfUp(-5, 2), -3);
  assert.equal(divideRoundHalfUp(5, -2), -3);
  assert.equal(divideRoundHalfUp(10n ** 30n + 1n, 2n), 5n * 10n ** 29n + 1n);
});

test('floor and ceil go toward −∞ and +∞', () => {
  assert.equal(divideRounded(63n, 2n, 'floor'), 31n);
  assert.equal(divideRounded(63n, 2n, 'ceil'), 32n);
  assert.equal(divideRounded(-63n, 2n, 'floor'), -32n);
  assert.equal(divideRounded(-63n, 2n, 'ceil'), -31n);
  assert.equal(divideRounded(64n, 2n, 'ceil'), 32n);
});

test('exact where floating point is not: 1.005 × 100 is 100.5, rounds to 101', () => {
  assert.equal(Math.round(1.005 * 100), 100); // the float bug this module exists to avoid
  assert.equal(scaleAmount(1005, 1, 10), 101);
});

test('division by zero and unsafe numbers are refused', () => {
  assert.throws(() => divideRounded(1n, 0n, 'floor'), RangeError);
  assert.throws(() => divideRoundHalfUp(0.5, 1), RangeError);
  assert.throws(() => toSafeNumber(2n ** 53n), RangeError);
});

test('property: each rounding matches its definition on rationals', () => {
  const big = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
  const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
  fc.assert(
    fc.property(big, nonZero, (n, d) => {
      // Compare n/d with q by cross-multiplying with a positive denominator.
      const [num, den] = d < 0n ? [-n, -d] : [n, d];
      const floor = divideRounded(n, d, 'floor');
      assert.ok(floor * den <= num && num < (floor + 1n) * den);
      const ceil = divideRounded(n, d, 'ceil');
      assert.ok((ceil - 1n) * den < num && num <= ceil * den);
      const half = divideRounded(n, d, 'half_up');
      const twiceError = 2n * (num - half * den); // 2·(n/d − q)·den
      assert.ok(twiceError <= den && twiceError >= -den, 'within half a unit');
      if (twiceError === den) assert.ok(num < 0n, 'an exact half below q only for negatives');
      if (twiceError === -den) assert.ok(num > 0n, 'an exact half above q only for positives');
    }),
  );
});
