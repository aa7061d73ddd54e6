import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KEY_ALPHABET } from './alphabet.ts';
import { formatKey, keyLast5 } from './format.ts';
import { generateKey } from './generate.ts';
import { parseKey } from './parse.ts';
import { replayRandom, seededRandom } from './testing.ts';

const VALID = generateKey(seededRandom(99));
const COMPACT = VALID.replaceAll('-', '');

/** A generated key, driven by fast-check so failures shrink and replay. */
const keyArbitrary = fc
  .uint8Array({ minLength: 64, maxLength: 64 })
  .map((bytes) => generateKey(replayRandom([...bytes, 0])));

const SEPARATORS = ['-', ' ', '  ', '\t', 'ー', 'ｰ', '－', '—', '–', '\u3000', ' - ', ''];

function toFullWidth(text: string): string {
  return [...text].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');
}

describe('parseKey accepts the ways people type a valid key', () => {
  it('returns the canonical key for the canonical key', () => {
    assert.deepEqual(parseKey(VALID), { ok: true, key: VALID });
    assert.deepEqual(parseKey(COMPACT), { ok: true, key: VALID });
  });

  it('accepts full-width, lower-case, any separator and no separator (property)', () => {
    fc.assert(
      fc.property(
        keyArbitrary,
        fc.constantFrom(...SEPARATORS),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', ' ', '\n', '\u3000'),
        (key, separator, fullWidth, lowerCase, padding) => {
          let typed = key.split('-').join(separator);
          if (lowerCase) typed = typed.toLowerCase();
          if (fullWidth) typed = toFullWidth(typed);
          assert.deepEqual(parseKey(padding + typed + padding), { ok: true, key });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts separators in any places, not just between groups', () => {
    fc.assert(
      fc.property(keyArbitrary, fc.array(fc.constantFrom(...SEPARATORS), { minLength: 25, maxLength: 25 }), (key, seps) => {
        const typed = [...key.replaceAll('-', '')].map((c, i) => c + (seps[i] ?? '')).join('');
        assert.deepEqual(parseKey(typed), { ok: true, key });
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseKey WRONG_LENGTH', () => {
  it('reports the normalized length of short and long input', () => {
    const expected = (length: number) => ({ ok: false, code: 'WRONG_LENGTH', length, expected: 25 });
    assert.deepEqual(parseKey(''), expected(0));
    assert.deepEqual(parseKey(' - - '), expected(0));
    assert.deepEqual(parseKey(COMPACT.slice(0, 24)), expected(24));
    assert.deepEqual(parseKey(VALID.slice(0, -1)), expected(24));
    assert.deepEqual(parseKey(`${VALID}B`), expected(26));
    assert.deepEqual(parseKey(`${VALID}-${VALID}`), expected(50));
  });

  it('counts an astral character (emoji) as one position', () => {
    assert.deepEqual(parseKey(`${COMPACT.slice(0, 24)}😀`), {
      ok: false,
      code: 'BAD_CHARACTERS',
      positions: [25],
      characters: ['😀'],
    });
  });

  it('comes before bad characters, since a missing character shifts every position after it', () => {
    const result = parseKey(`O${COMPACT.slice(2)}`);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'WRONG_LENGTH');
  });
});

describe('parseKey BAD_CHARACTERS', () => {
  const excluded = ['0', 'O', '1', 'I', 'L', '5', 'S', 'A', 'E', 'U', 'N', 'Z', '.', '_', '/', '+', '*', '#', 'É', 'Ü'];

  it('is reported for every character the alphabet lacks, at its exact 1-based position', () => {
    for (const bad of excluded) {
      for (const index of [0, 6, 12, 24]) {
        const typed = COMPACT.slice(0, index) + bad + COMPACT.slice(index + 1);
        assert.deepEqual(
          parseKey(typed),
          { ok: false, code: 'BAD_CHARACTERS', positions: [index + 1], characters: [bad] },
          `${bad} at ${index + 1}`,
        );
      }
    }
  });

  it('covers exactly the printable ASCII characters outside the alphabet', () => {
    for (let code = 0x21; code <= 0x7e; code++) {
      const c = String.fromCharCode(code);
      if (c === '-') continue;
      const result = parseKey(c + COMPACT.slice(1));
      const upper = c.toUpperCase();
      if (KEY_ALPHABET.includes(upper)) assert.notEqual(!result.ok && result.code, 'BAD_CHARACTERS', c);
      else assert.deepEqual(result, { ok: false, code: 'BAD_CHARACTERS', positions: [1], characters: [upper] }, c);
    }
  });

  it('lists every bad position, counted after separators are removed, with upper-cased characters', () => {
    // Group 2 starts at normalized position 6; the dashes do not count.
    const typed = `o${VALID.slice(1, 6)}0${VALID.slice(7, 20)}ｓ${VALID.slice(21)}`;
    assert.deepEqual(parseKey(typed), {
      ok: false,
      code: 'BAD_CHARACTERS',
      positions: [1, 6, 18],
      characters: ['O', '0', 'S'],
    });
  });

  it('comes before the check', () => {
    const result = parseKey(`O${COMPACT.slice(1)}`);
    assert.equal(!result.ok && result.code, 'BAD_CHARACTERS');
  });
});

describe('parseKey CHECK_FAILED', () => {
  it('is reported for a well-formed key with a typo', () => {
    const typo = (COMPACT[0] === 'B' ? 'C' : 'B') + COMPACT.slice(1);
    assert.deepEqual(parseKey(typo), { ok: false, code: 'CHECK_FAILED' });
    assert.deepEqual(parseKey(formatKey(typo).toLowerCase()), { ok: false, code: 'CHECK_FAILED' });
  });
});

describe('formatKey and keyLast5', () => {
  it('formats 25 characters as five dash-separated groups', () => {
    assert.equal(formatKey('BCDFGHJKMPQRTVWXY23467892'), 'BCDFG-HJKMP-QRTVW-XY234-67892');
    assert.equal(formatKey(COMPACT), VALID);
  });

  it('refuses anything but 25 characters', () => {
    assert.throws(() => formatKey(COMPACT.slice(1)), RangeError);
    assert.throws(() => formatKey(VALID), RangeError);
  });

  it('gives the last 5 characters of a formatted or compact key', () => {
    assert.equal(keyLast5('BCDFG-HJKMP-QRTVW-XY234-67892'), '67892');
    assert.equal(keyLast5(COMPACT), VALID.slice(-5));
    assert.throws(() => keyLast5('BCDFG'), RangeError);
  });
});
