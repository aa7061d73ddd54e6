// Proration by days (SPEC §4): refunds on cancellation and seats added mid-term.
//
// Both divide by the WHOLE term's days, leap days included, so a day is worth the same in a
// 366-day year wherever it falls; and both round once, half up, on the total (rounding per
// seat would multiply the rounding error by the seat count).
import { Temporal } from 'temporal-polyfill';
import { assertMinorUnits, scaleAmount } from '../money/rounding.ts';
import { daysInclusive } from './terms.ts';

function assertTerm(termStart: Temporal.PlainDate, termEnd: Temporal.PlainDate): void {
  if (Temporal.PlainDate.compare(termStart, termEnd) > 0) {
    throw new RangeError(`term ends ${termEnd.toString()} before it starts ${termStart.toString()}`);
  }
}

export type Refund = Readonly<{
  /** Returned to the customer. */
  refund: number;
  /** Kept for the days used; refund + used = amountPaid exactly. */
  used: number;
  usedDays: number;
  termDays: number;
}>;

/**
 * Refund of the unused part of a term (or of a seat addition: pass the addition's first day
 * as `termStart`). The day of cancellation counts as used: the customer had the service that
 * day. Cancelling before the term starts refunds everything; on or after its last day,
 * nothing. It is the refund that is rounded (half up) and `used` is the remainder, so the two
 * always add up to what was paid and neither is negative.
 */
export function refundForCancellation(input: {
  amountPaid: number;
  termStart: Temporal.PlainDate;
  termEnd: Temporal.PlainDate;
  cancelDay: Temporal.PlainDate;
}): Refund {
  const { amountPaid, termStart, termEnd, cancelDay } = input;
  assertMinorUnits(amountPaid, 'amountPaid');
  if (amountPaid < 0) throw new RangeError('amountPaid must not be negative');
  assertTerm(termStart, termEnd);
  const termDays = daysInclusive(termStart, termEnd);
  const usedDays = Math.min(termDays, daysInclusive(termStart, cancelDay));
  const refund = scaleAmount(amountPaid, termDays - usedDays, termDays, 'half_up');
  return { refund, used: amountPaid - refund, usedDays, termDays };
}

export type SeatAdditionPrice = Readonly<{ amount: number; days: number; termDays: number }>;

/**
 * Price of seats added on `fromDay` for the rest of the term: pro rata by days from fromDay
 * to the end date, both included (the seats can be used on the day they are added). Added
 * before the term starts: the full term. After the term's last day there is nothing left to
 * prorate; the caller must renew first, so that is a programming error here.
 */
export function prorateSeatAddition(input: {
  pricePerSeatPerTerm: number;
  seats: number;
  termStart: Temporal.PlainDate;
  termEnd: Temporal.PlainDate;
  fromDay: Temporal.PlainDate;
}): SeatAdditionPrice {
  const { pricePerSeatPerTerm, seats, termStart, termEnd, fromDay } = input;
  assertMinorUnits(pricePerSeatPerTerm, 'pricePerSeatPerTerm');
  if (pricePerSeatPerTerm < 0) throw new RangeError('pricePerSeatPerTerm must not be negative');
  if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats must be a positive integer, got ${seats}`);
  assertTerm(termStart, termEnd);
  if (Temporal.PlainDate.compare(fromDay, termEnd) > 0) {
    throw new RangeError(`seats added on ${fromDay.toString()}, after the term ended ${termEnd.toString()}`);
  }
  const termDays = daysInclusive(termStart, termEnd);
  const effectiveFrom = Temporal.PlainDate.compare(fromDay, termStart) < 0 ? termStart : fromDay;
  const days = daysInclusive(effectiveFrom, termEnd);
  const amount = scaleAmount(pricePerSeatPerTerm, BigInt(seats) * BigInt(days), termDays, 'half_up');
  return { amount, days, termDays };
}
