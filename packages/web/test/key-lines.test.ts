// The portal's offline key check: splitting what was typed or pasted into keys, and saying
// exactly where a wrong character sits on the card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKey } from '@licentia/core/keys';
import { cardPosition, checkKeyLines, groupedCharacters, wellFormedKeys } from '../src/keys/key-lines.ts';

const a = generateKey();
const b = generateKey();

test('keys are split by line breaks, commas and semicolons, full-width ones too; blank lines are ignored', () => {
  const lines = checkKeyLines(`${a}\n\n  ${b.toLowerCase()} ，${a.replaceAll('-', ' ')}；`);
  assert.deepEqual(lines.map((l) => l.result), [{ ok: true, key: a }, { ok: true, key: b }, { ok: true, key: a }]);
  assert.deepEqual(wellFormedKeys(lines), [a, b], 'each key once, in order');
});

test('full-width input from a Japanese IME is the same key', () => {
  const fullWidth = a.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replaceAll('-', 'ー');
  assert.deepEqual(checkKeyLines(fullWidth)[0]!.result, { ok: true, key: a });
});

test('keys pasted without a separator between them are split into keys', () => {
  const lines = checkKeyLines(a.replaceAll('-', '') + b.replaceAll('-', ''));
  assert.deepEqual(lines.map((l) => l.result), [{ ok: true, key: a }, { ok: true, key: b }]);
});

test('a character keys never contain is named with its place on the card', () => {
  // Position 8 is group 2, place 3.
  const compact = a.replaceAll('-', '');
  const typo = compact.slice(0, 7) + 'O' + compact.slice(8);
  const [line] = checkKeyLines(typo);
  assert.deepEqual(line!.result, { ok: false, code: 'BAD_CHARACTERS', positions: [8], characters: ['O'] });
  assert.deepEqual(cardPosition(8), { group: 2, place: 3 });
  assert.deepEqual(cardPosition(25), { group: 5, place: 5 });
  assert.deepEqual(cardPosition(1), { group: 1, place: 1 });
  const groups = groupedCharacters(line!);
  assert.equal(groups.length, 5);
  assert.deepEqual(groups[1]!.map((c) => c.bad), [false, false, true, false, false]);
  assert.equal(groups[1]![2]!.character, 'O');
});

test('a wrong length and a failed check are told apart; neither is sent', () => {
  const short = checkKeyLines(a.slice(0, -1))[0]!;
  assert.deepEqual(short.result, { ok: false, code: 'WRONG_LENGTH', length: 24, expected: 25 });
  // Two adjacent characters swapped: well-formed, but the check fails.
  const compact = a.replaceAll('-', '');
  const i = [...compact].findIndex((c, k) => k < 24 && c !== compact[k + 1]);
  const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2);
  const line = checkKeyLines(swapped)[0]!;
  assert.deepEqual(line.result, { ok: false, code: 'CHECK_FAILED' });
  assert.deepEqual(wellFormedKeys([short, line]), []);
});
