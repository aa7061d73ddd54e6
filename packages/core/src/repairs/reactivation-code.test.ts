import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_ALPHABET } from '../keys/alphabet.ts';
import { generateReactivationCode, parseReactivationCode, REACTIVATION_CODE_LENGTH } from './reactivation-code.ts';

describe('reactivation codes', () => {
  it('16 characters of the key alphabet in four groups: over 70 bits', () => {
    const code = generateReactivationCode();
    assert.match(code, new RegExp(`^[${KEY_ALPHABET}]{4}(-[${KEY_ALPHABET}]{4}){3}$`));
    assert.ok(REACTIVATION_CODE_LENGTH * Math.log2(KEY_ALPHABET.length) > 70);
  });

  it('uses every character of the alphabet, and two codes differ', () => {
    const seen = new Set<string>();
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = generateReactivationCode();
      codes.add(code);
      for (const c of code.replaceAll('-', '')) seen.add(c);
    }
    assert.equal(codes.size, 200);
    assert.equal(seen.size, KEY_ALPHABET.length);
  });

  it('parses what people type: lower case, full width, any dashes or none', () => {
    const code = generateReactivationCode();
    const compact = code.replaceAll('-', '');
    const fullWidth = [...compact.toLowerCase()].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    for (const typed of [code, compact, compact.toLowerCase(), ` ${code.replaceAll('-', ' ー ')} `, fullWidth]) assert.deepEqual(parseReactivationCode(typed), { ok: true, code });
  });

  it('says what is wrong otherwise', () => {
    assert.deepEqual(parseReactivationCode('BCDF-GHJK-MPQR'), { ok: false, problem: 'WRONG_LENGTH' });
    assert.deepEqual(parseReactivationCode('BCDF-GHJK-MPQR-TVW0'), { ok: false, problem: 'BAD_CHARACTERS' });
  });
});
