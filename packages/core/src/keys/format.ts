// The displayed form of a key and the part of it kept for display after the plaintext is gone.

import { KEY_GROUP_LENGTH, KEY_LENGTH } from './alphabet.ts';

/** Formats 25 key characters as `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`. */
export function formatKey(compact25: string): string {
  // A wrong length here is a programming error (user input goes through parseKey), so throw
  // rather than silently produce something that looks like a key.
  if (compact25.length !== KEY_LENGTH) {
    throw new RangeError(`a key has ${KEY_LENGTH} characters, got ${compact25.length}`);
  }
  const groups: string[] = [];
  for (let start = 0; start < KEY_LENGTH; start += KEY_GROUP_LENGTH) {
    groups.push(compact25.slice(start, start + KEY_GROUP_LENGTH));
  }
  return groups.join('-');
}

/**
 * The last 5 characters of a canonical key (formatted or compact), which is all that is stored
 * besides the keyed hash, so staff and customers can tell keys apart.
 */
export function keyLast5(key: string): string {
  const compact = key.replaceAll('-', '');
  if (compact.length !== KEY_LENGTH) {
    throw new RangeError(`a key has ${KEY_LENGTH} characters, got ${compact.length}`);
  }
  return compact.slice(KEY_LENGTH - 5);
}
