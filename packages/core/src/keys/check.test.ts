// Proves, by brute force over real keys, the claims of the check scheme in check.ts: every
// single-character substitution and every swap of two different adjacent characters is
// rejected, at all 25 positions including the check characters.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_ALPHABET, KEY_LENGTH, KEY_RADIX } from './alphabet.ts';
import { CHECK_LENGTH, CHECK_MODULUS, checkDigits, isCheckValid, PAYLOAD_LENGTH, residue } from './check.ts';
import { generateKey } from './generate.ts';
import { parseKey } from './parse.ts';
import { seededRandom } from './testing.ts';

const KEYS = 1000;

function compactKeys(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => generateKey(random).replaceAll('-', ''));
}

function withCharacter(compact: string, index: number, character: string): string {
  return compact.slice(0, index) + character + compact.slice(index + 1);
}

function swapped(compact: string, i: number, j: number): string {
  const chars = [...compact];
  [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  return chars.join('');
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

describe('check scheme premises (what the proof in check.ts relies on)', () => {
  it('uses a prime modulus larger than 24, so it divides no digit difference, 23 or power of 24', () => {
    assert.ok(isPrime(CHECK_MODULUS));
    assert.ok(CHECK_MODULUS > KEY_RADIX);
  });

  it('can encode every residue in the check characters', () => {
    assert.ok(CHECK_MODULUS <= KEY_RADIX ** CHECK_LENGTH);
  });

  it('keeps at least 100 random bits', () => {
    assert.ok(PAYLOAD_LENGTH * Math.log2(KEY_RADIX) >= 100);
  });

  it('has 24^k ≠ 1 (mod P) for every distance k inside a key, so all transpositions are caught', () => {
    let power = 1;
    for (let k = 1; k < KEY_LENGTH; k++) {
      power = (power * KEY_RADIX) % CHECK_MODULUS;
      assert.notEqual(power, 1, `24^${k} ≡ 1`);
    }
  });
});

describe('check digits', () => {
  it('make the whole key divisible by the modulus; changing one breaks it', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 200; n++) {
      const payload = Array.from({ length: PAYLOAD_LENGTH }, () => {
        const byte = new Uint8Array(1);
        random(byte);
        return (byte[0] ?? 0) % KEY_RADIX;
      });
      const check = checkDigits(payload);
      assert.equal(residue([...payload, ...check]), 0);
      assert.ok(isCheckValid([...payload, ...check]));
      const wrong: [number, number, number] = [check[0], check[1], (check[2] + 1) % KEY_RADIX];
      assert.equal(isCheckValid([...payload, ...wrong]), false);
    }
  });

  it('rejects a payload of the wrong length', () => {
    assert.throws(() => checkDigits([1, 2, 3]), RangeError);
  });
});

describe('exhaustive error detection over 1,000 keys', () => {
  const keys = compactKeys(KEYS, 2024);

  it('uses distinct keys that are valid before they are altered', () => {
    // Without this the tests below would pass vacuously if parseKey rejected everything.
    assert.equal(new Set(keys).size, KEYS);
    for (const key of keys) assert.equal(parseKey(key).ok, true, key);
  });

  it('rejects every single-character substitution with CHECK_FAILED', () => {
    let tried = 0;
    for (const key of keys) {
      for (let index = 0; index < KEY_LENGTH; index++) {
        for (const character of KEY_ALPHABET) {
          if (character === key[index]) continue;
          const typo = withCharacter(key, index, character);
          const result = parseKey(typo);
          if (result.ok || result.code !== 'CHECK_FAILED') {
            assert.fail(`${key} → ${typo} (position ${index + 1}) gave ${JSON.stringify(result)}`);
          }
          tried++;
        }
      }
    }
    assert.equal(tried, KEYS * KEY_LENGTH * (KEY_ALPHABET.length - 1));
  });

  it('rejects every swap of two different adjacent characters with CHECK_FAILED', () => {
    let tried = 0;
    for (const key of keys) {
      for (let index = 0; index + 1 < KEY_LENGTH; index++) {
        if (key[index] === key[index + 1]) continue;
        const typo = swapped(key, index, index + 1);
        const result = parseKey(typo);
        if (result.ok || result.code !== 'CHECK_FAILED') {
          assert.fail(`${key} → ${typo} (positions ${index + 1}/${index + 2}) gave ${JSON.stringify(result)}`);
        }
        tried++;
      }
    }
    // Roughly 1 in 24 adjacent pairs are equal and cannot be swapped detectably by anyone.
    assert.ok(tried > KEYS * (KEY_LENGTH - 1) * 0.9, `only ${tried} swaps tried`);
  });

  it('rejects every swap of two different characters at any distance (200 keys)', () => {
    for (const key of keys.slice(0, 200)) {
      for (let i = 0; i < KEY_LENGTH; i++) {
        for (let j = i + 1; j < KEY_LENGTH; j++) {
          if (key[i] === key[j]) continue;
          const result = parseKey(swapped(key, i, j));
          if (result.ok || result.code !== 'CHECK_FAILED') {
            assert.fail(`${key}: swapping positions ${i + 1} and ${j + 1} gave ${JSON.stringify(result)}`);
          }
        }
      }
    }
  });
});
