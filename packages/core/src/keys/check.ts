// The check scheme. A valid key, read as a 25-digit base-24 number N (first character most
// significant), is divisible by the prime P = 13807. The last three characters are the check:
// they hold c = (-payload * 24^3) mod P as three base-24 digits, which always fits because
// P <= 24^3 = 13824. P is the largest prime that fits, so a random typo slips through with
// probability only about 1/13807.
//
// Why every single substitution is caught: replacing the digit at weight 24^j by another changes
// N by d * 24^j with 0 < |d| <= 23. P is prime, P > 23 so P does not divide d, and P does not
// divide 24^j (its only prime factors are 2 and 3), so P does not divide the change.
//
// Why every swap of two adjacent, different characters is caught: swapping digits a (weight
// 24^(j+1)) and b (weight 24^j) changes N by (b - a) * (24^(j+1) - 24^j) = (b - a) * 23 * 24^j.
// Each factor is non-zero modulo the prime P (|b - a| <= 23 < P, 23 < P, and 24^j as above), so
// their product is too.
//
// Both arguments use only the position weights, so they hold for the check characters as well
// as the random ones. More generally, swapping two characters k positions apart changes N by
// (b - a) * (24^k - 1) * 24^j; 24 has multiplicative order 4602 modulo P, so 24^k - 1 is non-zero
// modulo P for every k < 25 and *every* transposition inside a key is caught, not just adjacent
// ones. (A plain weighted sum modulo 24 could not do this: 24 is not prime, so e.g. a digit
// difference of 12 times an even weight vanishes.) check.test.ts proves all of this exhaustively.

import { KEY_LENGTH, KEY_RADIX } from './alphabet.ts';

/** The prime every valid key, read as a base-24 number, is divisible by. */
export const CHECK_MODULUS = 13807;

/** Check characters at the end of a key. */
export const CHECK_LENGTH = 3;

/** Random characters at the start of a key: 22 * log2(24) ≈ 100.87 bits. */
export const PAYLOAD_LENGTH = KEY_LENGTH - CHECK_LENGTH;

/** N mod P for the digits read as a base-24 number, most significant first (Horner's rule). */
export function residue(digits: ArrayLike<number>): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i++) {
    // remainder < P and digit < 24, so this stays far below 2^53: exact integer arithmetic.
    remainder = (remainder * KEY_RADIX + (digits[i] ?? 0)) % CHECK_MODULUS;
  }
  return remainder;
}

/** The three check digits that make payload followed by them divisible by P. */
export function checkDigits(payload: ArrayLike<number>): [number, number, number] {
  if (payload.length !== PAYLOAD_LENGTH) {
    throw new RangeError(`payload must have ${PAYLOAD_LENGTH} digits, got ${payload.length}`);
  }
  // Appending three digits multiplies the payload by 24^3, so we need c ≡ -payload * 24^3 (mod P).
  const shifted = (residue(payload) * KEY_RADIX ** CHECK_LENGTH) % CHECK_MODULUS;
  const check = (CHECK_MODULUS - shifted) % CHECK_MODULUS;
  return [
    Math.floor(check / (KEY_RADIX * KEY_RADIX)),
    Math.floor(check / KEY_RADIX) % KEY_RADIX,
    check % KEY_RADIX,
  ];
}

/** Whether 25 digits form a key whose check holds. */
export function isCheckValid(digits: ArrayLike<number>): boolean {
  return digits.length === KEY_LENGTH && residue(digits) === 0;
}
