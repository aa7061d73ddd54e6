// The characters a product key may contain, and the mapping between characters and digits.
// Keys are typed by hand from printed cards, so the alphabet leaves out every character that is
// easily misread as another (0/O, 1/I/L, 5/S) and all vowels (so no words can appear in a key).

export const KEY_ALPHABET = 'BCDFGHJKMPQRTVWXY2346789';

/** Number of distinct key characters; each character is one base-24 digit. */
export const KEY_RADIX = 24;

/** Characters in a key, without separators. */
export const KEY_LENGTH = 25;

/** Characters per group in the displayed form `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`. */
export const KEY_GROUP_LENGTH = 5;

// Indexed by UTF-16 code unit; every key character is ASCII, so 128 entries cover them all and a
// lookup never has to search the alphabet. This matters because the exhaustive check test
// parses hundreds of thousands of keys.
const DIGIT_BY_CODE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < KEY_ALPHABET.length; digit++) {
  DIGIT_BY_CODE[KEY_ALPHABET.charCodeAt(digit)] = digit;
}

/** The digit (0–23) of a single key character, or -1 when keys never contain it. */
export function digitOf(character: string): number {
  if (character.length !== 1) return -1;
  return DIGIT_BY_CODE[character.charCodeAt(0)] ?? -1;
}

/** The key character of a digit (0–23). */
export function characterOf(digit: number): string {
  const character = KEY_ALPHABET[digit];
  if (character === undefined) throw new RangeError(`not a key digit: ${digit}`);
  return character;
}
