// Identifiers: a readable prefix naming the kind of thing, then a 48-bit millisecond timestamp
// and 80 random bits in Crockford base32 (as ULID). They sort by creation time, which makes
// cursor pagination by id stable and indexes append-mostly. Within one millisecond (or when the
// clock is frozen, as in tests and simulations) the random part is incremented instead of
// redrawn, so ids made by one process still sort in the order they were made.
//
// The 80 random bits are kept as two 40-bit halves in plain numbers (exact below 2^53), each
// encoded as 8 base32 characters: a key batch makes 100,000 ids in one go, and BigInt
// arithmetic made them about a tenth of its time (docs/performance.md, "Key batches").
import { randomBytes } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HALF = 2 ** 40;

export type IdPrefix = 'org' | 'usr' | 'tok' | 'aud' | 'evt' | 'sub' | 'chg' | 'crt' | 'kbt' | 'pky' | 'prd' | 'pln' | 'dlv' | 'whe' | 'lic' | 'dev' | 'sim' | 'dlg'
  // repairs and the support desk
  | 'hwp' | 'rpr' | 'cas' | 'att' | 'rac'
  // billing
  | 'iss' | 'ord' | 'pay' | 'inv' | 'rfd';

let lastTime = -1;
let encodedTime = '';
let high = 0;
let low = 0;

/** `length` base32 characters of a non-negative integer below 2^53, most significant first. */
export function encodeCrockford(value: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = CROCKFORD[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return text;
}

function drawRandom(): void {
  const bytes = randomBytes(10);
  // The top bit stays clear so that increments have room before overflowing.
  high = Math.floor(bytes.readUIntBE(0, 5) / 2);
  low = bytes.readUIntBE(5, 5);
}

export function newId(prefix: IdPrefix, now: Temporal.Instant): string {
  let time = now.epochMilliseconds;
  if (time <= lastTime) {
    time = lastTime;
    low += 1;
    if (low === HALF) {
      low = 0;
      high += 1;
      // 2^80 ids in one millisecond will not happen; if it did, move to the next millisecond.
      if (high === HALF) {
        time += 1;
        drawRandom();
      }
    }
  } else {
    drawRandom();
  }
  if (time !== lastTime || encodedTime === '') encodedTime = encodeCrockford(time, 10);
  lastTime = time;
  return `${prefix}_${encodedTime}${encodeCrockford(high, 8)}${encodeCrockford(low, 8)}`;
}
