// Locale formatting and escaping for the email templates. Deterministic on purpose: the same
// input renders the same bytes on every server, so a mail can be re-rendered from the outbox
// for support and tests can pin exact strings.
import { Temporal } from 'temporal-polyfill';
import { currencyDigits, fromMinorUnits } from '@licentia/core/money';
import type { CivilDate, EmailLanguage, Money } from './types.ts';

/**
 * Escapes text for HTML element content and quoted attribute values. All five characters, so
 * the same function is safe in both places (an unescaped quote would end an href early).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Collapses line breaks and other control characters in a customer-supplied value to a space.
 * Names are single-line: a newline in an organization name must neither split a Subject
 * header (header injection) nor forge extra lines such as a fake link in the plain text.
 * Bidi controls are removed so a name cannot reorder the sentence around it.
 */
export function oneLine(value: string): string {
  return value
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ');
}

const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses 'YYYY-MM-DD' strictly: a timestamp or an impossible day is a caller bug, not a date. */
export function parseCivilDate(value: CivilDate): Temporal.PlainDate {
  if (!CIVIL_DATE.test(value)) throw new RangeError(`not a civil date 'YYYY-MM-DD': ${value}`);
  return Temporal.PlainDate.from(value, { overflow: 'reject' });
}

/** `date` plus `days` (negative to go back), as a civil date: no time zone or DST involved. */
export function addDays(date: CivilDate, days: number): CivilDate {
  return parseCivilDate(date).add({ days }).toString();
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return parseCivilDate(from).until(parseCivilDate(to), { largestUnit: 'days' }).days;
}

/** Civil-date comparison (negative: a is earlier). */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return Temporal.PlainDate.compare(parseCivilDate(a), parseCivilDate(b));
}

const JA_WEEKDAYS = ['月', '火', '水', '木', '金', '土', '日'] as const; // ISO: Monday = 1
const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/**
 * A civil date for a reader: Japanese `2026年11月21日(土)` (the weekday is customary in Japanese
 * business mail), English `November 21, 2026`. Built from the date's fields rather than
 * Intl.DateTimeFormat, because a Date object is an instant and formatting it in any zone but
 * UTC can move the day; and the output then does not depend on the ICU version.
 */
export function formatDate(value: CivilDate, language: EmailLanguage): string {
  const d = parseCivilDate(value);
  if (language === 'ja') return `${d.year}年${d.month}月${d.day}日(${JA_WEEKDAYS[d.dayOfWeek - 1]})`;
  return `${EN_MONTHS[d.month - 1]} ${d.day}, ${d.year}`;
}

/**
 * Names the zone the dates are in. Japanese readers know Asia/Tokyo as 日本時間; other zones
 * are named by their IANA id, which is unambiguous (there is no standard Japanese name for
 * most of them).
 */
export function zoneLabel(timeZone: string, language: EmailLanguage): string {
  return language === 'ja' && timeZone === 'Asia/Tokyo' ? '日本時間' : timeZone;
}

/** A date followed by its zone, for the key date of a mail: `2026年11月21日(土) (日本時間)`. */
export function formatDateInZone(value: CivilDate, timeZone: string, language: EmailLanguage): string {
  return `${formatDate(value, language)} (${zoneLabel(timeZone, language)})`;
}

/** Throws on a zone the runtime does not know, before a mail with a meaningless label is sent. */
export function assertTimeZone(timeZone: string): void {
  // The constructor validates the IANA id (RangeError) without formatting anything.
  new Intl.DateTimeFormat('en', { timeZone });
}

/**
 * Money from integer minor units, with the currency's ISO 4217 digits (never CLDR's display
 * digits, which differ for some currencies). Japanese shows yen as `12,100円`, the way
 * Japanese invoices and price lists write it; English as `¥12,100`; others use
 * Intl.NumberFormat's symbol in the reader's locale (`$1,234.56`). The decimal string from
 * fromMinorUnits is passed to Intl as a string so no amount ever goes through a float.
 */
export function formatMoney(money: Money, language: EmailLanguage): string {
  const digits = currencyDigits(money.currency);
  const decimal = fromMinorUnits(money.amount, money.currency) as `${number}`;
  if (language === 'ja' && money.currency === 'JPY') {
    return `${new Intl.NumberFormat('ja-JP').format(decimal)}円`;
  }
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(decimal);
}

/** An integer with grouping (10,000,000 seats). */
export function formatCount(value: number, language: EmailLanguage): string {
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US').format(value);
}

/**
 * Links in mail must be absolute http(s) URLs: a `javascript:` or relative href would be
 * dangerous or broken in a mail client. Throws RangeError otherwise. Returns the parsed form,
 * which has no raw whitespace or line breaks left to split a plain-text line.
 */
export function checkedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`not an absolute URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`links in mail must be http(s): ${value}`);
  }
  return url.href;
}
