import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { prorateSeatAddition, refundForCancellation } from './proration.ts';
import { TERM_MONTHS, nthTermEnd } from './terms.ts';

const d = (s: string) => Temporal.PlainDate.from(s);

test('refund divides by the whole term days; the cancellation day counts as used', () => {
  const r = refundForCancellation({ amountPaid: 36_500, termStart: d('2025-01-01'), termEnd: d('2025-12-31'), cancelDay: d('2025-01-01') });
  assert.deepEqual(r, { refund: 36_400, used: 100, usedDays: 1, termDays: 365 });
  const leap = refundForCancellation({ amountPaid: 36_600, termStart: d('2024-01-01'), termEnd: d('2024-12-31'), cancelDay: d('2024-01-03') });
  assert.deepEqual(leap, { refund: 36_300, used: 300, usedDays: 3, termDays: 366 });
});

test('refund rounds half up to the currency unit', () => {
  // 1 of 2 days unused: 0.5 → 1.
  const r = refundForCancellation({ amountPaid: 1, termStart: d('2026-01-01'), termEnd: d('2026-01-02'), cancelDay: d('2026-01-01') });
  assert.deepEqual(r, { refund: 1, used: 0, usedDays: 1, termDays: 2 });
  // 11,000 × 364/365 = 10,969.86… → 10,970.
  const y = refundForCancellation({ amountPaid: 11_000, termStart: d('2026-01-01'), termEnd: d('2026-12-31'), cancelDay: d('2026-01-01') });
  assert.equal(y.refund, 10_970);
  assert.equal(y.used, 30);
});

test('cancelling before the start refunds everything; on or after the last day nothing', () => {
  const base = { amountPaid: 5000, termStart: d('2026-05-01'), termEnd: d('2026-05-31') };
  assert.equal(refundForCancellation({ ...base, cancelDay: d('2026-04-20') }).refund, 5000);
  assert.equal(refundForCancellation({ ...base, cancelDay: d('2026-05-31') }).refund, 0);
  assert.equal(refundForCancellation({ ...base, cancelDay: d('2026-07-01') }).refund, 0);
});

const dateArb = fc.integer({ min: 0, max: 70_000 }).map((n) => d('1990-01-01').add({ days: n }));

test('property: refund + used = amount paid, neither negative, refund shrinks as days pass', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1_000_000_000_000 }),
      dateArb,
      fc.constantFrom(...TERM_MONTHS),
      fc.integer({ min: -30, max: 1200 }),
      (amountPaid, termStart, months, offset) => {
        const termEnd = nthTermEnd(termStart, 0, months);
        const cancelDay = termStart.add({ days: offset });
        const r = refundForCancellation({ amountPaid, termStart, termEnd, cancelDay });
        assert.equal(r.refund + r.used, amountPaid);
        assert.ok(r.refund >= 0 && r.used >= 0);
        const next = refundForCancellation({ amountPaid, termStart, termEnd, cancelDay: cancelDay.add({ days: 1 }) });
        assert.ok(next.refund <= r.refund);
      },
    ),
  );
});

test('seat addition is prorated by days from the day added to the end date, inclusive', () => {
  const base = { pricePerSeatPerTerm: 12_000, seats: 3, termStart: d('2026-01-01'), termEnd: d('2026-12-31') };
  // 36,000 × 184/365 = 18,147.94… → 18,148.
  assert.deepEqual(prorateSeatAddition({ ...base, fromDay: d('2026-07-01') }), { amount: 18_148, days: 184, termDays: 365 });
  assert.deepEqual(prorateSeatAddition({ ...base, fromDay: d('2026-01-01') }), { amount: 36_000, days: 365, termDays: 365 });
  assert.deepEqual(prorateSeatAddition({ ...base, fromDay: d('2025-12-01') }), { amount: 36_000, days: 365, termDays: 365 });
  // Last day: 36,000/365 = 98.6 → 99.
  assert.deepEqual(prorateSeatAddition({ ...base, fromDay: d('2026-12-31') }), { amount: 99, days: 1, termDays: 365 });
  assert.throws(() => prorateSeatAddition({ ...base, fromDay: d('2027-01-01') }), RangeError);
});

test('seat addition rounds once on the total, not per seat', () => {
  // Per seat 100 × 1/3 = 33.33 → 33, × 3 = 99; on the total 300/3 = 100.
  const r = prorateSeatAddition({ pricePerSeatPerTerm: 100, seats: 3, termStart: d('2026-01-01'), termEnd: d('2026-01-03'), fromDay: d('2026-01-03') });
  assert.equal(r.amount, 100);
});

test('property: a seat addition costs between 0 and the full price, more the earlier it is', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.integer({ min: 1, max: 10_000_000 }),
      dateArb,
      fc.constantFrom(...TERM_MONTHS),
      fc.integer({ min: -10, max: 1100 }),
      (price, seats, termStart, months, offset) => {
        const termEnd = nthTermEnd(termStart, 0, months);
        const fromDay = termStart.add({ days: offset });
        fc.pre(Temporal.PlainDate.compare(fromDay, termEnd) <= 0);
        const r = prorateSeatAddition({ pricePerSeatPerTerm: price, seats, termStart, termEnd, fromDay });
        assert.ok(r.amount >= 0 && r.amount <= price * seats);
        if (Temporal.PlainDate.compare(fromDay, termEnd) < 0) {
          const later = prorateSeatAddition({ pricePerSeatPerTerm: price, seats, termStart, termEnd, fromDay: fromDay.add({ days: 1 }) });
          assert.ok(later.amount <= r.amount);
        }
      },
    ),
  );
});
