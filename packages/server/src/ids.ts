// Identifiers: a readable prefix naming the kind of thing, then a 48-bit millisecond timestamp
// and 80 random bits in Crockford base32 (as ULID). They sort by creation time, which makes
// cursor pagination by id stable and indexes append-mostly. Within one millisecond (or when the
// clock is frozen, as in tests and simulations) the random part is incremented instead of
// redrawn, so ids made by one process still sort in the order they were made.
import { randomBytes } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BITS = 80n;
const RANDOM_LIMIT = 1n << RANDOM_BITS;

export type IdPrefix = 'org' | 'usr' | 'tok' | 'aud' | 'evt' | 'sub' | 'chg' | 'crt' | 'kbt' | 'pky' | 'prd' | 'pln' | 'dlv' | 'whe' | 'lic' | 'dev' | 'sim' | 'dlg'
  // repairs and the support desk
  | 'hwp' | 'rpr' | 'cas' | 'att' | 'rac'
  // billing
  | 'iss' | 'ord' | 'pay' | 'inv' | 'rfd';

let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = CROCKFORD[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

export function newId(prefix: IdPrefix, now: Temporal.Instant): string {
  let time = now.epochMilliseconds;
  if (time <= lastTime) {
    time = lastTime;
    lastRandom += 1n;
    // 2^80 ids in one millisecond will not happen; if it did, move to the next millisecond.
    if (lastRandom >= RANDOM_LIMIT) {
      time += 1;
      lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
    }
  } else {
    // The top bit stays clear so that increments have room before overflowing.
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
  }
  lastTime = time;
  return `${prefix}_${encode(BigInt(time), 10)}${encode(lastRandom, 16)}`;
}
