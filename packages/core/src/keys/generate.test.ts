import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { characterOf, KEY_ALPHABET } from './alphabet.ts';
import { checkDigits, PAYLOAD_LENGTH } from './check.ts';
import { formatKey } from './format.ts';
import { generateKey, randomDigits } from './generate.ts';
import { parseKey } from './parse.ts';
import { replayRandom } from './testing.ts';

const FORMAT = new RegExp(`^[${KEY_ALPHABET}]{5}(-[${KEY_ALPHABET}]{5}){4}$`);

describe('generateKey', () => {
  it('makes 29-character formatted keys of alphabet characters that parse back unchanged', () => {
    for (let n = 0; n < 2000; n++) {
      const key = generateKey();
      assert.equal(key.length, 29);
      assert.match(key, FORMAT);
      assert.deepEqual(parseKey(key), { ok: true, key });
    }
  });

  it('uses crypto.getRandomValues by default: keys do not repeat', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateKey()));
    assert.equal(keys.size, 1000);
  });

  it('puts every alphabet character at every random position', () => {
    // 3000 keys: a given character is missing at a given position with probability
    // (23/24)^3000 ≈ 10^-56, so this cannot fail by chance, but it does fail for a generator
    // that never reaches some digits (e.g. a broken mapping).
    const seen = Array.from({ length: PAYLOAD_LENGTH }, () => new Set<string>());
    for (let n = 0; n < 3000; n++) {
      const compact = generateKey().replaceAll('-', '');
      for (let i = 0; i < PAYLOAD_LENGTH; i++) seen[i]?.add(compact[i] ?? '');
    }
    seen.forEach((characters, i) => assert.equal(characters.size, KEY_ALPHABET.length, `position ${i + 1}`));
  });

  it('takes its randomness from an injected source', () => {
    // Byte b < 240 becomes digit b % 24: 0 → B, 1 → C, 23 → 9, 24 → B, 239 → 9.
    const key = generateKey(replayRandom([0, 1, 23, 24, 239]));
    assert.equal(key.replaceAll('-', '').slice(0, PAYLOAD_LENGTH), 'BC9B9BC9B9BC9B9BC9B9BC');
    assert.equal(generateKey(replayRandom([0, 1, 23, 24, 239])), key);
    assert.equal(parseKey(key).ok, true);
  });

  it('makes the same key as randomDigits + checkDigits + formatKey from the same bytes', () => {
    // A seeded byte stream (xorshift) that also yields rejected bytes (240–255), read twice.
    const stream = (seed: number) => (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i++) {
        seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
        bytes[i] = seed & 0xff;
      }
    };
    for (let seed = 1; seed <= 500; seed++) {
      const payload = randomDigits(PAYLOAD_LENGTH, stream(seed));
      const reference = formatKey([...payload, ...checkDigits(payload)].map(characterOf).join(''));
      assert.equal(generateKey(stream(seed)), reference, `seed ${seed}`);
    }
  });
});

describe('randomDigits (rejection sampling)', () => {
  it('skips bytes 240–255 instead of folding them onto digits 0–15', () => {
    const digits = randomDigits(4, replayRandom([240, 5, 255, 250, 239, 241, 24, 0]));
    assert.deepEqual(digits, [5, 23, 0, 0]);
  });

  it('maps the 240 accepted byte values onto each digit exactly 10 times (no modulo bias)', () => {
    const bytes = Array.from({ length: 256 }, (_, b) => b);
    const counts = new Array<number>(24).fill(0);
    for (const digit of randomDigits(240, replayRandom(bytes))) counts[digit] = (counts[digit] ?? 0) + 1;
    assert.deepEqual(counts, new Array<number>(24).fill(10));
  });

  it('throws instead of hanging when the source yields only unusable bytes', () => {
    assert.throws(() => generateKey(replayRandom([255])), /random source/);
  });

  it('still works with a source that rejects most bytes', () => {
    const key = generateKey(replayRandom([250, 251, 252, 253, 254, 255, 7]));
    assert.equal(key.replaceAll('-', '').slice(0, PAYLOAD_LENGTH), 'K'.repeat(PAYLOAD_LENGTH));
  });
});
