// Identifiers: a readable prefix naming the kind of thing, then a 48-bit millisecond timestamp
// and 80 random bits in Crockford base32. They sort by creation time, which makes cursor
// pagination by id stable and indexes append-mostly.
import { randomBytes } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = 'org' | 'usr' | 'tok' | 'aud' | 'req';

export function newId(prefix: IdPrefix, now: Temporal.Instant): string {
  let time = now.epochMilliseconds;
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(10);
  let randomPart = '';
  // 80 bits → 16 characters of 5 bits each.
  let buffer = 0;
  let bits = 0;
  for (const byte of random) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      randomPart += CROCKFORD[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return `${prefix}_${timePart}${randomPart}`;
}
