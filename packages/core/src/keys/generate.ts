// Key generation. Runs in browsers as well as Node, so randomness comes from the Web Crypto API
// (globalThis.crypto), never node:crypto.

import { KEY_ALPHABET, KEY_GROUP_LENGTH, KEY_RADIX } from './alphabet.ts';
import { checkDigits, PAYLOAD_LENGTH } from './check.ts';

/** Fills the array with random bytes, like `crypto.getRandomValues`. */
export type RandomSource = (bytes: Uint8Array) => void;

const cryptoRandom: RandomSource = (bytes) => {
  globalThis.crypto.getRandomValues(bytes);
};

// 240 is the largest multiple of 24 that fits in a byte. Bytes 0–239 hit each digit exactly ten
// times under `% 24`; bytes 240–255 would favour digits 0–15, so they are thrown away and
// redrawn (rejection sampling) and every digit stays exactly equally likely.
const ACCEPTED_BYTES = 256 - (256 % KEY_RADIX);

// One refill usually suffices: 32 bytes yield fewer than 22 digits only when more than 10 of
// them are rejected, each with probability 1/16.
const BATCH_BYTES = 32;

// A CSPRNG rejects a whole batch with probability 16^-32 = 2^-128, so hitting this limit means
// the source is broken (e.g. an injected one returning only 0xFF); fail instead of spinning.
const MAX_BATCHES = 64;

/** `count` uniformly distributed digits 0–23, drawn from `random` by rejection sampling. */
export function randomDigits(count: number, random: RandomSource): number[] {
  const digits: number[] = [];
  const bytes = new Uint8Array(BATCH_BYTES);
  for (let batch = 0; digits.length < count; batch++) {
    if (batch === MAX_BATCHES) {
      throw new Error('random source keeps returning unusable bytes; is it broken?');
    }
    random(bytes);
    for (const byte of bytes) {
      if (byte < ACCEPTED_BYTES) digits.push(byte % KEY_RADIX);
      if (digits.length === count) break;
    }
  }
  return digits;
}

/**
 * A new product key, `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`: 22 random characters (≈100.87 bits)
 * followed by 3 check characters. `random` defaults to `crypto.getRandomValues`; tests and
 * benchmarks may inject another source.
 *
 * Draws exactly as `randomDigits` does (same batches, same rejections, same digits) but writes
 * the characters straight into the formatted string: a 100,000-key batch calls this 100,000
 * times, and the intermediate arrays, `map`/`join` and `formatKey`'s slicing were most of its cost.
 */
export function generateKey(random: RandomSource = cryptoRandom): string {
  const bytes = new Uint8Array(BATCH_BYTES);
  const payload = new Array<number>(PAYLOAD_LENGTH);
  let count = 0;
  let key = '';
  for (let batch = 0; count < PAYLOAD_LENGTH; batch++) {
    if (batch === MAX_BATCHES) {
      throw new Error('random source keeps returning unusable bytes; is it broken?');
    }
    random(bytes);
    for (let i = 0; i < BATCH_BYTES && count < PAYLOAD_LENGTH; i++) {
      const byte = bytes[i]!;
      if (byte >= ACCEPTED_BYTES) continue;
      const digit = byte % KEY_RADIX;
      payload[count] = digit;
      if (count > 0 && count % KEY_GROUP_LENGTH === 0) key += '-';
      key += KEY_ALPHABET[digit];
      count++;
    }
  }
  for (const digit of checkDigits(payload)) {
    if (count % KEY_GROUP_LENGTH === 0) key += '-';
    key += KEY_ALPHABET[digit];
    count++;
  }
  return key;
}
