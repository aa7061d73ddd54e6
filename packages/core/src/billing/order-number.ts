// Order numbers (SPEC §8): two upper-case letters for the channel, the order time in Japan as
// 14 digits (YYYYMMDDhhmmss), and a 9-digit sequence: `AB-20261121093015-000000123`.
//
// Japan time whatever the customer's zone: the number is the vendor's reference (bank transfer
// references, support calls, accounting), and a vendor selling from Japan reads it in its own
// time. Japan has had no daylight-saving time since 1951, so the 14 digits never repeat or skip.
import { Temporal } from 'temporal-polyfill';

export const ORDER_NUMBER_TIME_ZONE = 'Asia/Tokyo';
export const ORDER_SEQUENCE_MAX = 999_999_999;
export const ORDER_NUMBER_PATTERN = /^([A-Z]{2})-(\d{14})-(\d{9})$/;

export interface OrderNumberParts {
  channel: string;
  /** The order time, to the second, as a wall-clock time in Japan. */
  orderedAt: Temporal.PlainDateTime;
  sequence: number;
}

export function formatOrderNumber(channel: string, orderedAt: Temporal.Instant, sequence: number): string {
  if (!/^[A-Z]{2}$/.test(channel)) throw new RangeError(`an order channel is two upper-case letters, got "${channel}"`);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > ORDER_SEQUENCE_MAX) {
    throw new RangeError(`an order sequence is 1 to ${ORDER_SEQUENCE_MAX}, got ${sequence}`);
  }
  const t = orderedAt.toZonedDateTimeISO(ORDER_NUMBER_TIME_ZONE);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${String(t.year).padStart(4, '0')}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}${two(t.second)}`;
  return `${channel}-${stamp}-${String(sequence).padStart(9, '0')}`;
}

/** The parts of a well-formed order number, or undefined (wrong shape, or no such time). */
export function parseOrderNumber(text: string): OrderNumberParts | undefined {
  const match = ORDER_NUMBER_PATTERN.exec(text);
  if (!match) return undefined;
  const [, channel, stamp, digits] = match as unknown as [string, string, string, string];
  const sequence = Number(digits);
  if (sequence < 1) return undefined;
  const field = (from: number, to: number) => Number(stamp.slice(from, to));
  try {
    const orderedAt = Temporal.PlainDateTime.from(
      { year: field(0, 4), month: field(4, 6), day: field(6, 8), hour: field(8, 10), minute: field(10, 12), second: field(12, 14) },
      { overflow: 'reject' },
    );
    return { channel, orderedAt, sequence };
  } catch {
    return undefined;
  }
}
