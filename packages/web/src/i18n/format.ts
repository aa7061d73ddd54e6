// Dates, instants and money as each language writes them. Civil dates (`2026-11-21`) are days
// in the organization's time zone already, so they are formatted as they are, never shifted
// through the browser's zone; instants are shown in the organization's zone, named.
import { LOCALE_OF, type Language } from './language.ts';

export interface MoneyValue {
  amountMinor: number;
  currency: string;
  /** The exact decimal in major units ("146712", "19.99"). */
  amount: string;
}

/** A civil date: 2026年11月21日 / Nov 21, 2026. */
export function formatDate(civilDate: string, language: Language): string {
  const [year, month, day] = civilDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(LOCALE_OF[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

/** An instant in the given zone, with the zone's name: 2026/11/28 9:30 JST / Nov 28, 2026, 9:30 AM GMT+9. */
export function formatInstant(instant: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], {
    year: 'numeric',
    month: language === 'ja' ? '2-digit' : 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** An amount in its currency, from the exact decimal: ￥15,000 / ¥15,000 / $19.99. */
export function formatMoney(money: MoneyValue, language: Language): string {
  return new Intl.NumberFormat(LOCALE_OF[language], { style: 'currency', currency: money.currency }).format(money.amount as Intl.StringNumericLiteral);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE_OF[language]).format(value);
}

/** A file's size as people read it: 0.8 kB, 4.2 kB, 5.2 MB (decimal units, as file managers show them). */
export function formatBytes(bytes: number, language: Language): string {
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(LOCALE_OF[language], { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
