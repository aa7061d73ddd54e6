import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeKeyInput } from './normalize.ts';

describe('normalizeKeyInput', () => {
  it('turns full-width characters from Japanese IMEs into ASCII', () => {
    assert.equal(normalizeKeyInput('ＡＢＣ－１２'), 'ABC12');
    assert.equal(normalizeKeyInput('ＢＣＤＦＧ\u3000ＨＪＫＭＰ'), 'BCDFGHJKMP');
  });

  it('upper-cases', () => {
    assert.equal(normalizeKeyInput('bcdfg-hjkmp'), 'BCDFGHJKMP');
    assert.equal(normalizeKeyInput('ｂｃｄ'), 'BCD');
  });

  it('drops every dash-like character', () => {
    const dashes = ['-', '‐', '‑', '‒', '–', '—', '―', '－', 'ー', 'ｰ', '﹣', '−', '⸺', '\u00AD'];
    for (const dash of dashes) {
      assert.equal(normalizeKeyInput(`B${dash}C${dash}${dash}D`), 'BCD', `U+${dash.codePointAt(0)?.toString(16)}`);
    }
  });

  it('drops white space of every kind and invisible characters', () => {
    const spaces = [' ', '\t', '\n', '\r\n', '\u00A0', '\u2009', '\u3000', '\uFEFF', '\u200B', '\u2060'];
    for (const space of spaces) {
      assert.equal(normalizeKeyInput(`${space}B${space}C${space}`), 'BC', JSON.stringify(space));
    }
  });

  it('keeps characters that are not separators, even ones keys never contain', () => {
    // Dropping these would hide a misread character and turn a precise hint into "wrong length".
    assert.equal(normalizeKeyInput('o0.i1_l5/s+é'), 'O0.I1_L5/S+É');
  });
});
