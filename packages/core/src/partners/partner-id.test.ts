// Partner IDs: the format, the input normalization, and, exhaustively over many IDs, that every
// single-digit substitution and every swap of two adjacent different digits is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../keys/testing.ts';
import { dammDigit, formatPartnerId, generatePartnerId, PARTNER_ID_LENGTH, parsePartnerId } from './partner-id.ts';

const random = seededRandom(8);
const IDS = Array.from({ length: 2000 }, () => generatePartnerId(random));

describe('generatePartnerId', () => {
  it('makes 10 digits, never starting with 0, that pass their own check', () => {
    for (const id of IDS) {
      assert.match(id, /^[1-9][0-9]{9}$/);
      assert.equal(dammDigit(id), 0);
      assert.deepEqual(parsePartnerId(id), { ok: true, compact: id, formatted: formatPartnerId(id) });
    }
  });

  it('spreads its digits: every digit appears at every random position', () => {
    for (let position = 1; position < PARTNER_ID_LENGTH - 1; position++) {
      const seen = new Set(IDS.map((id) => id[position]));
      assert.equal(seen.size, 10, `position ${position}`);
    }
  });

  it('draws from the platform CSPRNG by default', () => {
    const ids = new Set(Array.from({ length: 50 }, () => generatePartnerId()));
    assert.equal(ids.size, 50);
  });
});

describe('parsePartnerId', () => {
  it('accepts any grouping, full-width digits and IME dashes', () => {
    const id = IDS[0]!;
    const fullWidth = [...formatPartnerId(id)].map((c) => (c === '-' ? 'ー' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    for (const typed of [id, formatPartnerId(id), ` ${id.slice(0, 5)} ${id.slice(5)} `, fullWidth, id.replace(/(\d{3})/g, '$1－')]) {
      assert.deepEqual(parsePartnerId(typed), { ok: true, compact: id, formatted: formatPartnerId(id) }, typed);
    }
    assert.equal(formatPartnerId('1234567890'), '1234-5678-90');
  });

  it('says what is wrong, in order: length, then characters, then the check', () => {
    assert.deepEqual(parsePartnerId('12345'), { ok: false, problem: 'WRONG_LENGTH', length: 5 });
    assert.deepEqual(parsePartnerId('12345678901'), { ok: false, problem: 'WRONG_LENGTH', length: 11 });
    assert.deepEqual(parsePartnerId('12345O7890'), { ok: false, problem: 'NOT_DIGITS', length: 10 });
    const id = IDS[1]!;
    const wrong = `${id.slice(0, 9)}${(Number(id[9]) + 1) % 10}`;
    assert.deepEqual(parsePartnerId(wrong), { ok: false, problem: 'CHECK_FAILED', length: 10 });
    // A leading 0 never starts an ID, even where the check alone would pass (Damm ignores it).
    const shifted = `0${id.slice(0, 8)}${dammDigit(id.slice(0, 8))}`;
    assert.equal(dammDigit(shifted), 0);
    assert.equal(parsePartnerId(shifted).ok, false);
  });

  it('refuses every single-digit substitution at every position of every ID', () => {
    for (const id of IDS) {
      for (let position = 0; position < PARTNER_ID_LENGTH; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === id[position]) continue;
          const typo = id.slice(0, position) + digit + id.slice(position + 1);
          assert.equal(parsePartnerId(typo).ok, false, `${id} → ${typo}`);
        }
      }
    }
  });

  it('refuses every swap of two adjacent different digits of every ID', () => {
    for (const id of IDS) {
      for (let position = 0; position < PARTNER_ID_LENGTH - 1; position++) {
        if (id[position] === id[position + 1]) continue;
        const typo = id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
        assert.equal(parsePartnerId(typo).ok, false, `${id} → ${typo}`);
      }
    }
  });
});
