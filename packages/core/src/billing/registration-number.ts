// Registration numbers of qualified-invoice issuers (適格請求書発行事業者の登録番号): "T" and
// 13 digits. For a corporation the digits are its corporate number (法人番号), whose first digit
// is a check digit over the other twelve (財務省令第七十号 第二条):
//   9 − (Σ Pn × Qn mod 9), Pn the n-th digit of the 12 counted from the lowest, Qn = 1 for odd
//   n and 2 for even n.
// It catches every single wrong digit except a 0 typed for a 9 or the reverse (both weigh the
// same modulo 9). Sole proprietors get 13 digits of another numbering (never their My Number, and
// never colliding with corporate numbers) for which no check digit is published: only their
// format is checked.

export type RegistrationNumberProblem = 'FORMAT' | 'CHECK_DIGIT';

export type RegistrationNumberCheck = { ok: true; value: string } | { ok: false; problem: RegistrationNumberProblem };

/** The check digit of a 12-digit base number. */
export function registrationCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError(`a base number is 12 digits, got "${base12}"`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export type Registrant = 'corporation' | 'sole_proprietor';

/**
 * Checks "T" + 13 digits, and a corporation's check digit. Input is normalized first as people
 * type it: NFKC (full-width "Ｔ１２３…" from a Japanese IME), upper case, spaces and hyphens dropped.
 */
export function checkRegistrationNumber(input: string, registrant: Registrant = 'corporation'): RegistrationNumberCheck {
  const value = input.normalize('NFKC').toUpperCase().replace(/[\s\-‐－ー—]/g, '');
  const match = /^T(\d)(\d{12})$/.exec(value);
  if (!match) return { ok: false, problem: 'FORMAT' };
  if (registrant === 'corporation' && Number(match[1]) !== registrationCheckDigit(match[2]!)) return { ok: false, problem: 'CHECK_DIGIT' };
  return { ok: true, value };
}
