import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import {
  TERM_MONTHS,
  daysInclusive,
  nthTermEnd,
  nthTermStart,
  shiftMonthsKeepingAnchor,
  termEnd,
  termIndexOn,
} from './terms.ts';

const d = (s: string) => Temporal.PlainDate.from(s);
const eq = (actual: Temporal.PlainDate, expected: string, message?: string) =>
  assert.equal(actual.toString(), expected, message);

/** Any valid civil date 1990-01-01 … 2199-12-31, biased to month ends where clamping bites. */
const anyDate = fc.oneof(
  fc.integer({ min: 0, max: 76_700 }).map((n) => d('1990-01-01').add({ days: n })),
  fc
    .record({ year: fc.integer({ min: 1990, max: 2199 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 28, max: 31 }) })
    .filter(({ year, month, day }) => day <= Temporal.PlainDate.from({ year, month, day: 1 }).daysInMonth)
    .map((fields) => Temporal.PlainDate.from(fields)),
);
const termMonths = fc.constantFrom(...TERM_MONTHS);

test('a term ends the day before start + N months', () => {
  eq(termEnd(d('2026-04-01'), 1), '2026-04-30');
  eq(termEnd(d('2026-04-15'), 12), '2027-04-14');
  eq(termEnd(d('2026-04-15'), 36), '2029-04-14');
});

test('month ends clamp: Jan 31 + 1 month is Feb 28, or Feb 29 in a leap year', () => {
  eq(termEnd(d('2025-01-31'), 1), '2025-02-27');
  eq(termEnd(d('2024-01-31'), 1), '2024-02-28');
});

test('monthly terms anchored on Jan 31 start on Jan 31, Feb 28/29, Mar 31, Apr 30, May 31', () => {
  const starts = (anchor: string) => [0, 1, 2, 3, 4].map((n) => nthTermStart(d(anchor), n, 1).toString());
  assert.deepEqual(starts('2025-01-31'), ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31']);
  assert.deepEqual(starts('2024-01-31'), ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
});

test('a term starting on a clamped day still ends the day before the anchor day', () => {
  // Anchored on the 31st: the term starting Feb 28 runs to Mar 30, not Mar 27.
  eq(termEnd(d('2026-02-28'), 1, 31), '2026-03-30');
  eq(nthTermEnd(d('2026-01-31'), 1, 1), '2026-03-30');
  assert.throws(() => termEnd(d('2026-02-15'), 1, 31), RangeError);
});

test('annual terms anchored on Feb 29 return to Feb 29 in leap years only (2100 is not one)', () => {
  const anchor = d('2024-02-29');
  const starts = [0, 1, 2, 3, 4].map((n) => nthTermStart(anchor, n, 12).toString());
  assert.deepEqual(starts, ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
  eq(nthTermEnd(anchor, 0, 12), '2025-02-27');
  eq(nthTermEnd(anchor, 3, 12), '2028-02-28');
  eq(nthTermStart(anchor, 72, 12), '2096-02-29');
  eq(nthTermStart(anchor, 76, 12), '2100-02-28');
  eq(nthTermStart(anchor, 80, 12), '2104-02-29');
});

test('3-year terms anchored on Feb 29', () => {
  const anchor = d('2024-02-29');
  eq(nthTermStart(anchor, 1, 36), '2027-02-28');
  eq(nthTermEnd(anchor, 0, 36), '2027-02-27');
  eq(nthTermStart(anchor, 24, 36), '2096-02-29');
  eq(nthTermStart(anchor, 25, 36), '2099-02-28');
});

test('later terms keep the anchor day instead of chaining the clamped date', () => {
  // Chaining "+1 month" would give Jan 31 → Feb 28 → Mar 28: three days lost.
  const chained = d('2026-01-31').add({ months: 1 }).add({ months: 1 });
  eq(chained, '2026-03-28');
  eq(nthTermStart(d('2026-01-31'), 2, 1), '2026-03-31');
});

test('property: term starts fall on the anchor day, clamped to the month length', () => {
  fc.assert(
    fc.property(anyDate, termMonths, fc.integer({ min: -40, max: 200 }), (anchor, months, n) => {
      const start = nthTermStart(anchor, n, months);
      assert.equal(start.day, Math.min(anchor.day, start.daysInMonth));
      const monthIndex = (date: Temporal.PlainDate) => date.year * 12 + date.month - 1;
      assert.equal(monthIndex(start) - monthIndex(anchor), n * months);
    }),
  );
});

test('property: consecutive terms never overlap or leave a gap', () => {
  fc.assert(
    fc.property(anyDate, termMonths, fc.integer({ min: 0, max: 150 }), (anchor, months, n) => {
      const end = nthTermEnd(anchor, n, months);
      const nextStart = nthTermStart(anchor, n + 1, months);
      eq(end.add({ days: 1 }), nextStart.toString());
      assert.ok(Temporal.PlainDate.compare(nthTermStart(anchor, n, months), end) <= 0);
      // termEnd from the term's own start agrees with the anchor-based computation.
      eq(termEnd(nthTermStart(anchor, n, months), months, anchor.day), end.toString());
    }),
  );
});

test('property: days of consecutive terms add up to the days of the whole span', () => {
  fc.assert(
    fc.property(anyDate, termMonths, fc.integer({ min: 1, max: 40 }), (anchor, months, count) => {
      let sum = 0;
      for (let n = 0; n < count; n += 1) sum += daysInclusive(nthTermStart(anchor, n, months), nthTermEnd(anchor, n, months));
      assert.equal(sum, daysInclusive(anchor, nthTermEnd(anchor, count - 1, months)));
    }),
    { numRuns: 50 },
  );
});

test('property: termIndexOn finds the term containing the day', () => {
  fc.assert(
    fc.property(anyDate, termMonths, fc.integer({ min: -3000, max: 6000 }), (anchor, months, offset) => {
      const day = anchor.add({ days: offset });
      const n = termIndexOn(anchor, months, day);
      assert.ok(Temporal.PlainDate.compare(nthTermStart(anchor, n, months), day) <= 0);
      assert.ok(Temporal.PlainDate.compare(day, nthTermEnd(anchor, n, months)) <= 0);
    }),
  );
});

test('shiftMonthsKeepingAnchor goes backwards too, still on the anchor day', () => {
  eq(shiftMonthsKeepingAnchor(d('2026-03-31'), -1), '2026-02-28');
  eq(shiftMonthsKeepingAnchor(d('2026-02-28'), -1, 31), '2026-01-31');
});

test('daysInclusive counts both ends and includes leap days', () => {
  assert.equal(daysInclusive(d('2024-01-01'), d('2024-12-31')), 366);
  assert.equal(daysInclusive(d('2025-01-01'), d('2025-12-31')), 365);
  assert.equal(daysInclusive(d('2025-01-01'), d('2025-01-01')), 1);
  assert.equal(daysInclusive(d('2025-01-02'), d('2025-01-01')), 0);
});

test('invalid arguments are programming errors', () => {
  assert.throws(() => termEnd(d('2026-01-01'), 0), RangeError);
  assert.throws(() => termEnd(d('2026-01-01'), 1.5), RangeError);
  assert.throws(() => termEnd(d('2026-01-01'), 1, 32), RangeError);
});
