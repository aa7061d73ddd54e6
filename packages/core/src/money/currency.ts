// Currency minor units from ISO 4217 (SPEC §1: "JPY has no minor unit; use ISO 4217 digits").
//
// A table rather than Intl.NumberFormat: CLDR's display digits differ from ISO 4217 for
// several currencies (e.g. IQD, and cash rounding for TWD), and money must follow the standard
// the payment providers use, not a display convention.
import { assertMinorUnits } from './rounding.ts';

const ISO_4217_DIGITS: Readonly<Record<string, number>> = Object.freeze({
  // 0 digits
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0, XPF: 0, KMF: 0,
  GNF: 0, RWF: 0, VUV: 0, DJF: 0, BIF: 0, UYI: 0,
  // 2 digits
  USD: 2, EUR: 2, GBP: 2, CNY: 2, TWD: 2, AUD: 2, CAD: 2, CHF: 2, HKD: 2, SGD: 2, NZD: 2,
  INR: 2, IDR: 2, THB: 2, MYR: 2, PHP: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2,
  MXN: 2, BRL: 2, ZAR: 2, TRY: 2, ILS: 2, AED: 2, SAR: 2, RUB: 2,
  // 3 digits
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, IQD: 3, LYD: 3, TND: 3,
  // 4 digits (units of account)
  CLF: 4, UYW: 4,
});

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(ISO_4217_DIGITS, code);
}

/** Digits after the decimal point of `code`'s minor unit. Unknown codes are a catalog bug. */
export function currencyDigits(code: string): number {
  const digits = ISO_4217_DIGITS[code];
  if (digits === undefined) throw new RangeError(`unknown ISO 4217 currency code: ${code}`);
  return digits;
}

/**
 * Parses a decimal major-unit string ("1234.5" USD → 123450) exactly, without floats.
 * Refuses more decimals than the currency has rather than rounding a price silently.
 */
export function toMinorUnits(decimal: string, code: string): number {
  const digits = currencyDigits(code);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${decimal}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > digits) throw new RangeError(`${code} has ${digits} decimal digits; got ${decimal}`);
  const minor = BigInt(whole + fraction.padEnd(digits, '0')) * (sign === '-' ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount too large: ${decimal}`);
  }
  return Number(minor);
}

/** Formats minor units as a plain decimal string in major units (123450 USD → "1234.50"). */
export function fromMinorUnits(amount: number, code: string): string {
  assertMinorUnits(amount);
  const digits = currencyDigits(code);
  const abs = BigInt(Math.abs(amount)).toString().padStart(digits + 1, '0');
  const sign = amount < 0 ? '-' : '';
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
