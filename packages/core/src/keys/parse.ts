// Checking what a person entered, offline (client, portal) as well as on the server. The result
// says precisely what is wrong so a UI can guide the user; wording is left to the caller, which
// localizes the codes.

import { digitOf, KEY_LENGTH } from './alphabet.ts';
import { isCheckValid } from './check.ts';
import { formatKey } from './format.ts';
import { normalizeKeyInput } from './normalize.ts';

export type KeyProblemCode = 'WRONG_LENGTH' | 'BAD_CHARACTERS' | 'CHECK_FAILED';

export type KeyProblem =
  /** After normalization the input has `length` characters instead of `expected` (25). */
  | { readonly ok: false; readonly code: 'WRONG_LENGTH'; readonly length: number; readonly expected: number }
  /**
   * Characters keys never contain. `positions` are 1-based positions in the normalized input
   * (separators removed), `characters[i]` is the character at `positions[i]`; the UI should ask
   * the user to compare those positions with the card.
   */
  | {
      readonly ok: false;
      readonly code: 'BAD_CHARACTERS';
      readonly positions: readonly number[];
      readonly characters: readonly string[];
    }
  /** Well-formed but the check does not hold: almost certainly a typo. */
  | { readonly ok: false; readonly code: 'CHECK_FAILED' };

/** `key` is the canonical form `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, the one to hash and look up. */
export type ParseKeyResult = { readonly ok: true; readonly key: string } | KeyProblem;

/**
 * Normalizes and checks key input. Problems are reported in this order, each only when the
 * previous one is absent: wrong length, bad characters, failed check. Length comes first because
 * a missing or extra character shifts every later position, which would make position-based
 * hints misleading.
 */
export function parseKey(input: string): ParseKeyResult {
  // Split by code point, not UTF-16 unit, so an emoji or other astral character counts as one
  // position, as the user sees it.
  const characters = Array.from(normalizeKeyInput(input));
  if (characters.length !== KEY_LENGTH) {
    return { ok: false, code: 'WRONG_LENGTH', length: characters.length, expected: KEY_LENGTH };
  }

  const digits: number[] = [];
  const badPositions: number[] = [];
  const badCharacters: string[] = [];
  characters.forEach((character, index) => {
    const digit = digitOf(character);
    if (digit < 0) {
      badPositions.push(index + 1);
      badCharacters.push(character);
    }
    digits.push(digit);
  });
  if (badPositions.length > 0) {
    return { ok: false, code: 'BAD_CHARACTERS', positions: badPositions, characters: badCharacters };
  }

  if (!isCheckValid(digits)) return { ok: false, code: 'CHECK_FAILED' };
  return { ok: true, key: formatKey(characters.join('')) };
}
