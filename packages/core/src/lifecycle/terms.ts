// Subscription terms as civil dates (SPEC §4 "Dates").
//
// A term of N months starting S ends the day before S + N months. The subtle part is month
// ends: Jan 31 + 1 month has no Feb 31, so the date clamps to Feb 28/29. If later terms were
// computed by chaining "+1 month" from the previous start, the anchor day would be lost for
// ever (Jan 31 → Feb 28 → Mar 28 → …) and the customer would silently lose days each year.
// So every term start is computed from the ORIGINAL anchor: the anchor's month is shifted and
// the anchor's day is clamped to the length of the target month.
import { Temporal } from 'temporal-polyfill';

/** Term lengths the catalog sells: 1 month, 1 year, 3 years. */
export const TERM_MONTHS = [1, 12, 36] as const;
export type TermMonths = (typeof TERM_MONTHS)[number];

export function isTermMonths(months: number): months is TermMonths {
  return (TERM_MONTHS as readonly number[]).includes(months);
}

/** A term as an inclusive range of civil days. */
export type Term = Readonly<{ start: Temporal.PlainDate; end: Temporal.PlainDate }>;

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

function assertAnchorDay(anchorDay: number): void {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) {
    throw new RangeError(`anchorDay must be 1..31, got ${anchorDay}`);
  }
}

/**
 * The date `months` months after (or before, if negative) `date`'s month, on `anchorDay`
 * clamped to that month's length. This is the one primitive all term arithmetic uses, so the
 * anchor day is never lost to an earlier clamp.
 */
export function shiftMonthsKeepingAnchor(
  date: Temporal.PlainDate,
  months: number,
  anchorDay: number = date.day,
): Temporal.PlainDate {
  assertInteger(months, 'months');
  assertAnchorDay(anchorDay);
  const firstOfMonth = date.with({ day: 1 }).add({ months });
  return firstOfMonth.with({ day: Math.min(anchorDay, firstOfMonth.daysInMonth) });
}

/**
 * The last day of a term of `months` months starting on `start`.
 *
 * `anchorDay` is the day of month the subscription was anchored on; it defaults to
 * `start.day` and matters only when `start` itself was clamped: a subscription anchored on
 * the 31st whose term starts Feb 28 ends on Mar 30 (the day before Mar 31), not Mar 27.
 */
export function termEnd(
  start: Temporal.PlainDate,
  months: number,
  anchorDay: number = start.day,
): Temporal.PlainDate {
  if (!Number.isSafeInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  assertAnchorDay(anchorDay);
  // A start that is not the (clamped) anchor day means the caller mixed up two
  // subscriptions' dates; computing anyway would produce a term of the wrong length.
  if (start.day !== Math.min(anchorDay, start.daysInMonth)) {
    throw new RangeError(`start ${start.toString()} does not fall on anchor day ${anchorDay}`);
  }
  return shiftMonthsKeepingAnchor(start, months, anchorDay).subtract({ days: 1 });
}

/**
 * Start of the n-th term (n = 0 is the anchor's own term) of a subscription anchored on
 * `anchor`. Computed from the anchor, never from the previous term. Negative n is allowed
 * (terms before the anchor), which coterminous alignment uses.
 */
export function nthTermStart(anchor: Temporal.PlainDate, n: number, months: number): Temporal.PlainDate {
  assertInteger(n, 'n');
  if (!Number.isSafeInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  return shiftMonthsKeepingAnchor(anchor, n * months, anchor.day);
}

/** Last day of the n-th term: the day before the (n+1)-th term starts, so terms tile exactly. */
export function nthTermEnd(anchor: Temporal.PlainDate, n: number, months: number): Temporal.PlainDate {
  return nthTermStart(anchor, n + 1, months).subtract({ days: 1 });
}

/** The n-th term of a subscription anchored on `anchor`. */
export function nthTerm(anchor: Temporal.PlainDate, n: number, months: number): Term {
  return { start: nthTermStart(anchor, n, months), end: nthTermEnd(anchor, n, months) };
}

/**
 * Index of the term containing `day` (negative if before the anchor). Used by the sweeper and
 * by renewals to find "the current term" without walking term by term from the anchor.
 */
export function termIndexOn(anchor: Temporal.PlainDate, months: number, day: Temporal.PlainDate): number {
  const wholeMonths = anchor.until(day, { largestUnit: 'months' }).months;
  // The months difference is only an estimate around clamped month ends; settle it exactly.
  let n = Math.floor(wholeMonths / months);
  while (Temporal.PlainDate.compare(nthTermStart(anchor, n, months), day) > 0) n -= 1;
  while (Temporal.PlainDate.compare(nthTermStart(anchor, n + 1, months), day) <= 0) n += 1;
  return n;
}

/** Number of days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  return Math.max(0, from.until(to, { largestUnit: 'days' }).days + 1);
}
