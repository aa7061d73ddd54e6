// Hardware identifiers as people type them (SPEC §6 "serial lookup: the PC's serial, a product
// number or IMEI"): read off a sticker, typed with a Japanese IME, with or without the dashes
// the manufacturer prints. One canonical form is stored and compared, so any typing finds it.
import { normalizeKeyInput } from '../keys/normalize.ts';

export const HARDWARE_IDENTIFIER_KINDS = ['serial_number', 'product_number', 'imei'] as const;
export type HardwareIdentifierKind = (typeof HARDWARE_IDENTIFIER_KINDS)[number];

export type IdentifierResult = { ok: true; value: string } | { ok: false; problem: 'EMPTY' | 'TOO_LONG' | 'BAD_CHARACTERS' | 'IMEI_LENGTH' | 'IMEI_CHECK_FAILED' };

/** Longest serial or product number accepted (after normalization). */
export const MAX_IDENTIFIER_LENGTH = 64;
/** What serial and product numbers are made of once normalized: `5ZG63EA#ABJ`, `PF3ABC12`, `S/N.0042`. */
const IDENTIFIER = /^[A-Z0-9#/._+]+$/;

/**
 * A serial or product number's canonical form: NFKC (full-width from IMEs), upper case, no
 * white space or dash-like characters (the same normalization as product keys).
 */
export function normalizeHardwareIdentifier(input: string): IdentifierResult {
  const value = normalizeKeyInput(input);
  if (value === '') return { ok: false, problem: 'EMPTY' };
  if (value.length > MAX_IDENTIFIER_LENGTH) return { ok: false, problem: 'TOO_LONG' };
  if (!IDENTIFIER.test(value)) return { ok: false, problem: 'BAD_CHARACTERS' };
  return { ok: true, value };
}

/** The Luhn check digit of a string of digits (ISO/IEC 7812), as IMEIs carry in position 15. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubling starts from the rightmost digit of the payload.
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** An IMEI: 15 digits, the last a Luhn check digit; spaces, dashes and slashes are ignored. */
export function normalizeImei(input: string): IdentifierResult {
  const value = normalizeKeyInput(input).replaceAll('/', '');
  if (value === '') return { ok: false, problem: 'EMPTY' };
  if (!/^\d+$/.test(value)) return { ok: false, problem: 'BAD_CHARACTERS' };
  if (value.length !== 15) return { ok: false, problem: 'IMEI_LENGTH' };
  if (luhnCheckDigit(value.slice(0, 14)) !== Number(value[14])) return { ok: false, problem: 'IMEI_CHECK_FAILED' };
  return { ok: true, value };
}
