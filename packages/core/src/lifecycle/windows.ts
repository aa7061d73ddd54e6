// The 168-hour cancellation windows (SPEC §4 "Cancellation with refund"). These are the only
// lifecycle rule measured in exact elapsed time rather than civil days: 168 h is 168 h even
// when a DST change makes the seven calendar days 167 h or 169 h long.
//
// Each order, renewal and seat addition opens its own window. It counts from the later of the
// order instant and the start of the term (local midnight of the start date), so buying ahead
// for a future start does not eat into the customer's trial of the product.
//
// Boundary: the window is half-open, [countsFrom, countsFrom + 168 h). At exactly 168h00m it
// has closed: "within 168 hours" means less than 168 hours have elapsed, and a half-open
// interval leaves no instant that two adjacent windows both claim.
import { Temporal } from 'temporal-polyfill';
import { startOfLocalDay } from './local-time.ts';

export const DEFAULT_CANCELLATION_WINDOW_HOURS = 168;

export type CancellationWindow = Readonly<{
  /** When cancelling becomes possible: the order instant (before the term starts nothing has
   * been used, so cancelling then is plainly allowed). */
  opensAt: Temporal.Instant;
  /** Where the 168 hours are counted from: the later of the order and the start. */
  countsFrom: Temporal.Instant;
  /** First instant at which cancelling is refused (exclusive end). */
  closesAt: Temporal.Instant;
}>;

const later = (a: Temporal.Instant, b: Temporal.Instant) => (Temporal.Instant.compare(a, b) >= 0 ? a : b);

export function cancellationWindow(
  orderedAt: Temporal.Instant,
  startsAt: Temporal.Instant,
  hours: number = DEFAULT_CANCELLATION_WINDOW_HOURS,
): CancellationWindow {
  if (!Number.isSafeInteger(hours) || hours < 1) throw new RangeError(`hours must be a positive integer, got ${hours}`);
  const countsFrom = later(orderedAt, startsAt);
  return { opensAt: orderedAt, countsFrom, closesAt: countsFrom.add({ hours }) };
}

/** The window for a term starting on civil day `startDate` in the organization's time zone. */
export function cancellationWindowForStartDate(input: {
  orderedAt: Temporal.Instant;
  startDate: Temporal.PlainDate;
  timeZone: string;
  hours?: number;
}): CancellationWindow {
  return cancellationWindow(input.orderedAt, startOfLocalDay(input.startDate, input.timeZone), input.hours);
}

/** Half-open: opensAt ≤ now < closesAt. */
export function isWithinWindow(window: CancellationWindow, now: Temporal.Instant): boolean {
  return Temporal.Instant.compare(window.opensAt, now) <= 0 && Temporal.Instant.compare(now, window.closesAt) < 0;
}

export type CancellationCheck =
  | Readonly<{ ok: true }>
  | Readonly<{ ok: false; code: 'CANCELLATION_WINDOW_PASSED'; closedAt: Temporal.Instant }>;

/** The API's answer to "may I cancel now?"; after the window only auto-renew can be turned off. */
export function checkCancellation(window: CancellationWindow, now: Temporal.Instant): CancellationCheck {
  if (Temporal.Instant.compare(now, window.closesAt) < 0) return { ok: true };
  return { ok: false, code: 'CANCELLATION_WINDOW_PASSED', closedAt: window.closesAt };
}
