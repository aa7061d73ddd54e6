// Reactivation codes (SPEC §6): what a support agent reads to a customer and the customer types
// into the app. 16 characters from the product-key alphabet (no vowels, none of 0/O, 1/I/L,
// 5/S), so they survive being read aloud and typed: 16 × log2(24) ≈ 73 bits, which with an
// expiry, one use and a limit on failed attempts per license is far beyond guessing.
import { KEY_ALPHABET, characterOf, digitOf } from '../keys/alphabet.ts';
import { randomDigits, type RandomSource } from '../keys/generate.ts';
import { normalizeKeyInput } from '../keys/normalize.ts';

export const REACTIVATION_CODE_LENGTH = 16;
const GROUP = 4;

const cryptoRandom: RandomSource = (bytes) => {
  globalThis.crypto.getRandomValues(bytes);
};

/** The displayed form, `XXXX-XXXX-XXXX-XXXX`. */
export function formatReactivationCode(compact: string): string {
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP) groups.push(compact.slice(i, i + GROUP));
  return groups.join('-');
}

export function generateReactivationCode(random: RandomSource = cryptoRandom): string {
  return formatReactivationCode(randomDigits(REACTIVATION_CODE_LENGTH, random).map(characterOf).join(''));
}

export type ParseReactivationCodeResult = { ok: true; code: string } | { ok: false; problem: 'WRONG_LENGTH' | 'BAD_CHARACTERS' };

/** Normalizes what was typed (as product keys are) and returns the canonical displayed form. */
export function parseReactivationCode(input: string): ParseReactivationCodeResult {
  const compact = normalizeKeyInput(input);
  if (compact.length !== REACTIVATION_CODE_LENGTH) return { ok: false, problem: 'WRONG_LENGTH' };
  for (const character of compact) if (digitOf(character) < 0) return { ok: false, problem: 'BAD_CHARACTERS' };
  return { ok: true, code: formatReactivationCode(compact) };
}

export { KEY_ALPHABET as REACTIVATION_CODE_ALPHABET };
