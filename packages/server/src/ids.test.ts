import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { newId } from './ids.ts';

test('ids are prefixed, 26 base32 characters, and sort in creation order even within one millisecond', () => {
  const frozen = Temporal.Instant.from('2026-11-21T00:00:00Z');
  const ids = Array.from({ length: 1000 }, () => newId('org', frozen));
  for (const id of ids) assert.match(id, /^org_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

test('a later instant sorts after, and a clock going backwards does not break the order', () => {
  const a = newId('usr', Temporal.Instant.from('2026-11-21T00:00:01Z'));
  const b = newId('usr', Temporal.Instant.from('2026-11-21T00:00:02Z'));
  const c = newId('usr', Temporal.Instant.from('2026-11-20T00:00:00Z'));
  assert.ok(a < b && b < c, `${a} < ${b} < ${c}`);
});

test('within one millisecond the 80-bit random part counts up by exactly one', () => {
  const frozen = Temporal.Instant.from('2026-11-21T00:00:03Z');
  const decode = (id: string) => [...id.slice(14)].reduce((value, c) => value * 32n + BigInt('0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c)), 0n);
  let previous = decode(newId('pky', frozen));
  for (let i = 0; i < 300; i++) {
    const next = decode(newId('pky', frozen));
    assert.equal(next - previous, 1n);
    previous = next;
  }
  // The top bit is drawn clear, so counting up has room.
  assert.ok(previous < 1n << 79n);
});
